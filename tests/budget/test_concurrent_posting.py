"""Many workers race for the last dollars of one line, on PostgreSQL with real connections."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection

from budget.amounts import usd
from budget.models import Entry, LineBalance
from budget.posting import post_commitment, post_expenditure, record_contribution
from budget.verification import ledger_differences
from tests.concurrency import race as concurrent_race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]
WORKERS, ATTEMPTS = 8, 12


def race(post) -> tuple[list, list]:
    return concurrent_race(post, workers=WORKERS, attempts=ATTEMPTS)


def test_racing_commitments_never_take_a_line_past_its_budget(seed):
    fund = seed.fund
    record_contribution(fund=fund, amount=usd("500000.00"), value_date=date(2014, 8, 15),
                        acting_user=None)
    # Line 5301 has 6,478.00: 96 attempts of 100.00 race for it; 64 fit (6,400.00).
    accepted, refused = race(lambda: post_commitment(
        fund=fund, line_code="5301", amount=usd("100.00"), value_date=date(2014, 9, 1),
        acting_user=None))
    assert len(accepted) == 64 and len(refused) == WORKERS * ATTEMPTS - 64
    assert {r.rule for r in refused} == {"line_budget"}
    assert LineBalance.objects.get(fund=fund, code="5301").held == D("6400.00")
    sequences = list(Entry.objects.filter(fund=fund).values_list("sequence", flat=True))
    assert sorted(sequences) == list(range(1, 66))
    assert ledger_differences(fund) == []


def test_racing_expenditures_are_stored_with_their_charges_and_never_overspend(seed):
    fund = seed.fund
    record_contribution(fund=fund, amount=usd("500000.00"), value_date=date(2014, 8, 15),
                        acting_user=None)
    # Line 1101 (salary: 1% reserve) has 55,000.00; each 1,000.00 uses 1,010.00 of it,
    # so 54 fit (54,540.00) and the 55th (needs 1,010.00 of 460.00) is refused.
    accepted, refused = race(lambda: post_expenditure(
        fund=fund, line_code="1101", amount=usd("1000.00"), value_date=date(2014, 9, 1),
        acting_user=None))
    assert len(accepted) == 54
    assert {r.rule for r in refused} == {"line_budget"}
    line = LineBalance.objects.get(fund=fund, code="1101")
    assert line.spent == D("54540.00")
    assert Entry.objects.filter(fund=fund, kind="reserve").count() == 54
    # PSC: 13% of 54,540.00 = 7,090.20 in all.
    assert LineBalance.objects.get(fund=fund, code="5601").spent == D("7090.20")
    assert ledger_differences(fund) == []


def test_racing_expenditures_never_spend_beyond_the_cash_received(seed):
    fund = seed.fund
    record_contribution(fund=fund, amount=usd("10000.00"), value_date=date(2014, 8, 15),
                        acting_user=None)
    # Each 100.00 on 3201 costs 113.00 with its PSC: 88 fit (9,944.00); the 89th needs
    # 113.00 of the 56.00 left. 96 attempts race for them.
    accepted, refused = race(lambda: post_expenditure(
        fund=fund, line_code="3201", amount=usd("100.00"), value_date=date(2014, 9, 1),
        acting_user=None))
    assert len(accepted) == 88
    assert {r.rule for r in refused} == {"cash"}
    from budget.models import FundBalance

    assert FundBalance.objects.get(fund=fund).cash == D("56.00")
    assert ledger_differences(fund) == []
