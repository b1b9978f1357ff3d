"""Service accounts: made by a fund's administrator for a named system, with a role on the
fund; never signing in to the pages; shown as a system on the People page; given tokens for
this fund on their own page, where they are listed with scope and last use and revoked
(docs/access.md#service-accounts-and-scoped-tokens)."""

import re
from datetime import date

import pytest
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.models import User
from accounts.service_accounts import create_service_account
from agreements.actions import change_member_role, grant_membership
from agreements.models import Membership
from api.models import TokenScope
from audit.models import AuditEvent
from budget.amounts import usd
from budget.posting import record_contribution
from tests.conftest import PASSWORD

Role = Membership.Role
SLUG = "int-14-x46-a"
PAGE = f"/api/funds/{SLUG}/service-accounts/"
COMMITMENT = {"line": "5301", "amount": "10.00", "value_date": "2014-09-01",
              "payee": "Astana printing house", "reference": "PO-1", "description": "Badges"}


@pytest.fixture
def administrator(seed, make_user):
    user = make_user("finance1")
    grant_membership(agreement=seed, user=user, role=Role.DESA_FINANCE, administers=True,
                     acting_user=None)
    return user


def signed_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.mark.django_db
def test_an_administrator_makes_a_service_account_on_its_page(seed, administrator):
    browser = signed_in(administrator)
    # A system speaking for the Government is the portal administrator's to make.
    refused = browser.post(PAGE, {"account-name": "Government ERP",
                                  "account-role": Role.GOVERNMENT})
    assert "at the Government&#x27;s request" in refused.content.decode()
    assert not User.objects.filter(is_service_account=True).exists()
    answer = browser.post(PAGE, {"account-name": "Government ERP",
                                 "account-role": Role.AUDITOR})
    assert answer.status_code == 302
    account = User.objects.get(username="system-government-erp")
    assert account.is_service_account and account.display_name == "Government ERP"
    assert not account.has_usable_password() and account.email == ""
    assert Membership.objects.get(user=account).role == Role.AUDITOR
    event = AuditEvent.objects.get(action="service_account.created")
    assert (event.actor, event.agreement) == (administrator, seed)
    page = browser.get(PAGE).content.decode()
    assert "system-government-erp" in page
    people = browser.get(f"/funds/{SLUG}/members/").content.decode()
    assert "Government ERP · system (service account)" in people


@pytest.mark.django_db
def test_a_service_account_cannot_sign_in_to_the_pages(seed, administrator):
    account = create_service_account(agreement=seed, name="Donor reporting", role=Role.AUDITOR,
                                     acting_user=administrator)
    # Even a password set by mistake (the Django admin) opens nothing.
    account.set_password(PASSWORD)
    account.save()
    browser = Client()
    answer = browser.post("/accounts/login/", {"username": account.username,
                                               "password": PASSWORD})
    assert answer.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in browser.session
    assert browser.get(f"/funds/{SLUG}/").status_code == 302  # to the sign-in page


@pytest.mark.django_db
def test_a_service_account_acts_with_its_role_never_more_than_its_token(seed, administrator):
    record_contribution(fund=seed.fund, amount=usd("500000.00"), value_date=date(2014, 8, 14),
                        acting_user=None)
    account = create_service_account(agreement=seed, name="ERP", role=Role.AUDITOR,
                                     acting_user=administrator)
    browser = signed_in(administrator)
    page = browser.post(PAGE, {"token-owner": account.pk, "token-access": "read_and_post",
                               "token-days": 30}).content.decode()
    secret = re.search(r"<code>([0-9a-f]{64})</code>", page).group(1)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    url = f"/api/v1/funds/{SLUG}/commitments/"
    assert api.post(url, COMMITMENT, format="json").status_code == 403  # an auditor
    change_member_role(membership=Membership.objects.get(user=account),
                       role=Role.DESA_FINANCE, administers=False, acting_user=administrator)
    assert api.post(url, COMMITMENT, format="json").status_code == 201


