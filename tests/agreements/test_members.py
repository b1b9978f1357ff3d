"""The people of a fund without the Django admin: its administrator invites someone by mail
(a real SMTP server and worker), the invited person chooses a password and signs in with
the role; roles change and members leave, but a fund always keeps a finance officer."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from accounts.models import User
from agreements.actions import change_member_role, grant_membership, invite_member
from agreements.models import Agreement, Invitation, Membership
from tests.mail_server import MailServer, text_of
from tests.worker import run_queued_tasks

Role = Membership.Role
MEMBERS = "/funds/int-14-x46-a/members/"
NEW_PASSWORD = "Steppe wind over Astana 2014"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def invite(client: Client, email: str = "aigerim@gov.kz", role: str = Role.GOVERNMENT,
           language: str = "ru"):
    return client.post(f"{MEMBERS}invite/", {"email": email, "role": role,
                                             "language": language})


@pytest.mark.django_db(transaction=True)
def test_an_invited_officer_chooses_a_password_and_signs_in_with_the_role(seed,
                                                                         administrator):
    assert invite(signed_in(administrator)).status_code == 302
    with MailServer() as server:
        run_queued_tasks(EMAIL_URL=server.url)
    [mail] = server.mailbox.to("aigerim@gov.kz")
    assert mail["Content-Language"] == "ru"  # the language the administrator chose
    link = re.search(r"https://localhost(/invitations/\S+/)", text_of(mail)).group(1)
    visitor = Client()
    page = visitor.get(link)
    assert page.status_code == 200 and "INT/14/X46/A" in page.content.decode()
    response = visitor.post(link, {"username": "aigerim", "display_name": "Aigerim S.",
                                   "password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    user = User.objects.get(username="aigerim")
    assert (user.email, user.preferred_language) == ("aigerim@gov.kz", "ru")
    assert Membership.objects.get(user=user, agreement=seed).role == Role.GOVERNMENT
    signed = Client().post("/accounts/login/", {"username": "aigerim",
                                                "password": NEW_PASSWORD})
    assert signed.status_code == 302
    # The link worked once.
    again = Client().get(link)
    assert again.status_code == 404 and "already used" in again.content.decode()
    # Once sent, the outbox keeps no copy of the link.
    from notifications.models import OutboxMessage

    kept = OutboxMessage.objects.get(event="invitation")
    assert link not in kept.body and "not kept once sent" in kept.body


@pytest.mark.django_db
def test_an_expired_or_unknown_invitation_is_refused_and_writes_nothing(seed, administrator):
    invitation, secret = _invitation_with_secret(seed, administrator)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1))
    form = {"username": "x", "display_name": "X", "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD}
    expired = Client().post(f"/invitations/{secret}/", form)
    assert expired.status_code == 404 and "This invitation expired on" in \
        expired.content.decode()
    unknown = Client().post("/invitations/not-the-secret/", form)
    assert unknown.status_code == 404 and "not known" in unknown.content.decode()
    assert not User.objects.filter(username="x").exists()
    # Once expired, the address may be invited again.
    assert invite(signed_in(administrator)).status_code == 302


@pytest.mark.django_db
def test_a_weak_password_or_two_different_ones_are_refused(seed, administrator):
    invitation, secret = _invitation_with_secret(seed, administrator)
    link = f"/invitations/{secret}/"
    weak = Client().post(link, {"username": "aigerim", "display_name": "A",
                                "password": "password123", "password_again": "password123"})
    assert weak.status_code == 200 and "too common" in weak.content.decode()
    differ = Client().post(link, {"username": "aigerim", "display_name": "A",
                                  "password": NEW_PASSWORD, "password_again": NEW_PASSWORD + "!"})
    assert "The two passwords differ." in differ.content.decode()
    assert not User.objects.filter(username="aigerim").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def _invitation_with_secret(seed, administrator):
    """An invitation whose secret the test knows: read from the mail the act wrote."""
    invitation = invite_member(agreement=seed, email="aigerim@gov.kz", role=Role.GOVERNMENT,
                               language="en", acting_user=administrator)
    from notifications.models import OutboxMessage

    body = OutboxMessage.objects.get(topic=f"invitation:{invitation.pk}").body
    return invitation, re.search(r"/invitations/(\S+)/", body).group(1)


@pytest.mark.django_db
def test_inviting_twice_or_a_member_or_a_bad_address_is_refused(seed, administrator):
    client = signed_in(administrator)
    invite(client)
    for email, message in [("aigerim@gov.kz", "was invited on"),
                           (administrator.email or "finance1@example.org", None),
                           ("not-an-address", "Enter a valid email address.")]:
        if message is None:
            administrator.email = email
            administrator.save()
            message = "is already a member of this fund"
        response = invite(client, email=email)
        assert response.status_code == 200 and message in response.content.decode(), email
    assert Invitation.objects.count() == 1


@pytest.mark.django_db
def test_only_the_funds_administrator_invites_and_another_fund_sees_nothing(seed,
                                                                           administrator,
                                                                           make_user):
    officer = make_user("finance2", agreement=seed, role=Role.DESA_FINANCE)
    assert invite(signed_in(officer)).status_code == 403
    assert "Invite someone" not in signed_in(officer).get(MEMBERS).content.decode()
    other = Agreement.objects.create(slug="other-fund", reference="OTHER/1", title="Other",
                                     signed_on=seed.signed_on)
    stranger = make_user("stranger")
    grant_membership(agreement=other, user=stranger, role=Role.DESA_FINANCE, administers=True,
                     acting_user=None)
    assert invite(signed_in(stranger)).status_code == 404
    assert signed_in(stranger).get(MEMBERS).status_code == 404
    assert not Invitation.objects.exists()
    with pytest.raises(PermissionDenied):
        invite_member(agreement=seed, email="a@b.org", role=Role.AUDITOR, language="en",
                      acting_user=officer)


@pytest.mark.django_db
def test_a_fund_always_keeps_a_finance_officer(seed, make_user):
    manager = make_user("programme1")
    grant_membership(agreement=seed, user=manager, role=Role.DESA_PROGRAMME, administers=True,
                     acting_user=None)
    finance = make_user("finance2", agreement=seed, role=Role.DESA_FINANCE)
    client = signed_in(manager)
    last = Membership.objects.get(user=finance)
    response = client.post(f"{MEMBERS}{last.pk}/remove/", follow=True)
    assert "the fund&#x27;s only DESA finance officer" in response.content.decode()
    with pytest.raises(ValidationError, match="only DESA finance officer"):
        change_member_role(membership=last, role=Role.DESA_PROGRAMME, administers=False,
                           acting_user=manager)
    assert Membership.objects.get(pk=last.pk).role == Role.DESA_FINANCE
    # With a second finance officer, the first may change role; the government officer may go.
    make_user("finance3", agreement=seed, role=Role.DESA_FINANCE)
    government = make_user("gov", agreement=seed, role=Role.GOVERNMENT)
    assert client.post(f"{MEMBERS}{last.pk}/role/", {f"m{last.pk}-role": "desa_programme"}
                       ).status_code == 302
    assert Membership.objects.get(pk=last.pk).role == Role.DESA_PROGRAMME
    gone = Membership.objects.get(user=government)
    assert client.post(f"{MEMBERS}{gone.pk}/remove/").status_code == 302
    assert not Membership.objects.filter(pk=gone.pk).exists()
    assert signed_in(government).get("/funds/int-14-x46-a/").status_code == 404


@pytest.mark.django_db
def test_a_funds_administrator_neither_names_administrators_nor_changes_their_own_role(
        seed, administrator, make_user):
    client = signed_in(administrator)
    programme = make_user("programme1", agreement=seed, role=Role.DESA_PROGRAMME)
    theirs = Membership.objects.get(user=programme)
    response = client.post(f"{MEMBERS}{theirs.pk}/role/", {
        f"m{theirs.pk}-role": "desa_programme", f"m{theirs.pk}-administers": "on"})
    assert "Only the portal&#x27;s administrator names" in response.content.decode()
    mine = Membership.objects.get(user=administrator)
    response = client.post(f"{MEMBERS}{mine.pk}/remove/", follow=True)
    assert "Only the portal&#x27;s administrator names" in response.content.decode()
    refused = client.post(f"{MEMBERS}invite/", {"email": "new@desa.org", "role": "desa_finance",
                                                "administers": "on", "language": "en"})
    assert "Only the portal&#x27;s administrator names" in refused.content.decode()
    assert not Membership.objects.get(pk=theirs.pk).administers
    assert Membership.objects.filter(pk=mine.pk).exists() and not Invitation.objects.exists()


@pytest.mark.django_db
def test_an_administrator_is_a_desa_officer(seed, make_user):
    government = make_user("gov", agreement=seed, role=Role.GOVERNMENT)
    membership = Membership.objects.get(user=government)
    portal_administrator = make_user("admin", superuser=True)
    response = signed_in(portal_administrator).post(
        f"{MEMBERS}{membership.pk}/role/", {f"m{membership.pk}-role": "government",
                                            f"m{membership.pk}-administers": "on"})
    assert response.status_code == 200
    assert "DESA finance or programme officers" in response.content.decode()
    assert not Membership.objects.get(pk=membership.pk).administers


@pytest.mark.django_db
def test_the_acts_take_only_a_post(seed, administrator):
    client = signed_in(administrator)
    mine = Membership.objects.get(user=administrator)
    assert client.get(f"{MEMBERS}invite/").status_code == 405
    assert client.get(f"{MEMBERS}{mine.pk}/remove/").status_code == 405
    assert client.get(f"{MEMBERS}{mine.pk}/role/").status_code == 405
