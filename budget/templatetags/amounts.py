from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def usd(value: Decimal | None) -> str:
    """442478 -> "442,478.00": two decimals and thousands separators, as Annex B prints."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value):,.2f}"
