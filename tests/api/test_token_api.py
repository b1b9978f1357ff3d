"""Tokens through the API itself (/api/v1/tokens/): made for oneself, or by a fund's
administrator for a service account of the fund; listed with scope, expiry and last use,
never the secret; revoked (POST …/revoke/ or DELETE), then refused 401. Refusals write
nothing (docs/access.md#service-accounts-and-scoped-tokens)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.service_accounts import create_service_account
from agreements.actions import grant_membership
from agreements.models import Membership
from api.models import IdempotencyKey, TokenScope
from api.tokens import create_api_token
from audit.models import AuditEvent
from budget.models import Entry

Role = Membership.Role
A = "int-14-x46-a"
TOKENS = "/api/v1/tokens/"
COMMITMENT = {"line": "5301", "amount": "10.00", "value_date": "2014-09-01",
              "payee": "Astana printing house", "reference": "PO-1", "description": "Badges"}
NOW = datetime(2027, 1, 5, 9, 15, tzinfo=UTC)


def client_with(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def own_client(user) -> APIClient:
    """The person's token for all their funds, read and post (as made on the page)."""
    return client_with(create_api_token(owner=user, days=365, acting_user=user)[1])


@pytest.fixture
def administrator(funded, make_user):
    """A DESA finance officer named the fund's administrator."""
    user = make_user("finance1")
    grant_membership(agreement=funded.agreement, user=user, role=Role.DESA_FINANCE,
                     administers=True, acting_user=None)
    return user


@pytest.fixture
def erp(funded, administrator):
    """The Government's ERP, a service account posting as a DESA finance officer."""
    return create_service_account(agreement=funded.agreement, name="Government ERP",
                                  role=Role.DESA_FINANCE, acting_user=administrator)


@pytest.mark.django_db
def test_a_person_makes_a_read_only_token_for_one_fund_and_its_secret_works(funded,
                                                                            administrator):
    client = own_client(administrator)
    with time_machine.travel(NOW, tick=False):
        made = client.post(TOKENS, {"fund": A, "access": "read_only", "days": 30},
                           format="json")
    assert made.status_code == 201
    body = made.json()
    assert body["secret"][:15] == body["key"] and len(body["secret"]) == 64
    assert {k: v for k, v in body.items() if k not in ("key", "secret")} == {
        "owner": "finance1", "service_account": False, "fund": A, "access": "read_only",
        "created": "2027-01-05T09:15:00Z", "expires": "2027-02-04T09:15:00Z",
        "last_used": None}
    fresh = client_with(body["secret"])
    assert fresh.get(f"/api/v1/funds/{A}/entries/").status_code == 200
    assert fresh.post(f"/api/v1/funds/{A}/commitments/", COMMITMENT,
                      format="json").status_code == 403
    listed = client.get(TOKENS)
    assert listed.status_code == 200
    assert body["secret"] not in listed.content.decode()
    assert all("secret" not in token for token in listed.json())
    assert sorted(token["access"] for token in listed.json()) == ["read_and_post",
                                                                  "read_only"]
    event = AuditEvent.objects.get(action="api_token.created",
                                   details__token_key=body["key"])
    assert event.actor == administrator and event.details["access"] == "read_only"


@pytest.mark.django_db
def test_an_administrator_makes_a_service_accounts_token_which_works_then_revokes_it(
        funded, administrator, erp):
    client = own_client(administrator)
    made = client.post(TOKENS, {"owner": "system-government-erp", "fund": A,
                                "access": "read_and_post", "days": 7}, format="json")
    assert made.status_code == 201
    body = made.json()
    assert (body["owner"], body["service_account"], body["fund"]) == (
        "system-government-erp", True, A)
    system = client_with(body["secret"])
    posted = system.post(f"/api/v1/funds/{A}/commitments/", COMMITMENT, format="json")
    assert posted.status_code == 201
    assert Entry.objects.get(fund=funded, sequence=2).recorded_by == erp
    # The administrator sees it among the tokens they manage, and revokes it.
    assert body["key"] in [token["key"] for token in client.get(TOKENS).json()]
    revoked = client.post(f"{TOKENS}{body['key']}/revoke/")
    assert revoked.status_code == 200 and revoked.json()["owner"] == "system-government-erp"
    assert system.get(f"/api/v1/funds/{A}/").status_code == 401
    assert not AuthToken.objects.filter(user=erp).exists()
    actions = list(AuditEvent.objects.filter(details__token_key=body["key"])
                   .order_by("pk").values_list("action", "actor__username"))
    assert actions == [("api_token.created", "finance1"), ("api_token.revoked", "finance1")]


@pytest.mark.django_db
def test_a_person_without_the_right_is_refused_and_nothing_written(funded, administrator,
                                                                   erp, make_user):
    officer = make_user("finance2", agreement=funded.agreement, role=Role.DESA_FINANCE)
    _token, secret = create_api_token(owner=erp, days=30, fund=funded,
                                      acting_user=administrator)
    client = own_client(officer)
    tokens, events = AuthToken.objects.count(), AuditEvent.objects.count()
    refused = client.post(TOKENS, {"owner": "system-government-erp", "fund": A,
                                   "access": "read_only"}, format="json")
    assert refused.status_code == 403
    # Nor another person's token: nobody makes tokens in a person's name.
    assert client.post(TOKENS, {"owner": "finance1", "fund": A, "access": "read_only"},
                       format="json").status_code == 400
    # The service account's token is not theirs to see or revoke.
    assert [token["owner"] for token in client.get(TOKENS).json()] == ["finance2"]
    assert client.post(f"{TOKENS}{secret[:15]}/revoke/").status_code == 404
    assert client.delete(f"{TOKENS}{secret[:15]}/").status_code == 404
    assert (AuthToken.objects.count(), AuditEvent.objects.count()) == (tokens, events)
    assert client_with(secret).get(f"/api/v1/funds/{A}/").status_code == 200


