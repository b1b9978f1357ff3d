"""verify_ledger's check (budget.verification): the running balances and the monthly totals
recomputed by SQL from the entries, on one snapshot, without the fund's lock.

Seed fund: 13% PSC, 1% reserve on salaries and fees."""

import threading
from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from budget.amounts import usd
from budget.models import CommitmentBalance, Entry, FundBalance, LedgerTotal, LineBalance
from budget.posting import (
    cancel_commitment,
    post_commitment,
    post_expenditure,
    record_contribution,
    reverse_entry,
)
from budget.verification import ledger_differences

AUG, SEP, OCT = date(2014, 8, 1), date(2014, 9, 1), date(2014, 10, 1)


@pytest.fixture
def fund(seed):
    fund = seed.fund
    record_contribution(fund=fund, amount=usd("500000.00"), value_date=date(2014, 8, 15),
                        acting_user=None)
    return fund


def totals(fund) -> dict[tuple, tuple]:
    """The stored monthly totals without their all-zero rows."""
    return {(row.month, row.line_code, row.kind): figures
            for row in LedgerTotal.objects.filter(fund=fund)
            if any(figures := (row.amount, row.released, row.released_reserve,
                               row.reserve_held))}


@pytest.mark.django_db
def test_the_demo_fund_verifies_clean_totals_included(demo_fund):
    assert LedgerTotal.objects.filter(fund=demo_fund).exists()
    assert ledger_differences(demo_fund) == []


@pytest.mark.django_db
def test_liquidation_reversal_and_cancellation_keep_the_monthly_totals(fund):
    # 10,000.00 of salary committed on 1101 holds 100.00 of reserve. 4,000.00 paid on it
    # releases 4,000.00 and 40.00 of the hold, and charges 40.00 reserve and 13% of 4,040.00
    # = 525.20 PSC; its reversal in October unwinds all of it; cancelling 2,500.00 then
    # releases 2,500.00 and 25.00 of the hold.
    commitment = post_commitment(fund=fund, line_code="1101", amount=usd("10000.00"),
                                 value_date=date(2014, 8, 20), cost_element="salary_or_fee",
                                 acting_user=None)
    paid = post_expenditure(fund=fund, line_code="1101", amount=usd("4000.00"),
                            value_date=date(2014, 9, 10), commitment=commitment,
                            acting_user=None)
    reverse_entry(entry=paid, value_date=date(2014, 10, 1), reason="wrong month",
                  acting_user=None)
    cancel_commitment(commitment=commitment, value_date=date(2014, 10, 15),
                      amount=usd("2500.00"), acting_user=None)
    zero = D("0.00")
    assert totals(fund) == {
        (AUG, "", "contribution"): (D("500000.00"), zero, zero, zero),
        (AUG, "1101", "commitment"): (D("10000.00"), zero, zero, D("100.00")),
        (SEP, "1101", "expenditure"): (D("4000.00"), D("4000.00"), D("40.00"), zero),
        (SEP, "1101", "reserve"): (D("40.00"), zero, zero, zero),
        (SEP, "5601", "psc"): (D("525.20"), zero, zero, zero),
        (OCT, "1101", "expenditure"): (D("-4000.00"), D("-4000.00"), D("-40.00"), zero),
        (OCT, "1101", "reserve"): (D("-40.00"), zero, zero, zero),
        (OCT, "5601", "psc"): (D("-525.20"), zero, zero, zero),
        (OCT, "1101", "cancellation"): (D("2500.00"), D("2500.00"), D("25.00"), zero),
    }
    assert CommitmentBalance.objects.get(commitment=commitment).open_amount == D("7500.00")
    assert ledger_differences(fund) == []


@pytest.mark.django_db
def test_a_tampered_monthly_amount_is_reported_by_month_line_and_kind(fund):
    post_expenditure(fund=fund, line_code="3201", amount=usd("2500.00"),
                     value_date=date(2014, 9, 10), acting_user=None)
    LedgerTotal.objects.filter(fund=fund, month=SEP, line_code="3201",
                               kind="expenditure").update(amount=F("amount") + 1)
    assert ledger_differences(fund) == [
        "totals 2014-09 line 3201 expenditure amount: stored 2,501.00, entries give 2,500.00"]


