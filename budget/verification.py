"""Recompute a fund's running balances, charges and monthly totals from its entries, and
compare them with what is stored (`manage.py verify_ledger`, docs/ledger-integrity.md).

No lock is needed, and none is taken: on PostgreSQL every figure is read in one READ ONLY
transaction at REPEATABLE READ, that is from one snapshot of the database. A posting writes
its entries, its balances and its monthly totals in one transaction, so the snapshot holds
each posting whole or not at all; postings committed while the check runs are not in it, so
they cannot show as differences, and they do not wait for the check (nor it for them).
SQLite's transactions (the demo) are serialisable already. Called inside a transaction that
is already open (the tests), the check reads in it: its isolation can no longer be changed.

The sums are SQL: one GROUP BY month, line and kind over the fund's entries gives the
monthly totals and, added up, the totals by kind, the spending by line, the salaries and
fees, and the count, first and last of the sequence numbers. Only the commitments and the
entries that name one come into Python, in sequence order, to replay what each liquidation
released of its commitment.
"""

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q, Sum

from budget.amounts import format_amount
from budget.charges import to_cents
from budget.layout import current_version
from budget.models import CommitmentBalance, Entry, Fund, FundBalance, LedgerTotal, LineBalance

ZERO = Decimal("0.00")
Kind = Entry.Kind
SALARY = Entry.CostElement.SALARY_OR_FEE
SPENT = (Kind.EXPENDITURE, Kind.RESERVE, Kind.PSC)  # what a line's `spent` adds up
CHUNK = 5000
Key = tuple[date, str, str]  # month, line code, kind: a LedgerTotal row
FIGURES = ("amount", "released", "released_reserve", "reserve_held")


def ledger_differences(fund: Fund) -> list[str]:
    """Every stored figure that differs from what the entries give; empty when all agree.
    Reads one snapshot and takes no lock, so postings go on while it runs."""
    if connection.in_atomic_block:
        return _differences(fund)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return _differences(fund)


class _Sums:
    """The entries summed by SQL, by month, line and kind, and rolled up."""

    def __init__(self, fund: Fund) -> None:
        self.by_kind: dict[str, Decimal] = defaultdict(lambda: ZERO)
        self.spent: dict[str, Decimal] = defaultdict(lambda: ZERO)
        self.monthly: dict[Key, list[Decimal]] = {}
        self.salaries = ZERO
        self.count, self.first, self.last, self.commitments = 0, 1, 0, 0
        # By day, folded into months here: a few thousand rows, and PostgreSQL is spared
        # truncating a million dates.
        rows = (Entry.objects.filter(fund=fund).order_by()
                .values("value_date", "line_code", "kind")
                .annotate(total=Sum("amount"), total_released=Sum("released"),
                          total_released_reserve=Sum("released_reserve"),
                          salaries=Sum("amount", filter=Q(cost_element=SALARY)),
                          entries=Count("pk"), first=Min("sequence"), last=Max("sequence"))
                .values_list("value_date", "line_code", "kind", "total", "total_released",
                             "total_released_reserve", "salaries", "entries", "first", "last"))
        for day, code, kind, amount, released, released_reserve, salaries, count, first, \
                last in rows:
            # reserve_held is added by the commitments' replay (exact on every database).
            figures = self.monthly.setdefault((day.replace(day=1), code, kind),
                                              [ZERO, ZERO, ZERO, ZERO])
            figures[0] += amount
            figures[1] += released
            figures[2] += released_reserve
            if kind == Kind.COMMITMENT:
                self.commitments += count
            self.by_kind[kind] += amount
            if kind in SPENT:
                self.spent[code] += amount
            if kind == Kind.EXPENDITURE:
                self.salaries += salaries or ZERO
            self.first = min(self.first, first) if self.count else first
            self.count += count
            self.last = max(self.last, last)


