"""What tokens and service accounts may not do, whatever their role (review of issue 25):
a token cannot make a token that outlives it, a system cannot make tokens or be either pair
of four eyes, a fund's administrator cannot make a system that speaks for the Government;
a read-only token asking a method an endpoint lacks gets that endpoint's 405; a body nested
too deeply is a 400."""

import pytest
from django.core.exceptions import ValidationError
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.models import User
from accounts.service_accounts import create_service_account
from agreements.actions import change_member_role, grant_membership
from agreements.models import Membership
from api.models import TokenScope
from api.tokens import create_api_token
from audit.models import AuditEvent
from budget.models import Revision

Role = Membership.Role
A = "int-14-x46-a"
TOKENS = "/api/v1/tokens/"


def client_with(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


@pytest.fixture
def administrator(funded, make_user):
    user = make_user("finance1")
    grant_membership(agreement=funded.agreement, user=user, role=Role.DESA_FINANCE,
                     administers=True, acting_user=None)
    return user


@pytest.mark.django_db
def test_a_token_cannot_make_a_token_that_outlives_it(funded, administrator):
    _token, secret = create_api_token(owner=administrator, days=7, acting_user=administrator)
    client = client_with(secret)
    tokens_before = AuthToken.objects.count()
    longer = client.post(TOKENS, {"fund": A, "access": "read_only", "days": 30},
                         format="json")
    assert longer.status_code == 400
    assert "cannot outlive it" in longer.json()["fields"]["days"][0]
    assert AuthToken.objects.count() == tokens_before
    shorter = client.post(TOKENS, {"fund": A, "access": "read_only", "days": 6},
                          format="json")
    assert shorter.status_code == 201


@pytest.mark.django_db
def test_a_service_account_cannot_make_tokens_not_even_for_itself(funded, administrator):
    erp = create_service_account(agreement=funded.agreement, name="ERP",
                                 role=Role.DESA_FINANCE, acting_user=administrator)
    _token, secret = create_api_token(owner=erp, days=30, fund=funded,
                                      acting_user=administrator)
    tokens_before = AuthToken.objects.count()
    answer = client_with(secret).post(TOKENS, {"fund": A, "access": "read_and_post",
                                               "owner": erp.username, "days": 1},
                                      format="json")
    assert answer.status_code == 403
    assert AuthToken.objects.count() == tokens_before


@pytest.mark.django_db
def test_a_service_account_is_neither_pair_of_four_eyes(funded, administrator, make_user):
    """The administrator makes a system with the programme role; it may not propose a
    revision (nor approve one), so its maker cannot approve their own through it."""
    system = create_service_account(agreement=funded.agreement, name="Planning tool",
                                    role=Role.DESA_PROGRAMME, acting_user=administrator)
    _token, secret = create_api_token(owner=system, days=30, fund=funded,
                                      acting_user=administrator)
    proposed = client_with(secret).post(f"/api/v1/funds/{A}/revisions/", {
        "reason": "More for printing", "letter": "", "lines": {"5201": "19000.00"}},
        format="json")
    assert proposed.status_code == 403
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_only_the_portal_administrator_makes_a_system_that_speaks_for_the_government(
        funded, administrator, make_user):
    with pytest.raises(ValidationError, match="portal's administrator"):
        create_service_account(agreement=funded.agreement, name="Ministry ERP",
                               role=Role.GOVERNMENT, acting_user=administrator)
    assert not User.objects.filter(is_service_account=True).exists()
    reader = create_service_account(agreement=funded.agreement, name="Ministry ERP",
                                    role=Role.AUDITOR, acting_user=administrator)
    with pytest.raises(ValidationError, match="portal's administrator"):
        change_member_role(membership=Membership.objects.get(user=reader),
                           role=Role.GOVERNMENT, administers=False, acting_user=administrator)
    assert Membership.objects.get(user=reader).role == Role.AUDITOR
    portal = make_user("admin", superuser=True)
    ministry = create_service_account(agreement=funded.agreement, name="Ministry ledger",
                                      role=Role.GOVERNMENT, acting_user=portal)
    assert Membership.objects.get(user=ministry).role == Role.GOVERNMENT
    assert AuditEvent.objects.filter(action="service_account.created").count() == 2


@pytest.mark.django_db
def test_a_read_only_token_asking_a_missing_method_gets_405(funded, administrator):
    _token, secret = create_api_token(owner=administrator, days=30, fund=funded,
                                      level=TokenScope.Access.READ_ONLY,
                                      acting_user=administrator)
    client = client_with(secret)
    assert client.post(f"/api/v1/funds/{A}/open-commitments/", {}).status_code == 405
    assert client.post(f"/api/v1/funds/{A}/commitments/", {}).status_code == 403


@pytest.mark.django_db
def test_json_nested_too_deeply_is_a_400_and_writes_nothing(funded, administrator):
    _token, secret = create_api_token(owner=administrator, days=30,
                                      acting_user=administrator)
    client = client_with(secret)
    tokens_before = AuthToken.objects.count()
    for path in (TOKENS, f"/api/v1/funds/{A}/revisions/", f"/api/v1/funds/{A}/commitments/"):
        answer = client.post(path, "[" * 100_000, content_type="application/json")
        assert answer.status_code == 400, path
    assert AuthToken.objects.count() == tokens_before