@pytest.mark.django_db
def test_a_missing_reserve_hold_in_the_totals_is_reported_rounded_half_up(fund):
    # 1% of 1,234.50 = 12.345 -> 12.35 held for the reserve.
    post_commitment(fund=fund, line_code="1101", amount=usd("1234.50"),
                    value_date=date(2014, 9, 3), cost_element="salary_or_fee", acting_user=None)
    LedgerTotal.objects.filter(fund=fund, month=SEP, line_code="1101",
                               kind="commitment").update(reserve_held=D("0.00"))
    assert ledger_differences(fund) == [
        "totals 2014-09 line 1101 commitment reserve held: stored 0.00, entries give 12.35"]


@pytest.mark.django_db
def test_a_totals_row_no_entry_gives_is_reported(fund):
    LedgerTotal.objects.create(fund=fund, month=OCT, line_code="", kind="income",
                               amount=D("185.40"))
    assert ledger_differences(fund) == [
        "totals 2014-10 income amount: stored 185.40, entries give 0.00"]


@pytest.mark.django_db
def test_a_tampered_line_spent_is_reported(fund):
    post_expenditure(fund=fund, line_code="3201", amount=usd("2500.00"),
                     value_date=date(2014, 9, 10), acting_user=None)
    LineBalance.objects.filter(fund=fund, code="3201").update(spent=F("spent") - 1)
    assert ledger_differences(fund) == [
        "line 3201 spent: stored 2,499.00, entries give 2,500.00"]


@pytest.mark.django_db
def test_a_tampered_commitment_open_amount_is_reported(fund):
    # #2 commits 14,000.00 on 5201; #3 pays 9,500.00 of it (#4 its PSC): 4,500.00 open.
    commitment = post_commitment(fund=fund, line_code="5201", amount=usd("14000.00"),
                                 value_date=date(2014, 11, 3), acting_user=None)
    post_expenditure(fund=fund, line_code="5201", amount=usd("9500.00"),
                     value_date=date(2014, 12, 10), commitment=commitment, acting_user=None)
    CommitmentBalance.objects.filter(commitment=commitment).update(
        open_amount=F("open_amount") - 100)
    assert ledger_differences(fund) == [
        "commitment #2 open amount: stored 4,400.00, entries give 4,500.00"]


@pytest.mark.django_db
def test_a_commitment_without_its_open_balance_is_reported(fund):
    # Two commitments (#2, #3); #3's balance row removed: it is still counted in the ledger.
    post_commitment(fund=fund, line_code="5201", amount=usd("1000.00"),
                    value_date=date(2014, 11, 3), acting_user=None)
    lost = post_commitment(fund=fund, line_code="5201", amount=usd("2000.00"),
                           value_date=date(2014, 11, 4), acting_user=None)
    CommitmentBalance.objects.filter(commitment=lost).delete()
    differences = ledger_differences(fund)
    assert "commitments: 2 in the ledger, 1 with their open balance" in differences


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_ledger(fund):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert ledger_differences(fund) == []
        return len(captured.captured_queries)

    before = queries()
    for day in range(2, 28):
        post_expenditure(fund=fund, line_code="1601", amount=usd("10.00"),
                         value_date=date(2014, 9, day), acting_user=None)
    assert queries() == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_verifying_reads_one_snapshot_and_waits_for_no_lock(fund):
    post_expenditure(fund=fund, line_code="3201", amount=usd("2500.00"),
                     value_date=date(2014, 9, 10), acting_user=None)
    found, sql, errors = [], [], []

    def verify() -> None:
        try:
            with CaptureQueriesContext(connection) as captured:
                found.append(ledger_differences(fund))
            sql.extend(query["sql"] for query in captured.captured_queries)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    with transaction.atomic():
        # What a posting holds while it runs: the fund's lock.
        FundBalance.objects.select_for_update().get(fund=fund)
        worker = threading.Thread(target=verify)
        worker.start()
        worker.join(timeout=10)
        assert not worker.is_alive(), "the check waited for the fund's lock"
    assert errors == []
    assert found == [[]]
    # Django logs the transaction's start as BEGIN; the isolation is set before any read.
    assert sql[:2] == ["BEGIN", "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"]
    assert not any("FOR UPDATE" in query for query in sql)
    assert Entry.objects.filter(fund=fund).count() == 3
