"""Annex B's layout: the lines in their groups, each group's subtotal as Annex B prints it,
the programme total, programme support and the grand total."""

from dataclasses import dataclass
from decimal import Decimal

from budget.models import BudgetLine, BudgetVersion, Fund


@dataclass(frozen=True)
class Row:
    kind: str  # "line", "subtotal", "total", "psc", "grand_total"
    label: str
    amount: Decimal
    line: BudgetLine | None = None


def current_version(fund: Fund) -> BudgetVersion:
    return fund.budget_versions.order_by("-number").first()


def annex_b_rows(version: BudgetVersion) -> list[Row]:
    rows: list[Row] = []
    running = Decimal("0.00")
    lines = list(version.lines.all())
    for group in version.groups.all():
        group_lines = [line for line in lines if line.group_id == group.pk]
        group_total = sum((line.amount for line in group_lines), Decimal("0.00"))
        rows.extend(Row("line", f"{line.code} {line.title}", line.amount, line)
                    for line in group_lines)
        running += group_total
        rows.append(Row("subtotal", group.subtotal_label,
                        running if group.cumulative else group_total))
    rows.append(Row("total", "Total", running))
    grand_total = running
    for line in lines:
        if line.is_programme_support:
            rows.append(Row("psc", f"{line.code} {line.title}", line.amount, line))
            grand_total += line.amount
    rows.append(Row("grand_total", "Total (US dollars)", grand_total))
    return rows
