from decimal import Decimal, InvalidOperation

from django import template
from django.utils.safestring import mark_safe

from reports.documents import amount

register = template.Library()


def accounting(cell: str) -> str:
    """An amount as a certified statement prints it: a negative one in parentheses,
    "-1234.5" -> "(1,234.50)". Only the page and the PDF read so; CSV and XLSX keep the
    signed number (reports/rendering.py)."""
    try:
        negative = Decimal(cell) < 0
    except (InvalidOperation, TypeError, ValueError):
        return cell
    return f"({amount(cell.lstrip('-'))})" if negative else amount(cell)


@register.filter
def cells(row: dict, columns: list[dict]) -> list[tuple[str, bool]]:
    """A row's cells with their column's kind: (text, numeric). Amounts in money columns
    take two decimals, negative ones in parentheses; counts stay whole numbers."""
    return [(cell if column.get("count") else accounting(cell) if column.get("num") else cell,
             bool(column.get("num")))
            for cell, column in zip(row["cells"], columns, strict=False)]


@register.filter
def svg(markup: str) -> str:
    # Charts are drawn by reports.charts from figures, with every text escaped there.
    return mark_safe(markup)  # noqa: S308
