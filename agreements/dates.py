"""The portal's "today": the date in the portal's TIME_ZONE, whatever time zone a page shows
its times in. Every rule that depends on today (no notice or contribution in the future, the
default date of a reversal, whether a year may be closed) takes it from here, so that two
officers in Astana and New York get the same answer (docs/periods.md#posting-dates).

And dates in words in the reader's language, with CLDR's month forms (Babel): "4 August
2014", "4 августа 2014 г.", "2014 ж. 4 тамыз". Django's own formats give the nominative
month in Russian ("4 Август 2014") and have none for Kazakh. Tables show ISO dates
(2014-08-04); sentences show these."""

from datetime import date

from babel.dates import format_date
from django.utils import timezone, translation

from budget.amounts import LOCALES


def portal_today() -> date:
    return timezone.localdate(timezone=timezone.get_default_timezone())


# English as the UN writes it (day month year); Kazakh and Russian as CLDR does.
PATTERNS = {"en": {"long": "d MMMM y", "medium": "d MMM y", "month": "MMMM y",
                   "full": "EEEE d MMMM y"}}


def _locale(language: str | None) -> tuple[str, str]:
    code = (language or translation.get_language() or "en").split("-")[0]
    return code, LOCALES.get(code, "en")


def date_in_words(day: date | None, *, length: str = "long",
                  language: str | None = None) -> str:
    """`length` is "long" (4 August 2014), "medium" (4 Aug 2014), "full" (Monday 4 August
    2014) or "month" (August 2014, standalone month); empty for no date."""
    if day is None or day == "":
        return ""
    code, locale = _locale(language)
    pattern = PATTERNS.get(code, {}).get(length)
    if pattern is None:
        pattern = "LLLL y" if length == "month" else length
    return format_date(day, format=pattern, locale=locale)
