"""Recompute a fund's running balances and charges from its entries and compare."""

from collections import defaultdict
from decimal import Decimal

from budget.charges import to_cents
from budget.models import CommitmentBalance, Entry, Fund, FundBalance, LineBalance

ZERO = Decimal("0.00")
Kind = Entry.Kind


def ledger_differences(fund: Fund) -> list[str]:
    """Every stored figure that differs from what the entries give; empty when all agree."""
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    spent: dict[str, Decimal] = defaultdict(lambda: ZERO)
    open_amounts: dict[int, Decimal] = {}
    sequences = []
    for entry in Entry.objects.filter(fund=fund).order_by("sequence").iterator(chunk_size=5000):
        sequences.append(entry.sequence)
        totals[entry.kind] += entry.amount
        if entry.kind in (Kind.EXPENDITURE, Kind.RESERVE, Kind.PSC):
            spent[entry.line_code] += entry.amount
        if entry.kind == Kind.EXPENDITURE and entry.cost_element == "salary_or_fee":
            totals["reserve_base"] += entry.amount
        if entry.kind == Kind.COMMITMENT:
            open_amounts[entry.pk] = entry.amount
        elif entry.commitment_id and entry.kind in (Kind.CANCELLATION, Kind.EXPENDITURE):
            released = min(entry.amount, open_amounts[entry.commitment_id])
            open_amounts[entry.commitment_id] -= released

    differences = []
    if sequences != list(range(1, len(sequences) + 1)):
        differences.append("sequence numbers are not 1..N without gaps")
    balance = FundBalance.objects.get(fund=fund)

    def compare(label: str, stored: Decimal, computed: Decimal) -> None:
        if stored != computed:
            differences.append(f"{label}: stored {stored:,.2f}, entries give {computed:,.2f}")

    compare("contributions", balance.contributions, totals[Kind.CONTRIBUTION])
    compare("income", balance.income, totals[Kind.INCOME])
    compare("refunds", balance.refunds, totals[Kind.REFUND])
    compare("expenditure", balance.expenditure, totals[Kind.EXPENDITURE] + totals[Kind.RESERVE])
    compare("reserve charged", balance.reserve_charged, totals[Kind.RESERVE])
    compare("PSC charged", balance.psc_charged, totals[Kind.PSC])
    compare("reserve charged = rate x salaries and fees", totals[Kind.RESERVE],
            to_cents(fund.reserve_rate * totals["reserve_base"]))
    compare("PSC charged = rate x expenditure", totals[Kind.PSC],
            to_cents(fund.psc_rate * (totals[Kind.EXPENDITURE] + totals[Kind.RESERVE])))
    held_by_line: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for open_balance in CommitmentBalance.objects.filter(commitment__fund=fund).select_related(
            "commitment"):
        commitment = open_balance.commitment
        compare(f"commitment #{commitment.sequence} open amount", open_balance.open_amount,
                open_amounts[commitment.pk])
        held_by_line[commitment.line_code] += open_balance.open_amount + open_balance.reserve_hold
    compare("held by open commitments", balance.held, sum(held_by_line.values(), ZERO))
    compare("PSC on open commitments", balance.psc_held, to_cents(fund.psc_rate * balance.held))
    for line in LineBalance.objects.filter(fund=fund):
        compare(f"line {line.code} spent", line.spent, spent[line.code])
        compare(f"line {line.code} held", line.held, held_by_line[line.code])
    last = sequences[-1] if sequences else 0
    if balance.last_sequence != last:
        differences.append(f"last sequence: stored {balance.last_sequence}, entries give {last}")
    return differences