@pytest.mark.django_db
def test_its_tokens_are_listed_with_scope_and_revoked_on_the_page(seed, administrator):
    account = create_service_account(agreement=seed, name="ERP", role=Role.AUDITOR,
                                     acting_user=administrator)
    browser = signed_in(administrator)
    browser.post(PAGE, {"token-owner": account.pk, "token-access": "read_only",
                        "token-days": 30})
    token = AuthToken.objects.get(user=account)
    assert (token.scope.fund, token.scope.access) == (seed.fund, "read_only")
    page = browser.get(PAGE).content.decode()
    row = re.search(rf"<code>{token.token_key}</code>(.*?)</tr>", page, re.S).group(1)
    assert "INT/14/X46/A" in row and "read only" in row and "never" in row
    assert browser.post(f"{PAGE}tokens/{token.token_key}/revoke/").status_code == 302
    assert not AuthToken.objects.filter(user=account).exists()
    assert not TokenScope.objects.exists()


@pytest.mark.django_db
def test_a_member_without_the_right_is_refused_and_a_stranger_sees_no_fund(seed,
                                                                           administrator,
                                                                           make_user):
    account = create_service_account(agreement=seed, name="ERP", role=Role.AUDITOR,
                                     acting_user=administrator)
    officer = signed_in(make_user("finance2", agreement=seed, role=Role.DESA_FINANCE))
    stranger = signed_in(make_user("stranger"))
    users, tokens = User.objects.count(), AuthToken.objects.count()
    assert officer.get(PAGE).status_code == 403
    assert officer.post(PAGE, {"account-name": "Other", "account-role": "auditor"}
                        ).status_code == 403
    assert officer.post(PAGE, {"token-owner": account.pk, "token-access": "read_only",
                               "token-days": 30}).status_code == 403
    assert stranger.get(PAGE).status_code == 404
    assert (User.objects.count(), AuthToken.objects.count()) == (users, tokens)


@pytest.mark.django_db
def test_bad_input_is_shown_on_the_form_and_nothing_written(seed, administrator):
    create_service_account(agreement=seed, name="ERP", role=Role.AUDITOR,
                           acting_user=administrator)
    browser = signed_in(administrator)
    users = User.objects.count()
    for name, role in [("", Role.AUDITOR), ("---", Role.AUDITOR), ("erp", Role.AUDITOR),
                       ("Other", "admin")]:
        answer = browser.post(PAGE, {"account-name": name, "account-role": role})
        assert answer.status_code == 200
        assert 'class="error"' in answer.content.decode(), (name, role)
    assert User.objects.count() == users
    days = browser.post(PAGE, {"token-owner": User.objects.get(username="system-erp").pk,
                               "token-access": "read_only", "token-days": 0})
    assert days.status_code == 200 and not AuthToken.objects.exists()


@pytest.mark.django_db
def test_the_page_refuses_other_methods(seed, administrator):
    browser = signed_in(administrator)
    assert browser.put(PAGE).status_code == 405
    assert browser.get(f"{PAGE}tokens/abc/revoke/").status_code == 405


@pytest.mark.django_db
def test_a_persons_tokens_page_offers_fund_and_access(seed, administrator):
    browser = signed_in(administrator)
    browser.post("/api/tokens/", {"fund": SLUG, "access": "read_only", "days": 5})
    scope = TokenScope.objects.get()
    assert (scope.token.user, scope.fund, scope.access) == (administrator, seed.fund,
                                                            "read_only")
    refused = browser.post("/api/tokens/", {"fund": "int-99-x99-z", "access": "read_only",
                                            "days": 5})
    assert refused.status_code == 200 and TokenScope.objects.count() == 1


@pytest.mark.django_db
def test_a_service_account_does_not_count_as_the_funds_finance_officer(seed, administrator,
                                                                     make_user):
    from django.core.exceptions import ValidationError

    from agreements.actions import remove_member

    create_service_account(agreement=seed, name="Accounts ERP", role=Role.DESA_FINANCE,
                           acting_user=administrator)
    assert Membership.objects.filter(agreement=seed, role=Role.DESA_FINANCE).count() == 2
    # finance1 is still the only person who can post and certify: not removed.
    portal_admin = make_user("admin", superuser=True)
    with pytest.raises(ValidationError, match="only DESA finance officer"):
        remove_member(membership=Membership.objects.get(user=administrator),
                      acting_user=portal_admin)
    assert Membership.objects.filter(user=administrator, agreement=seed).exists()
