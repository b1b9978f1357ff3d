"""The 2014 financial statement and budget analysis of the seed fund, against figures worked
out by hand from the demo ledger (funds/int-14-x46-a/ledger-2014.csv, forum.yaml)."""

from datetime import UTC, datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import ValidationError

from reports.statements import budget_analysis, final_report, financial_statement


@pytest.mark.django_db
def test_2014_financial_statement(demo_fund):
    statement = financial_statement(demo_fund, 2014)
    # Cash at 1 January 2014: nothing yet. In: 500,000.00 contribution (14 August) and
    # 185.40 interest. Out: expenditure with the reserve 333,512.74 (see the budget test's
    # line by line sum) and PSC 13% of it, 43,356.66. Cash at 31 December 123,316.00.
    assert statement.opening_cash == D("0.00")
    assert statement.contributions == D("500000.00")
    assert statement.income == D("185.40")
    assert statement.expenditure == D("333512.74")
    assert statement.programme_support == D("43356.66")
    assert statement.refunds == D("0.00")
    assert statement.closing_cash == D("123316.00")
    # Below the line: open commitments 7,500 (1101) + 7,500 (3201 grants) + 4,500 (5201)
    # = 19,500.00; the coordinator's reserve still held 75.00; PSC 13% of 19,575 = 2,544.75.
    assert statement.open_commitments == D("19500.00")
    assert statement.reserve_on_commitments == D("75.00")
    assert statement.psc_on_commitments == D("2544.75")
    assert statement.available == D("101196.25")


@pytest.mark.django_db
@time_machine.travel(datetime(2016, 3, 1, 12, tzinfo=UTC), tick=False)
def test_2015_opens_with_the_2014_closing_balance(demo_fund):
    assert financial_statement(demo_fund, 2015).opening_cash == D("123316.00")


@pytest.mark.django_db
def test_2014_budget_analysis_in_the_annex_b_format(demo_fund):
    analysis = budget_analysis(demo_fund, 2014)
    assert analysis.version_number == 2  # the revision in force from 28 November 2014
    rows = {row.label: row.figures for row in analysis.rows}
    coordinator = rows["1101 Project coordinator"]
    # 1101: spent 45,325.00 in 2014, none before; 7,500.00 still committed with 75.00 of
    # reserve; unspent 55,000 - 45,325 = 9,675.00; later needs 9,675 - 7,500 - 75 = 2,100.00.
    assert (coordinator.budget, coordinator.earlier_years, coordinator.this_year) == (
        D("55000.00"), D("0.00"), D("45325.00"))
    assert (coordinator.open_commitments, coordinator.unspent,
            coordinator.future_requirements) == (D("7500.00"), D("9675.00"), D("2100.00"))
    total = rows["Total"]
    assert (total.cumulative, total.open_commitments, total.future_requirements) == (
        D("333512.74"), D("19500.00"), D("89390.26"))
    psc = rows["5601 Programme support costs (13%)"]
    # 5601: 57,522 - 43,356.66 charged - 2,544.75 to come = 11,620.59.
    assert (psc.this_year, psc.future_requirements) == (D("43356.66"), D("11620.59"))
    assert rows["Subtotal for forum costs"].this_year == D("318995.00")


@pytest.mark.django_db
def test_each_budget_analysis_row_adds_up_on_its_face(demo_fund):
    from reports.documents import report_document

    table = report_document(demo_fund, "budget_analysis", 2014)["tables"][0]
    titles = [column["title"] for column in table["columns"]]
    row = dict(zip(titles, next(r["cells"] for r in table["rows"]
                                if r["cells"][0] == "1101 Project coordinator"), strict=True))
    # The reserve the open commitment holds has its own column, so that the row reads:
    # 55,000.00 - 45,325.00 - 7,500.00 - 75.00 = 2,100.00.
    assert (row["Current budget"], row["Cumulative expenditure"], row["Open commitments"],
            row["Reserve held by open commitments"], row["Budget needs, later years"]) == (
        "55000.00", "45325.00", "7500.00", "75.00", "2100.00")


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2013, 2099])
def test_a_year_outside_the_fund_is_refused(demo_fund, year):
    with pytest.raises(ValidationError, match="has no report for"):
        financial_statement(demo_fund, year)


@pytest.mark.django_db
def test_final_report_is_refused_while_the_agreement_runs(demo_fund):
    with pytest.raises(ValidationError, match="after the agreement has expired or terminated"):
        final_report(demo_fund)