def _differences(fund: Fund) -> list[str]:
    differences: list[str] = []

    def compare(label: str, stored: Decimal, computed: Decimal) -> None:
        if stored != computed:
            differences.append(f"{label}: stored {format_amount(stored)}, entries give "
                               f"{format_amount(computed)}")

    sums = _Sums(fund)
    open_amounts, reserve_holds, lines_of = _replay_commitments(fund, sums, compare)
    # (fund, sequence) is unique: N numbers from 1 to N are 1..N without a gap.
    if sums.count and (sums.first != 1 or sums.last != sums.count):
        differences.append("sequence numbers are not 1..N without gaps")
    balance = FundBalance.objects.get(fund=fund)
    totals = sums.by_kind
    expenditure = totals[Kind.EXPENDITURE] + totals[Kind.RESERVE]
    compare("contributions", balance.contributions, totals[Kind.CONTRIBUTION])
    compare("income", balance.income, totals[Kind.INCOME])
    compare("refunds", balance.refunds, totals[Kind.REFUND])
    compare("expenditure", balance.expenditure, expenditure)
    compare("salaries and fees spent", balance.reserve_base, sums.salaries)
    compare("reserve charged", balance.reserve_charged, totals[Kind.RESERVE])
    compare("PSC charged", balance.psc_charged, totals[Kind.PSC])
    compare("reserve charged = rate x salaries and fees", totals[Kind.RESERVE],
            to_cents(fund.reserve_rate * sums.salaries))
    compare("PSC charged = rate x expenditure", totals[Kind.PSC],
            to_cents(fund.psc_rate * expenditure))

    held_by_line: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for pk, amount in open_amounts.items():
        held_by_line[lines_of[pk]] += amount + reserve_holds[pk]
    balances = 0
    for pk, number, open_amount, reserve_hold in (
            CommitmentBalance.objects.filter(commitment__fund=fund)
            .order_by("commitment__sequence")
            .values_list("commitment_id", "commitment__sequence", "open_amount", "reserve_hold")
            .iterator(chunk_size=CHUNK)):
        balances += 1
        compare(f"commitment #{number} open amount", open_amount, open_amounts.get(pk, ZERO))
        compare(f"commitment #{number} reserve held", reserve_hold,
                reserve_holds.get(pk, ZERO))
    if balances != sums.commitments:
        differences.append(f"commitments: {sums.commitments} in the ledger, {balances} "
                           f"with their open balance")
    held = sum(held_by_line.values(), ZERO)
    compare("held by open commitments", balance.held, held)
    compare("PSC on open commitments", balance.psc_held, to_cents(fund.psc_rate * held))
    budgets = {line.code: line.amount for line in current_version(fund).lines.all()}
    for line in LineBalance.objects.filter(fund=fund).order_by("code"):
        compare(f"line {line.code} budget", line.budget, budgets.get(line.code, ZERO))
        compare(f"line {line.code} spent", line.spent, sums.spent[line.code])
        compare(f"line {line.code} held", line.held, held_by_line[line.code])
    if balance.last_sequence != sums.last:
        differences.append(f"last sequence: stored {balance.last_sequence}, entries give "
                           f"{sums.last}")
    _compare_totals(fund, sums.monthly, compare)
    return differences


def _replay_commitments(
    fund: Fund, sums: _Sums, compare: Callable[[str, Decimal, Decimal], None]
) -> tuple[dict[int, Decimal], dict[int, Decimal], dict[int, str]]:
    """Replay the commitments and their liquidations, cancellations and reversals in sequence
    order: each commitment's open amount and reserve hold, and its line. Checks what each
    liquidation recorded as released, and adds the reserve each new commitment held to the
    monthly totals."""
    open_amounts: dict[int, Decimal] = {}
    reserve_holds: dict[int, Decimal] = {}
    lines_of: dict[int, str] = {}
    released_by: dict[int, tuple[Decimal, Decimal]] = {}
    entries = (Entry.objects.filter(Q(kind=Kind.COMMITMENT) | Q(commitment__isnull=False),
                                    fund=fund)
               .order_by("sequence")
               .values_list("sequence", "pk", "kind", "amount", "cost_element",
                            "commitment_id", "reverses_id", "released", "line_code",
                            "value_date"))
    for sequence, pk, kind, amount, element, commitment_id, reverses_id, released, code, \
            value_date in entries.iterator(chunk_size=CHUNK):
        if kind == Kind.COMMITMENT:
            hold = to_cents(amount * fund.reserve_rate) if element == SALARY else ZERO
            open_amounts[pk], reserve_holds[pk], lines_of[pk] = amount, hold, code
            figures = sums.monthly.setdefault((value_date.replace(day=1), code, kind),
                                              [ZERO, ZERO, ZERO, ZERO])
            figures[3] += hold
        elif commitment_id and kind in (Kind.CANCELLATION, Kind.EXPENDITURE):
            c = commitment_id
            if reverses_id:
                # A reversed liquidation holds again what it had released.
                amount, reserve = released_by.get(reverses_id, (ZERO, ZERO))
                open_amounts[c] += amount
                reserve_holds[c] += reserve
                continue
            amount = min(amount, open_amounts[c])
            if amount == open_amounts[c]:
                reserve = reserve_holds[c]
            else:
                reserve = min(reserve_holds[c], to_cents(amount * fund.reserve_rate))
            open_amounts[c] -= amount
            reserve_holds[c] -= reserve
            released_by[pk] = (amount, reserve)
            compare(f"entry #{sequence} released", released, amount)
    return open_amounts, reserve_holds, lines_of


def _compare_totals(fund: Fund, computed: dict[Key, list[Decimal]],
                    compare: Callable[[str, Decimal, Decimal], None]) -> None:
    """The monthly totals (LedgerTotal) against the entries; a missing row is all zeros."""
    stored = {(month, code, kind): list(figures) for month, code, kind, *figures in
              LedgerTotal.objects.filter(fund=fund).values_list("month", "line_code", "kind",
                                                                  *FIGURES)}
    zeros = [ZERO] * len(FIGURES)
    for key in sorted(stored.keys() | computed.keys()):
        month, code, kind = key
        where = f"totals {month:%Y-%m}{f' line {code}' if code else ''} {kind}"
        for name, kept, given in zip(FIGURES, stored.get(key, zeros), computed.get(key, zeros),
                                     strict=True):
            compare(f"{where} {name.replace('_', ' ')}", kept, given)
