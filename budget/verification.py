"""Recompute a fund's running balances and charges from its entries and compare."""

from collections import defaultdict
from decimal import Decimal

from django.db import transaction

from budget.amounts import format_amount
from budget.charges import to_cents
from budget.layout import current_version
from budget.models import CommitmentBalance, Entry, Fund, FundBalance, LineBalance

ZERO = Decimal("0.00")
Kind = Entry.Kind


def ledger_differences(fund: Fund) -> list[str]:
    """Every stored figure that differs from what the entries give; empty when all agree.
    Runs under the fund's lock, so that postings in progress cannot show as differences."""
    with transaction.atomic():
        FundBalance.objects.select_for_update().get(fund=fund)
        return _differences(fund)


def _differences(fund: Fund) -> list[str]:
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    spent: dict[str, Decimal] = defaultdict(lambda: ZERO)
    open_amounts: dict[int, Decimal] = {}
    reserve_holds: dict[int, Decimal] = {}
    released_by: dict[int, tuple[Decimal, Decimal]] = {}
    differences: list[str] = []
    sequences = []

    def compare(label: str, stored: Decimal, computed: Decimal) -> None:
        if stored != computed:
            differences.append(f"{label}: stored {format_amount(stored)}, entries give "
                               f"{format_amount(computed)}")

    for entry in Entry.objects.filter(fund=fund).order_by("sequence").iterator(chunk_size=5000):
        sequences.append(entry.sequence)
        totals[entry.kind] += entry.amount
        if entry.kind in (Kind.EXPENDITURE, Kind.RESERVE, Kind.PSC):
            spent[entry.line_code] += entry.amount
        if entry.kind == Kind.EXPENDITURE and entry.cost_element == "salary_or_fee":
            totals["reserve_base"] += entry.amount
        if entry.kind == Kind.COMMITMENT:
            open_amounts[entry.pk] = entry.amount
            reserve_holds[entry.pk] = (to_cents(entry.amount * fund.reserve_rate)
                                       if entry.cost_element == "salary_or_fee" else ZERO)
        elif entry.commitment_id and entry.kind in (Kind.CANCELLATION, Kind.EXPENDITURE):
            c = entry.commitment_id
            if entry.reverses_id:
                # A reversed liquidation holds again what it had released.
                amount, reserve = released_by.get(entry.reverses_id, (ZERO, ZERO))
                open_amounts[c] += amount
                reserve_holds[c] += reserve
                continue
            amount = min(entry.amount, open_amounts[c])
            if amount == open_amounts[c]:
                reserve = reserve_holds[c]
            else:
                reserve = min(reserve_holds[c], to_cents(amount * fund.reserve_rate))
            open_amounts[c] -= amount
            reserve_holds[c] -= reserve
            released_by[entry.pk] = (amount, reserve)
            compare(f"entry #{entry.sequence} released", entry.released, amount)

    if sequences != list(range(1, len(sequences) + 1)):
        differences.append("sequence numbers are not 1..N without gaps")
    balance = FundBalance.objects.get(fund=fund)
    expenditure = totals[Kind.EXPENDITURE] + totals[Kind.RESERVE]
    compare("contributions", balance.contributions, totals[Kind.CONTRIBUTION])
    compare("income", balance.income, totals[Kind.INCOME])
    compare("refunds", balance.refunds, totals[Kind.REFUND])
    compare("expenditure", balance.expenditure, expenditure)
    compare("salaries and fees spent", balance.reserve_base, totals["reserve_base"])
    compare("reserve charged", balance.reserve_charged, totals[Kind.RESERVE])
    compare("PSC charged", balance.psc_charged, totals[Kind.PSC])
    compare("reserve charged = rate x salaries and fees", totals[Kind.RESERVE],
            to_cents(fund.reserve_rate * totals["reserve_base"]))
    compare("PSC charged = rate x expenditure", totals[Kind.PSC],
            to_cents(fund.psc_rate * expenditure))

    held_by_line: dict[str, Decimal] = defaultdict(lambda: ZERO)
    lines_of = dict(Entry.objects.filter(fund=fund, kind=Kind.COMMITMENT)
                    .values_list("pk", "line_code"))
    for pk, amount in open_amounts.items():
        held_by_line[lines_of[pk]] += amount + reserve_holds[pk]
    for open_balance in CommitmentBalance.objects.filter(commitment__fund=fund).select_related(
            "commitment"):
        pk, number = open_balance.commitment_id, open_balance.commitment.sequence
        compare(f"commitment #{number} open amount", open_balance.open_amount,
                open_amounts.get(pk, ZERO))
        compare(f"commitment #{number} reserve held", open_balance.reserve_hold,
                reserve_holds.get(pk, ZERO))
    held = sum(held_by_line.values(), ZERO)
    compare("held by open commitments", balance.held, held)
    compare("PSC on open commitments", balance.psc_held, to_cents(fund.psc_rate * held))
    budgets = {line.code: line.amount for line in current_version(fund).lines.all()}
    for line in LineBalance.objects.filter(fund=fund):
        compare(f"line {line.code} budget", line.budget, budgets.get(line.code, ZERO))
        compare(f"line {line.code} spent", line.spent, spent[line.code])
        compare(f"line {line.code} held", line.held, held_by_line[line.code])
    last = sequences[-1] if sequences else 0
    if balance.last_sequence != last:
        differences.append(f"last sequence: stored {balance.last_sequence}, entries give {last}")
    return differences
