"""Property-based checks of the ledger's invariants over random posting sequences."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budget.amounts import usd
from budget.models import CommitmentBalance, Entry, FundBalance, LineBalance
from budget.posting import (
    PostingRefused,
    cancel_commitment,
    post_commitment,
    post_expenditure,
    record_contribution,
    reverse_entry,
)
from budget.verification import ledger_differences

LINES = ["1101", "1150", "1601", "3201", "5201", "5301"]
BUDGET = {"1101": D("55000"), "1150": D("50000"), "1601": D("40000"), "3201": D("273000"),
          "5201": D("18000"), "5301": D("6478")}
amounts = st.decimals(min_value=D("0.01"), max_value=D("60000"), places=2)
operation = st.one_of(
    st.tuples(st.just("contribute"), amounts),
    st.tuples(st.just("commit"), st.sampled_from(LINES), amounts, st.booleans()),
    st.tuples(st.just("spend"), st.sampled_from(LINES), amounts, st.booleans(), st.booleans()),
    st.tuples(st.just("cancel"), st.integers(0, 50)),
    st.tuples(st.just("reverse"), st.integers(0, 50)),
)
DAY = date(2014, 9, 1)


def total(fund, **filters) -> D:
    # Summed here, exactly: SQLite's SUM() works in binary floating point.
    return sum(Entry.objects.filter(fund=fund, **filters).values_list("amount", flat=True),
               D("0.00"))


def half_up(value: D) -> D:
    from decimal import ROUND_HALF_UP

    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def apply(fund, op) -> None:
    kind = op[0]
    if kind == "contribute":
        record_contribution(fund=fund, amount=usd(op[1]), value_date=DAY, acting_user=None)
    elif kind == "commit":
        post_commitment(fund=fund, line_code=op[1], amount=usd(op[2]), value_date=DAY,
                        cost_element="salary_or_fee" if op[3] else "other", acting_user=None)
    elif kind == "spend":
        open_ones = list(CommitmentBalance.objects.filter(
            commitment__fund=fund, commitment__line_code=op[1], open_amount__gt=0))
        commitment = open_ones[0].commitment if open_ones and op[4] else None
        post_expenditure(fund=fund, line_code=op[1], amount=usd(op[2]), value_date=DAY,
                         commitment=commitment,
                         cost_element="salary_or_fee" if op[3] else "other", acting_user=None)
    elif kind == "cancel":
        open_ones = list(CommitmentBalance.objects.filter(commitment__fund=fund,
                                                          open_amount__gt=0))
        if open_ones:
            cancel_commitment(commitment=open_ones[op[1] % len(open_ones)].commitment,
                              value_date=DAY, acting_user=None)
    elif kind == "reverse":
        spent = list(Entry.objects.filter(fund=fund, kind="expenditure", amount__gt=0,
                                          reversal__isnull=True))
        if spent:
            reverse_entry(entry=spent[op[1] % len(spent)], value_date=DAY, reason="test",
                          acting_user=None)


def check_invariants(fund) -> None:
    # Charges equal the rate times the base to date, rounded once (half-up), from the entries.
    salaries = total(fund, kind="expenditure", cost_element="salary_or_fee")
    reserve = total(fund, kind="reserve")
    spent = total(fund, kind="expenditure") + reserve
    assert reserve == half_up(D("0.01") * salaries)
    assert total(fund, kind="psc") == half_up(D("0.13") * spent)
    # Running balances equal the sums of the entries.
    assert ledger_differences(fund) == []
    # No line past its budget, no spending beyond the cash.
    for line in LineBalance.objects.filter(fund=fund, is_programme_support=False):
        assert line.held + line.spent <= BUDGET[line.code]
    balance = FundBalance.objects.get(fund=fund)
    assert balance.available >= 0
    assert spent + total(fund, kind="psc") <= total(fund, kind="contribution")


@pytest.mark.django_db
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(operations=st.lists(operation, min_size=1, max_size=12))
def test_random_posting_sequences_keep_every_invariant(seed, operations):
    fund = seed.fund
    with transaction.atomic():
        for op in operations:
            count = Entry.objects.filter(fund=fund).count()
            try:
                with transaction.atomic():
                    apply(fund, op)
            except PostingRefused:
                # A refusal writes nothing.
                assert Entry.objects.filter(fund=fund).count() == count
            check_invariants(fund)
        transaction.set_rollback(True)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(line=st.sampled_from(LINES), amount=st.decimals(min_value=D("0.01"),
                                                        max_value=D("6000"), places=2),
       salary=st.booleans())
def test_a_reversal_restores_every_balance(seed, line, amount, salary):
    fund = seed.fund
    with transaction.atomic():
        record_contribution(fund=fund, amount=usd("500000.00"), value_date=DAY, acting_user=None)
        post_expenditure(fund=fund, line_code="1150", amount=usd("333.33"), value_date=DAY,
                         cost_element="salary_or_fee", acting_user=None)

        def snapshot():
            return (FundBalance.objects.values().get(fund=fund),
                    list(LineBalance.objects.filter(fund=fund).values().order_by("code")))

        before = snapshot()
        spent = post_expenditure(fund=fund, line_code=line, amount=usd(amount), value_date=DAY,
                                 cost_element="salary_or_fee" if salary else "travel",
                                 acting_user=None)
        reverse_entry(entry=spent, value_date=DAY, reason="test", acting_user=None)
        after = snapshot()
        before[0].pop("last_sequence")
        after[0].pop("last_sequence")
        assert after == before
        transaction.set_rollback(True)