@pytest.mark.django_db
def test_the_list_shows_the_minute_of_last_use(funded, administrator):
    with time_machine.travel(NOW, tick=False) as clock:
        token, secret = create_api_token(owner=administrator, days=30, fund=funded,
                                         level=TokenScope.Access.READ_ONLY,
                                         acting_user=administrator)
        client = client_with(secret)
        assert client.get(TOKENS).json()[0]["last_used"] == "2027-01-05T09:15:00Z"
        clock.shift(timedelta(minutes=7))
        client.get(f"/api/v1/funds/{A}/")
        [listed] = client.get(TOKENS).json()
    assert listed["key"] == token.token_key and listed["last_used"] == "2027-01-05T09:22:00Z"


@pytest.mark.django_db
def test_delete_revokes_and_other_methods_are_405(funded, administrator):
    client = own_client(administrator)
    token, secret = create_api_token(owner=administrator, days=30, acting_user=administrator)
    assert client.put(TOKENS, {}, format="json").status_code == 405
    assert client.get(f"{TOKENS}{token.token_key}/").status_code == 405
    assert client.get(f"{TOKENS}{token.token_key}/revoke/").status_code == 405
    assert client.patch(f"{TOKENS}{token.token_key}/", {}, format="json").status_code == 405
    assert AuthToken.objects.filter(pk=token.pk).exists()
    assert client.delete(f"{TOKENS}{token.token_key}/").status_code == 204
    assert client_with(secret).get(TOKENS).status_code == 401
    assert client.delete(f"{TOKENS}{token.token_key}/").status_code == 404
    assert APIClient().get(TOKENS).status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "field"), [
    ({"fund": A, "access": "read_only", "days": 0}, "days"),
    ({"fund": A, "access": "read_only", "days": 366}, "days"),
    ({"fund": "no-such-fund", "access": "read_only"}, "fund"),
    ({"fund": A, "access": "admin"}, "access"),
    ({"fund": A}, "access"),
    ({"owner": "system-nobody", "fund": A, "access": "read_only"}, "owner"),
    ({"owner": "system-government-erp", "access": "read_only"}, "fund"),
])
def test_bad_input_is_400_field_by_field_and_nothing_written(funded, administrator, erp,
                                                             body, field):
    client = own_client(administrator)
    tokens, events = AuthToken.objects.count(), AuditEvent.objects.count()
    answer = client.post(TOKENS, body, format="json")
    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid" and field in answer.json()["fields"]
    assert (AuthToken.objects.count(), AuditEvent.objects.count()) == (tokens, events)


@pytest.mark.django_db
def test_a_fund_the_person_does_not_see_is_answered_as_unknown(funded, make_user):
    stranger = make_user("stranger")
    answer = own_client(stranger).post(TOKENS, {"fund": A, "access": "read_only"},
                                       format="json")
    assert answer.status_code == 400 and "fund" in answer.json()["fields"]
    assert AuthToken.objects.filter(user=stranger).count() == 1


@pytest.mark.django_db
def test_a_token_for_one_fund_makes_tokens_for_that_fund_only(funded, administrator):
    _token, secret = create_api_token(owner=administrator, days=90, fund=funded,
                                      acting_user=administrator)
    client = client_with(secret)
    wider = client.post(TOKENS, {"access": "read_only", "days": 30}, format="json")
    assert wider.status_code == 400 and "fund" in wider.json()["fields"]
    assert client.post(TOKENS, {"fund": A, "access": "read_only", "days": 30},
                       format="json").status_code == 201
    assert AuthToken.objects.filter(user=administrator).count() == 2


@pytest.mark.django_db
def test_a_retried_creation_replays_without_the_secret_which_is_never_stored(funded,
                                                                             administrator):
    client = own_client(administrator)
    request = {"fund": A, "access": "read_only", "days": 10}
    first = client.post(TOKENS, request, format="json", HTTP_IDEMPOTENCY_KEY="make-1")
    again = client.post(TOKENS, request, format="json", HTTP_IDEMPOTENCY_KEY="make-1")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert "secret" in first.json() and "secret" not in again.json()
    assert again.json()["key"] == first.json()["key"]
    assert AuthToken.objects.filter(user=administrator).count() == 2
    assert first.json()["secret"] not in str(IdempotencyKey.objects.get().response)
    revoked = client.post(f"{TOKENS}{first.json()['key']}/revoke/",
                          HTTP_IDEMPOTENCY_KEY="revoke-1")
    replayed = client.post(f"{TOKENS}{first.json()['key']}/revoke/",
                           HTTP_IDEMPOTENCY_KEY="revoke-1")
    assert revoked.status_code == replayed.status_code == 200
    assert AuthToken.objects.filter(user=administrator).count() == 1


@pytest.mark.django_db
def test_a_token_for_all_funds_retried_with_a_key_names_no_fund(funded, administrator):
    client = own_client(administrator)
    answer = client.post(TOKENS, {"access": "read_and_post"}, format="json",
                         HTTP_IDEMPOTENCY_KEY="all-funds")
    assert answer.status_code == 201 and answer.json()["fund"] is None
    assert IdempotencyKey.objects.get().fund is None
