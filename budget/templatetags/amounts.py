from decimal import Decimal

from django import template

from budget.amounts import format_amount

register = template.Library()


@register.filter
def usd(value: Decimal | None) -> str:
    """442478 -> "442,478.00" (English), "442 478,00" (Kazakh, Russian): two decimals and
    the reader's group separators."""
    return format_amount(value)


@register.filter
def percent(rate: Decimal | None) -> str:
    """0.1300 -> "13%", 0.0125 -> "1.25%"."""
    if rate is None or rate == "":
        return ""
    return f"{(Decimal(rate) * 100).normalize():f}%"
