"""The ledger page's reads: entries by value date, newest first, a page at a time by
keyset (the last entry shown, never OFFSET or COUNT), and the totals of what a filter
selects, taken from the monthly totals for whole months (docs/ledger-integrity.md#running-
balances), so that neither grows with the ledger."""

import calendar
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from budget.models import Entry, Fund, LedgerTotal

ZERO = Decimal("0.00")
# The dates a ledger filter may name, and the largest sequence number a cursor may: beyond
# them nothing can match, and date arithmetic would overflow.
LEDGER_DATES = [MinValueValidator(date(1900, 1, 1)), MaxValueValidator(date(2999, 12, 31))]
MAX_SEQUENCE = 2**63 - 1
# A search of the payee, reference and description: from three characters (a trigram).
SEARCH_MIN, SEARCH_MAX = 3, 100


def check_search(text: str) -> str:
    """A search needs three letters or digits in a row: text with no trigram ("---", "%%%")
    would make the trigram indexes read every entry (docs/ledger-integrity.md#search)."""
    if text and not re.search(r"\w{3}", text):
        raise ValidationError(_("Search for at least three letters or digits in a row."),
                              code="no_trigram")
    return text


@dataclass(frozen=True)
class LedgerPage:
    entries: list[Entry]
    # Cursors (sequence numbers) of the neighbouring pages, None where there is none.
    newer: int | None
    older: int | None
    is_first: bool


def _cursor(fund: Fund, sequence: int | None) -> tuple[date, int] | None:
    if sequence is None:
        return None
    value_date = (Entry.objects.filter(fund=fund, sequence=sequence)
                  .values_list("value_date", flat=True).first())
    return (value_date, sequence) if value_date is not None else None


def ledger_page(fund: Fund, entries: QuerySet[Entry], *, before: int | None = None,
                after: int | None = None, size: int = 100) -> LedgerPage:
    """`size` entries of `entries` (a fund's, filtered) in listing order (value date, then
    sequence, newest first): the first page, the page after entry #before, or the page
    before entry #after. An unknown cursor gives the first page."""
    older_than, newer_than = _cursor(fund, before), _cursor(fund, after)
    if newer_than is not None:
        day, sequence = newer_than
        # The range bound lets the (fund, value_date, sequence) index find the page.
        rows = list(entries.filter(Q(value_date__gte=day), Q(value_date__gt=day)
                                   | Q(sequence__gt=sequence))
                    .order_by("value_date", "sequence")[:size + 1])
        more_newer = len(rows) > size
        rows = rows[:size][::-1]
        if not rows:  # nothing newer: the first page
            return ledger_page(fund, entries, size=size)
        return LedgerPage(rows, newer=rows[0].sequence if rows and more_newer else None,
                          older=rows[-1].sequence if rows else None, is_first=not more_newer)
    if older_than is not None:
        day, sequence = older_than
        entries = entries.filter(Q(value_date__lte=day), Q(value_date__lt=day)
                                 | Q(sequence__lt=sequence))
    rows = list(entries.order_by("-value_date", "-sequence")[:size + 1])
    more_older = len(rows) > size
    rows = rows[:size]
    return LedgerPage(rows, newer=rows[0].sequence if rows and older_than else None,
                      older=rows[-1].sequence if more_older else None,
                      is_first=older_than is None)


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def filtered_totals(fund: Fund, *, date_from: date | None, date_to: date | None,
                    line: str = "", kind: str = "", search: str = "") -> dict[str, Decimal]:
    """The sum of the selected entries by kind: whole months from the monthly totals, the
    days of a month cut by the range from the entries themselves (an indexed range). A
    search is summed over the entries it finds (the monthly totals know no text)."""
    if search:
        return _add(defaultdict(lambda: ZERO), Entry.objects.filter(fund=fund).matching(
            date_from=date_from, date_to=date_to, line=line, kind=kind, search=search))
    first = date_from if date_from is None or date_from.day == 1 else (
        _month_end(date_from) + timedelta(days=1))
    last = date_to if date_to is None or date_to == _month_end(date_to) else (
        date_to.replace(day=1) - timedelta(days=1))
    criteria = {"line_code": line} if line else {}
    if kind:
        criteria["kind"] = kind
    sums: dict[str, Decimal] = defaultdict(lambda: ZERO)
    entries = Entry.objects.filter(fund=fund, **criteria)
    if first is not None and last is not None and first > last:
        # The range lies within one month: its entries only.
        part = entries.filter(value_date__gte=date_from, value_date__lte=date_to)
        return _add(sums, part)
    months = LedgerTotal.objects.filter(fund=fund, **criteria)
    if first is not None:
        months = months.filter(month__gte=first)
    if last is not None:
        months = months.filter(month__lte=last.replace(day=1))
    for row in months.values("kind").order_by().annotate(total=Sum("amount")):
        sums[row["kind"]] += row["total"]
    if date_from is not None and first != date_from:
        _add(sums, entries.filter(value_date__gte=date_from, value_date__lt=first))
    if date_to is not None and last != date_to:
        _add(sums, entries.filter(value_date__gt=last, value_date__lte=date_to))
    return dict(sums)


def _add(sums: dict[str, Decimal], entries: QuerySet[Entry]) -> dict[str, Decimal]:
    for row in entries.values("kind").order_by().annotate(total=Sum("amount")):
        sums[row["kind"]] += row["total"]
    return dict(sums)
