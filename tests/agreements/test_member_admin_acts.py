"""Two acts on the People page: the portal administrator deactivates a person's account (they
are signed out and cannot sign in again; a fund keeps an active finance officer), and a
fund's administrator withdraws an invitation not yet accepted (its link no longer works)."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from accounts.actions import deactivate_user
from accounts.models import User
from agreements.actions import grant_membership, invite_member, withdraw_invitation
from agreements.models import Agreement, Invitation, Membership
from api.tokens import create_api_token
from notifications.models import OutboxMessage
from tests.conftest import PASSWORD

Role = Membership.Role
MEMBERS = "/funds/int-14-x46-a/members/"


def signed_in(username: str) -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"username": username,
                                            "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def portal_admin(make_user):
    return make_user("admin", superuser=True)


@pytest.fixture
def other_fund_admin(seed, make_user):
    other = Agreement.objects.create(slug="other-fund", reference="OTHER/1", title="Other",
                                     signed_on=seed.signed_on)
    user = make_user("stranger")
    grant_membership(agreement=other, user=user, role=Role.DESA_FINANCE, administers=True,
                     acting_user=None)
    return user


def deactivate_url(user: User) -> str:
    return f"{MEMBERS}{Membership.objects.get(user=user).pk}/deactivate/"


@pytest.mark.django_db
def test_a_deactivated_officer_is_signed_out_and_cannot_sign_in(seed, make_user, portal_admin,
                                                                fund_admin):
    government = make_user("government", agreement=seed, role=Role.GOVERNMENT)
    _token, secret = create_api_token(owner=government, days=30, acting_user=government)
    their_browser = signed_in("government")
    admin_browser = signed_in("admin")
    assert "Deactivate the account" in admin_browser.get(MEMBERS).content.decode()
    response = admin_browser.post(deactivate_url(government), follow=True)
    page = response.content.decode()
    assert "can no longer sign in" in page and "deactivated" in page
    assert their_browser.get("/funds/int-14-x46-a/").status_code == 302
    refused = Client().post("/accounts/login/", {"username": "government",
                                                 "password": PASSWORD})
    assert refused.status_code == 200 and "_auth_user_id" not in refused.wsgi_request.session
    by_token = Client().get("/api/v1/funds/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert by_token.status_code == 401
    government.refresh_from_db()
    assert not government.is_active
    # The token is revoked, not merely refused: reactivating the account does not revive it.
    User.objects.filter(pk=government.pk).update(is_active=True)
    again = Client().get("/api/v1/funds/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert again.status_code == 401
    User.objects.filter(pk=government.pk).update(is_active=False)
    latest = government.history.first()
    assert (latest.is_active, latest.history_user, latest.history_change_reason) == (
        False, portal_admin, "deactivated")
    # Their role stays on the record; the button does not show for them any more.
    assert Membership.objects.filter(user=government).exists()
    assert deactivate_url(government) not in admin_browser.get(MEMBERS).content.decode()


@pytest.mark.django_db
def test_a_funds_administrator_who_is_not_a_superuser_cannot_deactivate(seed, make_user,
                                                                       fund_admin,
                                                                       other_fund_admin):
    government = make_user("government", agreement=seed, role=Role.GOVERNMENT)
    browser = signed_in("finance1")
    assert "Deactivate the account" not in browser.get(MEMBERS).content.decode()
    assert browser.post(deactivate_url(government)).status_code == 403
    assert signed_in("stranger").post(deactivate_url(government)).status_code == 404
    with pytest.raises(PermissionDenied):
        deactivate_user(user=government, acting_user=fund_admin)
    government.refresh_from_db()
    assert government.is_active and government.history.count() == 1
    assert signed_in("government").get("/funds/int-14-x46-a/").status_code == 200


@pytest.mark.django_db
def test_the_last_active_finance_officer_and_oneself_are_not_deactivated(seed, make_user,
                                                                         portal_admin):
    finance = make_user("finance2", agreement=seed, role=Role.DESA_FINANCE)
    browser = signed_in("admin")
    response = browser.post(deactivate_url(finance), follow=True)
    assert "finance2 is the only active DESA finance officer of INT/14/X46/A; give the fund " \
        "another before deactivating this account." in response.content.decode()
    finance.refresh_from_db()
    assert finance.is_active and finance.history.count() == 1
    with pytest.raises(ValidationError, match="your own account"):
        deactivate_user(user=portal_admin, acting_user=portal_admin)
    # With a second finance officer, the first may go; then the second is the last.
    second = make_user("finance3", agreement=seed, role=Role.DESA_FINANCE)
    assert browser.post(deactivate_url(finance)).status_code == 302
    finance.refresh_from_db()
    assert not finance.is_active
    with pytest.raises(ValidationError, match="only active DESA finance officer"):
        deactivate_user(user=second, acting_user=portal_admin)


@pytest.mark.django_db
def test_deactivating_is_posted_only(seed, make_user, portal_admin):
    government = make_user("government", agreement=seed, role=Role.GOVERNMENT)
    assert signed_in("admin").get(deactivate_url(government)).status_code == 405
    government.refresh_from_db()
    assert government.is_active


def _invite(seed, fund_admin, email: str = "aigerim@gov.kz") -> tuple[Invitation, str]:
    invitation = invite_member(agreement=seed, email=email, role=Role.GOVERNMENT,
                               language="en", acting_user=fund_admin)
    body = OutboxMessage.objects.get(topic=f"invitation:{invitation.pk}").body
    return invitation, re.search(r"(/invitations/\S+/)", body).group(1)


def withdraw_url(invitation: Invitation, slug: str = "int-14-x46-a") -> str:
    return f"/funds/{slug}/members/invitations/{invitation.pk}/withdraw/"


@pytest.mark.django_db
def test_a_withdrawn_invitations_link_is_no_longer_valid(seed, fund_admin):
    invitation, link = _invite(seed, fund_admin)
    other, _other_link = _invite(seed, fund_admin, email="dana@gov.kz")
    browser = signed_in("finance1")
    assert "Withdraw" in browser.get(MEMBERS).content.decode()
    response = browser.post(withdraw_url(invitation), follow=True)
    page = response.content.decode()
    assert "The invitation to aigerim@gov.kz is withdrawn" in page
    assert "aigerim@gov.kz: " not in page and "dana@gov.kz: " in page  # no longer pending
    refused = Client().get(link)
    assert refused.status_code == 404 and "no longer valid" in refused.content.decode()
    accept = Client().post(link, {"username": "aigerim", "display_name": "A",
                                  "password": "Steppe wind over Astana 2014",
                                  "password_again": "Steppe wind over Astana 2014"})
    assert accept.status_code == 404 and not User.objects.filter(username="aigerim").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None and invitation.withdrawn_at is not None
    latest = invitation.history.first()
    assert (latest.history_user, latest.history_change_reason) == (fund_admin, "withdrawn")
    other.refresh_from_db()
    assert other.withdrawn_at is None  # nothing else changed
    assert Membership.objects.filter(agreement=seed).count() == 1
    # Withdrawn twice is refused; the address may be invited again.
    again = browser.post(withdraw_url(invitation), follow=True)
    assert "This invitation was withdrawn already." in again.content.decode()
    _invite(seed, fund_admin)
    assert Invitation.objects.filter(email="aigerim@gov.kz").count() == 2


@pytest.mark.django_db
def test_another_funds_administrator_cannot_withdraw(seed, fund_admin, other_fund_admin):
    invitation, link = _invite(seed, fund_admin)
    stranger = signed_in("stranger")
    assert stranger.post(withdraw_url(invitation)).status_code == 404
    assert stranger.post(withdraw_url(invitation, "other-fund")).status_code == 404
    with pytest.raises(PermissionDenied):
        withdraw_invitation(invitation=invitation, acting_user=other_fund_admin)
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None and invitation.history.count() == 1
    assert Client().get(link).status_code == 200


@pytest.mark.django_db
def test_withdrawing_is_posted_only_and_for_the_funds_administrators(seed, make_user,
                                                                     fund_admin):
    invitation, _link = _invite(seed, fund_admin)
    browser = signed_in("finance1")
    assert browser.get(withdraw_url(invitation)).status_code == 405
    make_user("programme1", agreement=seed, role=Role.DESA_PROGRAMME)
    assert signed_in("programme1").post(withdraw_url(invitation)).status_code == 403
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None


@pytest.mark.django_db
def test_an_accepted_invitation_is_not_withdrawn(seed, fund_admin):
    invitation, link = _invite(seed, fund_admin)
    Client().post(link, {"username": "aigerim", "display_name": "A",
                         "password": "Steppe wind over Astana 2014",
                         "password_again": "Steppe wind over Astana 2014"})
    with pytest.raises(ValidationError, match="has accepted this invitation already"):
        withdraw_invitation(invitation=invitation, acting_user=fund_admin)
