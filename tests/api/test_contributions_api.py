"""Contributions and income through the API: recorded by the ledger page's act, an amount in
tenge converted at the UN operational rate of its month, the page's refusals, Idempotency-Key,
and who may post."""

from datetime import date
from decimal import Decimal as D
from html import escape

import pytest
from django.test import Client

from budget.models import Entry
from budget.rates import record_exchange_rate
from tests.api.clients import BASE, Role, client_of, stranger

KZT_SEPTEMBER = {"amount": "1000000.00", "currency": "KZT", "value_date": "2014-09-15",
                 "reference": "KZ-MOF-2014-0915", "description": "Second instalment"}


@pytest.fixture
def kzt_rate(funded):
    # The UN operational rate for September 2014 (units per USD), recorded by hand here.
    return record_exchange_rate(currency="KZT", valid_from=date(2014, 9, 1),
                                units_per_usd=D("181.50"), acting_user=None)


@pytest.mark.django_db
def test_a_contribution_in_tenge_is_booked_in_dollars_at_the_month_s_rate(finance_client,
                                                                          kzt_rate):
    response = finance_client.post(f"{BASE}/contributions/", KZT_SEPTEMBER, format="json")
    assert response.status_code == 201
    body = response.json()
    # 1,000,000 KZT / 181.50 = 5,509.6418... -> 5,509.64 USD (half-up to the cent).
    assert (body["kind"], body["amount"], body["original_amount"], body["original_currency"],
            body["exchange_rate"]) == ("contribution", "5509.64", "1000000.00", "KZT",
                                       "181.500000")
    assert body["sequence"] == 2 and body["reference"] == "KZ-MOF-2014-0915"
    listed = finance_client.get(f"{BASE}/contributions/").json()["results"]
    assert [(e["sequence"], e["amount"]) for e in listed] == [(1, "500000.00"), (2, "5509.64")]


@pytest.mark.django_db
def test_tenge_without_a_rate_for_the_month_is_refused_as_the_page_refuses_it(
        finance_client, kzt_rate, make_user, funded):
    before = Entry.objects.count()
    october = {**KZT_SEPTEMBER, "value_date": "2014-10-15"}
    response = finance_client.post(f"{BASE}/contributions/", october, format="json")
    assert response.status_code == 400
    message = response.json()["fields"]["currency"][0]
    assert message == ("No UN operational rate of exchange for KZT is recorded for October "
                       "2014; record it before posting.")
    assert Entry.objects.count() == before
    # The ledger page's form refuses the same posting with the same words.
    officer = Client()
    officer.force_login(make_user("finance2", agreement=funded.agreement,
                                  role=Role.DESA_FINANCE))
    page = officer.post("/funds/int-14-x46-a/ledger/new/contribution/", october)
    assert page.status_code == 200 and escape(message) in page.content.decode()
    assert Entry.objects.count() == before


@pytest.mark.django_db
def test_bad_input_is_refused_field_by_field_and_nothing_is_written(finance_client):
    before = Entry.objects.count()
    response = finance_client.post(f"{BASE}/contributions/", {
        "amount": 1000, "currency": "kzt", "value_date": "15/09/2014"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"amount", "currency", "value_date"}
    unknown = finance_client.post(f"{BASE}/income/", {
        "amount": "10.00", "currency": "XYZ", "value_date": "2014-09-15"}, format="json")
    assert unknown.status_code == 400 and set(unknown.json()["fields"]) == {"currency"}
    assert Entry.objects.count() == before


@pytest.mark.django_db
def test_income_is_recorded_and_listed_apart_from_contributions(finance_client):
    response = finance_client.post(f"{BASE}/income/", {
        "amount": "312.45", "value_date": "2014-12-31", "reference": "INT-2014-Q4",
        "description": "Interest, fourth quarter"}, format="json")
    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["amount"]) == ("income", "312.45")
    assert [e["amount"] for e in finance_client.get(f"{BASE}/income/").json()["results"]] == [
        "312.45"]
    assert [e["kind"] for e in finance_client.get(
        f"{BASE}/contributions/").json()["results"]] == ["contribution"]


@pytest.mark.django_db
def test_the_same_idempotency_key_records_the_contribution_once(finance_client, kzt_rate):
    headers = {"HTTP_IDEMPOTENCY_KEY": "kz-mof-2014-0915"}
    first = finance_client.post(f"{BASE}/contributions/", KZT_SEPTEMBER, format="json",
                                **headers)
    again = finance_client.post(f"{BASE}/contributions/", KZT_SEPTEMBER, format="json",
                                **headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Entry.objects.filter(kind="contribution").count() == 2  # the fixture's and this


@pytest.mark.django_db
def test_who_may_post_a_contribution(funded, token_for):
    before = Entry.objects.count()
    government = client_of(token_for, "government", funded.agreement, Role.GOVERNMENT)
    assert government.get(f"{BASE}/contributions/").status_code == 200
    assert government.post(f"{BASE}/contributions/", KZT_SEPTEMBER,
                           format="json").status_code == 403
    other = stranger(token_for)
    assert other.get(f"{BASE}/income/").status_code == 404
    assert other.post(f"{BASE}/income/", {"amount": "1.00", "value_date": "2014-09-15"},
                      format="json").status_code == 404
    assert Entry.objects.count() == before


@pytest.mark.django_db
def test_contributions_take_no_put(finance_client):
    assert finance_client.put(f"{BASE}/contributions/", KZT_SEPTEMBER,
                              format="json").status_code == 405
    assert finance_client.delete(f"{BASE}/income/").status_code == 405
