from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def usd(value: Decimal | None) -> str:
    """442478 -> "442,478.00": two decimals and thousands separators, as Annex B prints."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value):,.2f}"


@register.filter
def percent(rate: Decimal | None) -> str:
    """0.1300 -> "13%", 0.0125 -> "1.25%"."""
    if rate is None or rate == "":
        return ""
    return f"{(Decimal(rate) * 100).normalize():f}%"
