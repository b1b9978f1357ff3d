"""Money in and out of the portal: amounts enter the posting service only as `Money`
(docs/decisions/0007-money-only-entry-points.md), and leave it, on pages, PDFs, spreadsheets
and in refusals, through one formatter that follows the reader's language."""

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal
from django.utils import translation
from moneyed import Money

USD = "USD"
# Django's language codes and the CLDR locales whose number formats they take.
LOCALES = {"en": "en", "kk": "kk_KZ", "ru": "ru_RU"}


def usd(value: str | int | Decimal) -> Money:
    """An amount in US dollars, the fund's books (Art. 1.5). Never from a float."""
    if isinstance(value, float):
        raise TypeError("money is Decimal or text, never float")
    return Money(Decimal(value), USD)


def format_amount(value: Decimal | Money | str | None, *, places: int = 2,
                  language: str | None = None) -> str:
    """12345.5 -> "12,345.50" in English, "12 345,50" in Kazakh and Russian; empty for None.
    The currency is not printed: a page or document says once that amounts are US dollars."""
    if value is None or value == "":
        return ""
    if isinstance(value, Money):
        value = value.amount
    # Rounded here, half-up as the ledger rounds, not by Babel's half-even.
    number = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    language = (language or translation.get_language() or "en").split("-")[0]
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(number, format=pattern, locale=LOCALES.get(language, "en"),
                          decimal_quantization=True)
