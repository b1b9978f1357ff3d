"""A token's scope, enforced by the one permission layer whatever the endpoint: a read-only
token reads and is refused every unsafe method (403, nothing written); a read-and-post token
posts as its owner's role allows; a token for fund A sees nothing of fund B (404) and the
fund list shows A alone, though its owner is a member of both; an expired token is 401
(docs/access.md#service-accounts-and-scoped-tokens)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from agreements.models import Membership
from api.models import TokenScope
from api.tokens import create_api_token
from budget.models import Entry

Role = Membership.Role
A, B = "int-14-x46-a", "int-15-x01-a"
COMMITMENT = {"line": "5301", "amount": "10.00", "value_date": "2014-09-01",
              "payee": "Astana printing house", "reference": "PO-1", "description": "Badges"}


@pytest.fixture
def officer(funded, second_fund, make_user):
    """A DESA finance officer of both funds."""
    from agreements.actions import grant_membership

    user = make_user("finance1", agreement=funded.agreement, role=Role.DESA_FINANCE)
    grant_membership(agreement=second_fund.agreement, user=user, role=Role.DESA_FINANCE,
                     acting_user=None)
    return user


def client_with(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def token(user, *, fund=None, level=TokenScope.Access.READ_AND_POST, days=30) -> APIClient:
    return client_with(create_api_token(owner=user, days=days, fund=fund, level=level,
                                        acting_user=user)[1])


@pytest.mark.django_db
def test_a_read_only_token_reads_but_its_post_is_refused_and_nothing_written(funded, officer):
    client = token(officer, fund=funded, level=TokenScope.Access.READ_ONLY)
    assert client.get(f"/api/v1/funds/{A}/entries/").status_code == 200
    before = Entry.objects.filter(fund=funded).count()
    refused = client.post(f"/api/v1/funds/{A}/commitments/", COMMITMENT, format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "read_only_token"
    assert "read-only" in refused.json()["message"]
    assert Entry.objects.filter(fund=funded).count() == before  # the contribution alone: 1
    assert before == 1


@pytest.mark.django_db
def test_a_read_only_token_is_refused_every_unsafe_method(funded, officer):
    client = token(officer, level=TokenScope.Access.READ_ONLY)
    answer = client.post(f"/api/v1/funds/{A}/commitments/", {}, format="json")
    assert answer.status_code == 403
    assert answer.json()["code"] == "read_only_token"
    # A method the endpoint does not take at all is its 405, as for anyone.
    for method in ("put", "patch", "delete"):
        assert getattr(client, method)(f"/api/v1/funds/{A}/commitments/", {},
                                       format="json").status_code == 405, method
    # Its own kind too: it cannot make a token (not even a read-only one) or revoke one.
    assert client.post("/api/v1/tokens/", {"access": "read_only"},
                       format="json").status_code == 403
    own_key = TokenScope.objects.get().token.token_key
    assert client.delete(f"/api/v1/tokens/{own_key}/").status_code == 403
    assert TokenScope.objects.count() == 1


@pytest.mark.django_db
def test_a_read_and_post_token_posts_a_commitment(funded, officer):
    client = token(officer, fund=funded)
    answer = client.post(f"/api/v1/funds/{A}/commitments/", COMMITMENT, format="json")
    assert answer.status_code == 201
    # #1 the contribution, #2 the commitment of 10.00 on 5301 and its PSC (13%: 1.30) as #3.
    assert answer.json()["sequence"] == 2
    assert Entry.objects.filter(fund=funded, kind=Entry.Kind.COMMITMENT).count() == 1


@pytest.mark.django_db
def test_a_read_and_post_token_holds_no_more_than_its_owners_role(funded, make_user):
    auditor = make_user("auditor", agreement=funded.agreement, role=Role.AUDITOR)
    client = token(auditor, fund=funded)
    assert client.post(f"/api/v1/funds/{A}/commitments/", COMMITMENT,
                       format="json").status_code == 403
    assert Entry.objects.filter(fund=funded).count() == 1


@pytest.mark.django_db
def test_a_token_for_fund_a_sees_nothing_of_fund_b(funded, second_fund, officer):
    client = token(officer, fund=funded)
    listed = client.get("/api/v1/funds/").json()["results"]
    assert [fund["slug"] for fund in listed] == [A]
    for url in [f"/api/v1/funds/{B}/", f"/api/v1/funds/{B}/entries/",
                f"/api/v1/funds/{B}/entries.csv", f"/api/v1/funds/{B}/budget/",
                f"/api/v1/funds/{B}/reports/"]:
        assert client.get(url).status_code == 404, url
    refused = client.post(f"/api/v1/funds/{B}/commitments/", COMMITMENT, format="json")
    assert refused.status_code == 404
    assert Entry.objects.filter(fund=second_fund).count() == 0
    assert client.get(f"/api/v1/funds/{A}/entries/").status_code == 200
    # The same person's token for all their funds sees both.
    both = token(officer).get("/api/v1/funds/").json()["results"]
    assert sorted(fund["slug"] for fund in both) == [A, B]


@pytest.mark.django_db
def test_a_superusers_token_for_one_fund_sees_that_fund_alone(funded, second_fund, loader):
    client = token(loader, fund=second_fund, level=TokenScope.Access.READ_ONLY)
    assert [f["slug"] for f in client.get("/api/v1/funds/").json()["results"]] == [B]
    assert client.get(f"/api/v1/funds/{A}/entries/").status_code == 404
    assert client.post(f"/api/v1/funds/{B}/commitments/", COMMITMENT,
                       format="json").status_code == 403


@pytest.mark.django_db
def test_an_expired_token_is_refused_401(funded, officer):
    now = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False) as clock:
        client = token(officer, fund=funded, days=1)
        assert client.get(f"/api/v1/funds/{A}/").status_code == 200
        clock.shift(timedelta(days=1, minutes=1))
        assert client.get(f"/api/v1/funds/{A}/").status_code == 401
        # knox deleted it; its scope went with it.
        assert not TokenScope.objects.exists()


@pytest.mark.django_db
def test_a_session_is_not_narrowed(funded, second_fund, officer):
    client = APIClient()
    client.force_login(officer)
    listed = client.get("/api/v1/funds/").json()["results"]
    assert sorted(fund["slug"] for fund in listed) == [A, B]


@pytest.mark.django_db
def test_a_replayed_revocation_is_not_shown_to_a_token_for_another_fund(funded, second_fund,
                                                                       officer):
    """The officer revokes a fund-A token with an Idempotency-Key from an all-funds token;
    the same key sent with their fund-B token does not replay the answer about fund A."""
    revoked, _secret = create_api_token(owner=officer, days=30, fund=funded,
                                        acting_user=officer)
    path = f"/api/v1/tokens/{revoked.token_key}/revoke/"
    first = token(officer).post(path, HTTP_IDEMPOTENCY_KEY="revoke-1")
    assert first.status_code == 200 and first.json()["fund"] == A
    again = token(officer, fund=second_fund).post(path, HTTP_IDEMPOTENCY_KEY="revoke-1")
    assert again.status_code == 404
    assert A not in again.content.decode()
