"""Open commitments through the API: what each committed, liquidated, cancelled and still
holds, worked out by hand after a partial expenditure and cancellations; the same list the
expenditure form offers."""

from decimal import Decimal as D

import pytest
from django.test import Client

from budget.models import FundBalance
from tests.api.clients import BASE, Role, stranger


def post(client, what: str, body: dict) -> dict:
    response = client.post(f"{BASE}/{what}/", body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


@pytest.fixture
def postings(finance_client):
    # #2: the coordinator's contract, 10,000.00 on 1101 (a salary: 1% reserve held, 100.00).
    post(finance_client, "commitments", {
        "line": "1101", "amount": "10000.00", "value_date": "2014-09-01",
        "payee": "Project coordinator", "reference": "CON-2014-01"})
    # #3 pays 4,000.00 of it (#4 reserve 40.00, #5 PSC); #6 cancels 1,000.00 of the rest.
    post(finance_client, "expenditures", {
        "line": "1101", "amount": "4000.00", "value_date": "2014-09-30", "commitment": 2,
        "payee": "Project coordinator", "reference": "PAY-2014-09"})
    post(finance_client, "cancellations", {"commitment": 2, "value_date": "2014-10-01",
                                           "amount": "1000.00", "reason": "Shorter contract"})
    # #7: the printing house, 2,000.00 on 5201, cancelled whole (#8): no longer open.
    post(finance_client, "commitments", {
        "line": "5201", "amount": "2000.00", "value_date": "2014-10-02",
        "payee": "Astana printing house"})
    post(finance_client, "cancellations", {"commitment": 7, "value_date": "2014-10-03",
                                           "reason": "Printed in house"})
    return finance_client


@pytest.mark.django_db
def test_open_amounts_and_holds_after_a_partial_expenditure_and_a_cancellation(postings,
                                                                               funded):
    response = postings.get(f"{BASE}/open-commitments/")
    assert response.status_code == 200
    # Committed 10,000.00 = liquidated 4,000.00 + cancelled 1,000.00 + open 5,000.00.
    # Reserve: 100.00 held, 40.00 (1% of 4,000) and 10.00 (1% of 1,000) released: 50.00.
    # PSC it will carry: 13% of (5,000.00 + 50.00) = 656.50.
    assert response.json() == [{
        "sequence": 2, "line": "1101", "value_date": "2014-09-01",
        "payee": "Project coordinator", "reference": "CON-2014-01", "description": "",
        "cost_element": "salary_or_fee", "amount": "10000.00", "original_amount": None,
        "original_currency": None, "exchange_rate": None, "liquidated": "4000.00",
        "cancelled": "1000.00", "open_amount": "5000.00", "reserve_held": "50.00",
        "psc_held": "656.50"}]
    # The only open commitment: the fund's own holds are the same.
    balance = FundBalance.objects.get(fund=funded)
    assert (balance.held, balance.psc_held) == (D("5050.00"), D("656.50"))


@pytest.mark.django_db
def test_a_reversed_payment_holds_its_commitment_again(postings):
    response = postings.post(f"{BASE}/reversals/", {
        "entry": 3, "value_date": "2014-10-05", "reason": "Paid twice"}, format="json")
    assert response.status_code == 201
    row = postings.get(f"{BASE}/open-commitments/").json()[0]
    # 4,000.00 held again (and its 40.00 reserve): liquidated 0, open 9,000.00, reserve
    # 90.00, PSC 13% of 9,090.00 = 1,181.70.
    assert (row["liquidated"], row["cancelled"], row["open_amount"], row["reserve_held"],
            row["psc_held"]) == ("0.00", "1000.00", "9000.00", "90.00", "1181.70")


@pytest.mark.django_db
def test_the_expenditure_form_offers_the_same_open_commitments(postings, funded, make_user):
    officer = Client()
    officer.force_login(make_user("finance2", agreement=funded.agreement,
                                  role=Role.DESA_FINANCE))
    form = officer.get("/funds/int-14-x46-a/ledger/new/expenditure/").content.decode()
    assert "#2 1101 Project coordinator" in form and "#7 5201" not in form


@pytest.mark.django_db
def test_open_commitments_are_read_only_and_another_fund_s_token_sees_nothing(postings,
                                                                              token_for):
    assert postings.post(f"{BASE}/open-commitments/", {}, format="json").status_code == 405
    assert stranger(token_for).get(f"{BASE}/open-commitments/").status_code == 404
