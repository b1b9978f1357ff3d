"""The API's answers in production conditions: a refusal is kept for its Idempotency-Key and
replayed (as Stripe does); amounts only as decimal strings; JSON errors on every path; rate
limits counted in the cache every worker shares (docs/operations.md#throttling)."""

import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from budget.models import Entry, LineBalance

BASE = "/api/v1/funds/int-14-x46-a"
ROOT = Path(__file__).resolve().parent.parent.parent


def raise_5301(fund, make_user) -> None:
    from agreements.actions import NoticeDraft, record_notice
    from agreements.models import Membership, Party
    from budget.revisions import approve_revision, propose_revision

    letter = record_notice(agreement=fund.agreement, acting_user=None, draft=NoticeDraft(
        kind="letter", sender=Party.objects.get(kind="united_nations"),
        recipient=Party.objects.get(kind="government"), sent_on=date(2014, 11, 27),
        received_on=date(2014, 12, 1), delivery="mail", reference="DESA/2014/230"))
    proposer, approver = (make_user(name, agreement=fund.agreement,
                                    role=Membership.Role.DESA_PROGRAMME)
                          for name in ("programme1", "programme2"))
    approve_revision(revision=propose_revision(
        fund=fund, new_amounts={"5201": D("17000.00"), "5301": D("7478.00")},
        reason="Local costs higher", letter=letter, acting_user=proposer),
        acting_user=approver)


@pytest.mark.django_db
def test_a_refused_posting_is_replayed_for_its_key_even_once_it_would_fit(finance_client,
                                                                         funded, make_user):
    headers = {"HTTP_IDEMPOTENCY_KEY": "po-2015-5301-big"}
    order = {"line": "5301", "amount": "7000.00", "value_date": "2015-01-15"}
    first = finance_client.post(f"{BASE}/commitments/", order, format="json", **headers)
    assert first.status_code == 409 and first.json()["code"] == "line_budget"
    # A revision moves 1,000 to 5301 from 1 December 2014: a new request would now fit
    # (7,478), but the same key replays the refusal and writes nothing.
    raise_5301(funded, make_user)
    assert LineBalance.objects.get(fund=funded, code="5301").budget == D("7478.00")
    again = finance_client.post(f"{BASE}/commitments/", order, format="json", **headers)
    assert (again.status_code, again.json()) == (409, first.json())
    assert again["Idempotent-Replayed"] == "true"
    assert not Entry.objects.filter(kind="commitment").exists()
    fresh = finance_client.post(f"{BASE}/commitments/", order, format="json",
                                HTTP_IDEMPOTENCY_KEY="po-2014-5301-big-2")
    assert fresh.status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize(("amount", "message"), [
    (1.5, "decimal strings"), (7000, "decimal strings"), ("1e3", "at most two decimals"),
    ("7000.001", "at most two decimals"), ("-5", "at most two decimals"),
])
def test_amounts_travel_only_as_decimal_strings(finance_client, funded, amount, message):
    response = finance_client.post(f"{BASE}/commitments/", {
        "line": "5301", "amount": amount, "value_date": "2014-09-01"}, format="json")
    assert response.status_code == 400
    assert message in " ".join(response.json()["fields"]["amount"])
    assert not Entry.objects.filter(kind="commitment").exists()


@pytest.mark.django_db
def test_unknown_api_paths_answer_json(finance_client):
    response = finance_client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db(transaction=True)
def test_rate_limits_are_counted_where_every_worker_sees_them(funded, token_for, settings):
    settings.API_THROTTLE = True
    settings.API_THROTTLE_RATES = {"anon": "60/minute", "user": "3/minute"}
    user, token = token_for("finance1", funded.agreement, "desa_finance")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    answers = [client.get(f"{BASE}/budget/") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[-1].json()["code"] == "throttled"
    assert int(answers[-1]["Retry-After"]) == answers[-1].json()["retry_after"] > 0
    # Another process (another worker) counts the same requests: it is refused too.
    worker = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c",
         "from django.test import RequestFactory\n"
         "from rest_framework.request import Request\n"
         "from api.throttling import UserRate\n"
         "from accounts.models import User\n"
         f"request = Request(RequestFactory().get('/api/v1/funds/'))\n"
         f"request.user = User.objects.get(pk={user.pk})\n"
         "print(UserRate().allow_request(request, None))"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "API_THROTTLE": "true", "API_THROTTLE_USER": "3/minute"})
    assert worker.stdout.strip() == "False", worker.stderr


@pytest.mark.django_db
def test_error_bodies_are_json_when_the_body_is_not(finance_client):
    response = finance_client.generic("POST", f"{BASE}/commitments/", "{not json",
                                      content_type="application/json")
    assert response.status_code == 400
    assert json.loads(response.content)["code"] == "parse_error"
    assert not Entry.objects.filter(kind="commitment").exists()
