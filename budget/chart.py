"""The budget page's chart and drill-down (docs/revisions.md#the-budget-page): for each
budget line, and line 5601, the lengths of its bars in the SVG's own units, and which of its
figures are a ledger filter's total. Plain arithmetic on the rows `budget.layout` already
built and on the ledger's monthly totals by line and kind, so that a test can check every
length by hand; the template draws them (no style attribute, no script: the page's Content
Security Policy).

One bar per line, against the line's own budget: the budget is an outlined bar ending at a
black mark, and inside it the spent bar, with the committed bar stacked after it. Stacked,
not three bars side by side, because the question a finance officer brings to this page is
"how much of this line is used, and how much is left?": the filled length is spent plus
committed, the empty rest is what is available, and a fill that passes the mark is an
over-spent line, read at a glance without adding two lengths by eye. Each line has its own
scale (its budget, or what it has used when that is more, takes the whole width), because
the lines run from 6,478 to 273,000: on one scale for all, the small lines would be a few
pixels long on a phone. How large a line is stays in the figures printed under its bar."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from budget.layout import Figures, Row
from budget.models import Entry, Fund, LedgerTotal

ZERO = Decimal("0.00")
# The SVG's viewBox: about a phone's width, so that its 12-unit text reads at about 12 CSS
# pixels on a 390 px screen (the stylesheet caps how far it grows on a wide one).
WIDTH, HEIGHT = 360, 76
# Room at either end for the budget mark's and the overrun's strokes.
MARGIN = Decimal(2)
# The longest bar: the budget, or spent + committed when they pass it.
TRACK = WIDTH - 2 * MARGIN
CENT = Decimal("0.01")

Kind = Entry.Kind
# The kinds whose ledger totals make up a line's "spent" (as `verify_ledger` adds it up):
# expenditure and the reserve charged on it; on line 5601, the programme support charged.
SPENT_KINDS = (Kind.EXPENDITURE, Kind.RESERVE, Kind.PSC)
# What the budget page reads of the ledger's monthly totals: those, and the commitments.
LEDGER_KINDS = (*SPENT_KINDS, Kind.COMMITMENT)
PART_NAMES: dict[str, Promise] = {
    Kind.EXPENDITURE: _("expenditure"),
    Kind.RESERVE: _("reserve"),
    Kind.PSC: _("programme support"),
}


@dataclass(frozen=True)
class Bars:
    """A line's bars, lengths in viewBox units, all from x = MARGIN: the budget bar, the
    spent bar, and the committed bar, which starts where spent ends."""

    budget: Decimal
    spent: Decimal
    committed: Decimal
    # By how much spent + committed pass the budget, in US dollars (zero within it).
    over_by: Decimal = ZERO

    @property
    def is_over(self) -> bool:
        return self.over_by > 0

    @property
    def start(self) -> Decimal:
        return MARGIN

    @property
    def committed_start(self) -> Decimal:
        return MARGIN + self.spent

    @property
    def mark(self) -> Decimal:
        """Where the budget ends: the black mark."""
        return MARGIN + self.budget

    @property
    def used_end(self) -> Decimal:
        return MARGIN + self.spent + self.committed

    @property
    def overrun(self) -> Decimal:
        """The length of the bar beyond the budget mark (drawn outlined in red)."""
        return max(self.spent + self.committed - self.budget, ZERO)


def bars(figures: Figures) -> Bars:
    """The bars of one line. The larger of its budget and its spent + committed is TRACK
    long; the others in proportion, to a hundredth of a unit. The committed bar ends where
    spent + committed would, so that a line used to the cent ends exactly at its mark."""
    budget, spent, committed = (max(value, ZERO) for value in (
        figures.budget, figures.spent, figures.committed))
    used = spent + committed
    top = max(budget, used)
    if not top:
        return Bars(budget=ZERO, spent=ZERO, committed=ZERO)

    def length(amount: Decimal) -> Decimal:
        return (TRACK * amount / top).quantize(CENT)

    return Bars(budget=length(budget), spent=length(spent),
                committed=length(used) - length(spent), over_by=max(used - budget, ZERO))


@dataclass(frozen=True)
class LedgerPart:
    """One ledger kind's total on a line: what the ledger, filtered by the line and the kind,
    totals."""

    kind: str
    amount: Decimal

    @property
    def name(self) -> Promise:
        return PART_NAMES[self.kind]


@dataclass(frozen=True)
class BudgetRow:
    """A row of the budget page: Annex B's row, and for a line (or 5601) its bars and what
    of its figures the ledger totals."""

    row: Row
    bars: Bars | None = None
    # The ledger totals "spent" is made of, in SPENT_KINDS order, the kinds with entries.
    spent_parts: tuple[LedgerPart, ...] = ()
    has_commitments: bool = False

    @property
    def code(self) -> str:
        return self.row.line.code if self.row.line is not None else ""

    @property
    def spent_kind(self) -> str:
        """The kind whose ledger total is the spent figure itself, or "" when there is none
        (nothing spent, or spent made of two kinds: expenditure and the reserve)."""
        if len(self.spent_parts) == 1 and self.spent_parts[0].amount == self.row.figures.spent:
            return self.spent_parts[0].kind
        return ""


def ledger_totals(fund: Fund) -> dict[tuple[str, str], Decimal]:
    """The ledger's totals by (line code, kind) of LEDGER_KINDS, from the monthly totals (one
    query at any ledger size): what the budget page's links to the ledger, filtered by line
    and kind, total."""
    return {(total["line_code"], total["kind"]): total["total"] for total in
            LedgerTotal.objects.filter(fund=fund, kind__in=LEDGER_KINDS)
            .values("line_code", "kind").order_by().annotate(total=Sum("amount"))}


def budget_rows(rows: list[Row], ledger: Mapping[tuple[str, str], Decimal]) -> list[BudgetRow]:
    """Annex B's rows with, for each line and 5601, its bars and its ledger parts. `ledger`:
    the ledger's totals by (line code, kind), of LEDGER_KINDS at least."""
    result = []
    for row in rows:
        if row.kind not in ("line", "psc") or row.line is None:
            result.append(BudgetRow(row))
            continue
        code = row.line.code
        parts = tuple(LedgerPart(kind, ledger[(code, kind)]) for kind in SPENT_KINDS
                      if ledger.get((code, kind)))
        result.append(BudgetRow(row, bars(row.figures), parts,
                                has_commitments=bool(ledger.get((code, Kind.COMMITMENT)))))
    return result
