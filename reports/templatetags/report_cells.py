from django import template
from django.utils.safestring import mark_safe

from reports.documents import amount

register = template.Library()


@register.filter
def cells(row: dict, columns: list[dict]) -> list[tuple[str, bool]]:
    """A row's cells with their column's kind: (text, numeric). Amounts in money columns
    take two decimals; counts stay whole numbers."""
    return [(cell if column.get("count") else amount(cell) if column.get("num") else cell,
             bool(column.get("num")))
            for cell, column in zip(row["cells"], columns, strict=False)]


@register.filter
def svg(markup: str) -> str:
    # Charts are drawn by reports.charts from figures, with every text escaped there.
    return mark_safe(markup)  # noqa: S308
