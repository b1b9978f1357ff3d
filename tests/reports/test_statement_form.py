"""The Art. 5(b) statement in the form of a certified UN trust-fund statement: its title, the
year and the year before side by side, negative amounts in parentheses on the page (signed
numbers in CSV), the notes and the certification block. Figures worked out by hand from a
small scripted ledger on the seed fund (13% PSC, 1% reserve)."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse
from moneyed import Money

from agreements.models import Membership
from budget.amounts import usd
from budget.posting import post_commitment, post_expenditure, record_contribution
from budget.rates import record_exchange_rate
from reports.documents import certification_of, report_document
from reports.rendering import render_csv
from reports.statements import exchange_rates_used

TITLE = ("Financial statement of the trust fund for United Nations e-Government Global "
         "Forum 2014 (INT/14/X46/A) for the year ended 31 December 2015")


@pytest.fixture
def ledger(seed):
    """2014: the Government's 500,000.00; travel of 10,000.00 on 1601 (PSC 1,300.00); a fee
    commitment of 10,000.00 on 1150 (reserve held 100.00), still open at the end of 2015.
    2015: 92,500 KZT on 5301 at 185.00 KZT per USD in March = 500.00 (PSC 65.00); travel of
    2,000.00 on 1601 (PSC 260.00)."""
    fund = seed.fund
    record_contribution(fund=fund, amount=usd("500000.00"), value_date=date(2014, 8, 15),
                        acting_user=None)
    post_expenditure(fund=fund, line_code="1601", amount=usd("10000.00"),
                     value_date=date(2014, 9, 10), cost_element="travel", acting_user=None)
    post_commitment(fund=fund, line_code="1150", amount=usd("10000.00"),
                    value_date=date(2014, 10, 1), cost_element="salary_or_fee",
                    payee="Expert", acting_user=None)
    record_exchange_rate(currency="KZT", valid_from=date(2015, 3, 1),
                         units_per_usd=D("185.00"), acting_user=None)
    post_expenditure(fund=fund, line_code="5301", amount=Money("92500", "KZT"),
                     value_date=date(2015, 3, 10), cost_element="other", acting_user=None)
    post_expenditure(fund=fund, line_code="1601", amount=usd("2000.00"),
                     value_date=date(2015, 4, 1), cost_element="travel", acting_user=None)
    return fund


def rows_of(table: dict) -> dict[str, list[str]]:
    return {row["cells"][0]: row["cells"][1:] for row in table["rows"]}


@pytest.mark.django_db
@time_machine.travel(datetime(2016, 3, 1, 12, tzinfo=UTC), tick=False)
def test_the_2015_statement_sets_2015_beside_2014(ledger):
    document = report_document(ledger, "statement", 2015)
    assert document["title"] == TITLE
    statement = document["tables"][0]
    assert [c["title"] for c in statement["columns"]] == ["", "2015", "2014"]
    # 2014: 500,000 in, 10,000 + 1,300 PSC out -> 488,700.00; below the line the fee's
    # 10,000.00, its reserve 100.00, PSC round(0.13 x 10,100) = 1,313.00 -> 477,287.00.
    # 2015: 500 + 2,000 spent, PSC 13% of 12,500 to date = 1,625 - 1,300 = 325.00;
    # 488,700 - 2,825 = 485,875.00; less the same 11,413.00 -> 474,462.00.
    assert rows_of(statement) == {
        "Cash balance at 1 January": ["488700.00", "0.00"],
        "Contributions received": ["0.00", "500000.00"],
        "Interest and other income": ["0.00", "0.00"],
        "Total expenditure (reserve for claims included)": ["-2500.00", "-10000.00"],
        "Programme support costs": ["-325.00", "-1300.00"],
        "Refunds and transfers out": ["0.00", "0.00"],
        "Cash balance at 31 December": ["485875.00", "488700.00"],
        "Open commitments at 31 December": ["-10000.00", "-10000.00"],
        "Reserve for claims they will carry": ["-100.00", "-100.00"],
        "Programme support they will carry": ["-1313.00", "-1313.00"],
        "Balance available after open commitments": ["474462.00", "477287.00"],
    }


@pytest.mark.django_db
@time_machine.travel(datetime(2016, 3, 1, 12, tzinfo=UTC), tick=False)
def test_the_first_year_has_an_empty_prior_column(ledger):
    statement = report_document(ledger, "statement", 2014)["tables"][0]
    assert [c["title"] for c in statement["columns"]] == ["", "2014", "2013"]
    assert {cells[1] for cells in rows_of(statement).values()} == {""}


@pytest.mark.django_db
@time_machine.travel(datetime(2016, 3, 1, 12, tzinfo=UTC), tick=False)
def test_the_notes_give_rates_exchange_rates_pledges_and_open_commitments(ledger):
    tables = {t["title"]: t for t in report_document(ledger, "statement", 2015)["tables"]}
    assert rows_of(tables["Note: rates charged to the fund"]) == {
        "Programme support costs, on all expenditure (Art. 2.2)": ["13%"],
        "Reserve for claims, on net base salaries and honoraria (Art. 2.3)": ["1%"]}
    assert tables["Note: UN operational rates of exchange used in 2015"]["rows"] == [
        {"kind": "line", "cells": ["March 2015", "KZT", "185.00"]}]
    pledges = tables["Note: contributions pledged, received and outstanding at 31 December "
                     "2015"]
    assert rows_of(pledges)["Total"] == ["500000.00", "500000.00", "0.00"]
    assert rows_of(tables["Note: open commitments at 31 December 2015, by budget line"]) == {
        "1150 Consultants/Experts": ["10000.00", "100.00"],
        "Total": ["10000.00", "100.00"]}
    # 2014 had no entry in another currency.
    assert exchange_rates_used(ledger, 2014) == []


@pytest.mark.django_db
@time_machine.travel(datetime(2016, 3, 1, 12, tzinfo=UTC), tick=False)
def test_the_page_prints_negatives_in_parentheses_and_a_draft_is_provisional(client, ledger,
                                                                             make_user):
    client.force_login(make_user("finance1", agreement=ledger.agreement,
                                 role=Membership.Role.DESA_FINANCE))
    page = client.get(reverse("reports:report", args=[ledger.agreement.slug, "statement",
                                                      2015])).content.decode()
    assert f"<h1>{TITLE}</h1>" in page
    assert '<td class="num">(2,500.00)</td><td class="num">(10,000.00)</td>' in page
    assert '<td class="num">485,875.00</td><td class="num">488,700.00</td>' in page
    assert "-2,500.00" not in page
    for text in ["13%", "1%", "KZT", "March 2015", "185.00", "1150 Consultants/Experts",
                 "Basis of preparation".lower(), "cash basis", "Provisional — not certified"]:
        assert text in page, text
    assert "<strong>Certified</strong>" not in page


@pytest.mark.django_db
@time_machine.travel(datetime(2016, 3, 1, 12, tzinfo=UTC), tick=False)
def test_csv_keeps_signed_numbers_and_carries_notes_and_certification(ledger, make_user):
    officer = make_user("finance1")
    officer.display_name, officer.job_title = "A. Officer", "Chief, Finance Section, DESA"
    document = report_document(ledger, "statement", 2015,
                               certification=certification_of(officer, date(2016, 3, 1)))
    assert document["certification"] | {"text": ""} == {
        "title": "Certification", "certified": True, "status": "Certified",
        "name": "A. Officer", "job_title": "Chief, Finance Section, DESA",
        "date": "2016-03-01", "text": ""}
    text = render_csv(document)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == TITLE
    expenditure = next(r for r in rows if r and r[0].startswith("Total expenditure"))
    assert expenditure[1:] == ["-2500.00", "-10000.00"]
    assert "(2,500.00)" not in text and "(2500.00)" not in text
    for note in ["13%", "KZT", "March 2015", "185.00", "1150 Consultants/Experts",
                 "cash basis", "Certified", "Certifying officer: A. Officer",
                 "Title: Chief, Finance Section, DESA", "Date: 2016-03-01"]:
        assert note in text, note
    draft = render_csv(report_document(ledger, "statement", 2015))
    assert "Provisional — not certified" in draft and "Certifying officer" not in draft


@pytest.mark.django_db
@time_machine.travel(datetime(2016, 3, 1, 12, tzinfo=UTC), tick=False)
def test_every_report_is_headed_in_words(ledger):
    assert report_document(ledger, "budget_analysis", 2015)["title"] == (
        "Budget analysis of the trust fund for United Nations e-Government Global Forum "
        "2014 (INT/14/X46/A) as at 31 December 2015")
    assert report_document(ledger, "progress", 2015)["title"] == (
        "Progress report on the project United Nations e-Government Global Forum 2014 "
        "(INT/14/X46/A) for 2015")


@pytest.mark.django_db
@time_machine.travel(datetime(2016, 3, 1, 12, tzinfo=UTC), tick=False)
def test_the_final_report_closes_with_every_year_the_whole_project_and_the_balance(ledger):
    from tests.reports.test_issuing import end_agreement

    end_agreement(ledger, date(2015, 12, 31))
    document = report_document(ledger, "final", 2015)
    assert document["title"] == (
        "Final report and final budget analysis of the trust fund for United Nations "
        "e-Government Global Forum 2014 (INT/14/X46/A)")
    final = document["tables"][0]
    assert [c["title"] for c in final["columns"]] == ["", "2014", "2015", "Whole project"]
    rows = rows_of(final)
    # The whole project: 500,000 in; 12,500 spent and 1,625.00 PSC (13% of 12,500) out.
    assert rows["Cash balance at 1 January"] == ["0.00", "488700.00", "0.00"]
    assert rows["Total expenditure (reserve for claims included)"] == [
        "-10000.00", "-2500.00", "-12500.00"]
    assert rows["Programme support costs"] == ["-1300.00", "-325.00", "-1625.00"]
    assert rows["Cash balance at 31 December"] == ["488700.00", "485875.00", "485875.00"]
    assert rows["Balance available after open commitments"] == [
        "477287.00", "474462.00", "474462.00"]
    balance = rows_of(document["tables"][2])
    assert balance["Unspent balance"] == ["485875.00"]
    assert any(label.startswith("Disposition under Art. 10: not yet recorded")
               for label in balance)
    assert document["certification"]["status"] == "Provisional — not certified"
