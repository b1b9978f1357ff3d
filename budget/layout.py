"""Annex B's layout: the lines in their groups, each group's subtotal as Annex B prints it,
the programme total, programme support and the grand total, with the ledger's figures beside
the budget (from the running line balances, so a page costs the same at any ledger size)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from budget.models import BudgetLine, BudgetVersion, Fund, FundBalance, LineBalance

ZERO = Decimal("0.00")
T = TypeVar("T")


@dataclass(frozen=True)
class Figures:
    budget: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def available(self) -> Decimal:
        return self.budget - self.committed - self.spent

    @property
    def percent_used(self) -> Decimal | None:
        if not self.budget:
            return None
        return ((self.committed + self.spent) * 100 / self.budget).quantize(Decimal("0.1"))

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(self.budget + other.budget, self.committed + other.committed,
                       self.spent + other.spent)


@dataclass(frozen=True)
class Row:
    kind: str  # "line", "subtotal", "total", "psc", "grand_total"
    label: str
    figures: Any
    line: BudgetLine | None = None


def current_version(fund: Fund) -> BudgetVersion:
    return fund.budget_versions.order_by("-number").first()


def version_in_force(fund: Fund, on: date) -> BudgetVersion:
    """The budget version in force on a date (version 1 before any revision)."""
    return (fund.budget_versions.filter(effective_on__lte=on).order_by("-number").first()
            or fund.budget_versions.order_by("number").first())


def lay_out(version: BudgetVersion, figures_of: Callable[[BudgetLine], T], zero: T) -> list[Row]:
    """Annex B's rows for any figures that add up: each line, each group's subtotal (running
    where Annex B's is cumulative), the programme total, programme support, the grand
    total. Shared by the budget page and the Article 5 budget analysis."""
    rows: list[Row] = []
    running = zero
    lines = list(version.lines.all())
    for group in version.groups.all():
        group_total = zero
        for line in lines:
            if line.group_id == group.pk:
                figures = figures_of(line)
                rows.append(Row("line", f"{line.code} {line.title_here}", figures, line))
                group_total += figures
        running += group_total
        rows.append(Row("subtotal", group.subtotal_here,
                        running if group.cumulative else group_total))
    rows.append(Row("total", _("Total"), running))
    grand_total = running
    for line in lines:
        if line.is_programme_support:
            figures = figures_of(line)
            rows.append(Row("psc", f"{line.code} {line.title_here}", figures, line))
            grand_total += figures
    rows.append(Row("grand_total", _("Total (US dollars)"), grand_total))
    return rows


def annex_b_rows(version: BudgetVersion, fund_balance: FundBalance) -> list[Row]:
    """The budget page: budget, committed, spent, available, from the running balances."""
    balances = {b.code: b for b in LineBalance.objects.filter(fund_id=version.fund_id)}

    def figures(line: BudgetLine) -> Figures:
        balance = balances.get(line.code)
        if balance is None:
            return Figures(budget=line.amount)
        # 5601's commitments are the PSC that open commitments will carry
        # (docs/reports.md#budget-analysis).
        committed = (fund_balance.psc_held if line.is_programme_support and fund_balance
                     else balance.held)
        return Figures(budget=line.amount, committed=committed, spent=balance.spent)

    return lay_out(version, figures, Figures())
