"""A fund's audit trail: every act on it, newest first, with who, when, what and the before
and after of what it changed (docs/audit-trail.md). One read shared by the page and its
CSV and XLSX downloads.

A page is read by keyset: each source gives its newest rows before the cursor (the last line
shown: its time, source and row), and the sources' rows are merged; no OFFSET, no COUNT, so a
page costs the same at any size of the ledger."""

import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import F, QuerySet
from django.db.models.fields.tuple_lookups import TupleLessThan

from audit.trail.rows import Change, TrailKind, TrailRow
from audit.trail.sources import SOURCES, Scope, Source

__all__ = ["Change", "Cursor", "Scope", "TrailKind", "TrailPage", "TrailRow", "iter_trail",
           "parse_cursor", "trail_page"]

Cursor = tuple[datetime, str, int]


@dataclass(frozen=True)
class TrailPage:
    rows: list[TrailRow]
    # The cursor of the next (older) page, None on the last one.
    older: str | None


def format_cursor(key: Cursor) -> str:
    at, source, ref = key
    return f"{at.astimezone(UTC).strftime('%Y%m%dT%H%M%S.%f')}~{source}~{ref}"


def parse_cursor(text: str | None) -> Cursor | None:
    """A cursor from the query string; anything else is no cursor (the first page)."""
    if not text:
        return None
    try:
        stamp, source, ref = text.split("~")
        at = datetime.strptime(stamp, "%Y%m%dT%H%M%S.%f").replace(tzinfo=UTC)
        number = int(ref)
    except (ValueError, OverflowError):
        return None
    if source not in {each.code for each in SOURCES} or not 0 < number < 2**63:
        return None
    return (at, source, number)


def _before(source: Source, records: QuerySet, cursor: Cursor) -> QuerySet:
    """This source's rows that come after `cursor` in newest-first order of
    (time, source, row)."""
    at, cursor_source, ref = cursor
    if source.code < cursor_source:
        return records.filter(**{f"{source.at}__lte": at})
    if source.code > cursor_source:
        return records.filter(**{f"{source.at}__lt": at})
    # A row comparison, which the (fund, time, row) index of the entries answers by seeking
    # to the cursor: "time < t OR (time = t AND row < r)" would read every row of an instant
    # that a bulk import filled. Django's tuple lookup (of composite keys) writes it with each
    # backend's own values, and as that OR where a backend has no row values.
    return records.filter(TupleLessThan((F(source.at), F(source.ref)), (at, ref)))


def _selected(source: Source, scope: Scope, cursor: Cursor | None) -> QuerySet | None:
    if not source.kinds & scope.kinds:
        return None
    records = source.records(scope)
    if records is None:
        return None
    if scope.since is not None:
        records = records.filter(**{f"{source.at}__gte": scope.since})
    if scope.until is not None:
        records = records.filter(**{f"{source.at}__lt": scope.until})
    if cursor is not None:
        records = _before(source, records, cursor)
    return records.order_by(f"-{source.at}", f"-{source.ref}")


def _newest(scope: Scope, cursor: Cursor | None, size: int) -> tuple[list[TrailRow], bool]:
    rows: list[TrailRow] = []
    for source in SOURCES:
        records = _selected(source, scope, cursor)
        if records is not None:
            rows.extend(source.describe(list(records[:size + 1]), scope))
    newest = heapq.nlargest(size + 1, rows, key=lambda row: row.key)
    return newest[:size], len(newest) > size


def trail_page(scope: Scope, *, cursor: Cursor | None = None, size: int = 50) -> TrailPage:
    rows, more = _newest(scope, cursor, size)
    return TrailPage(rows=rows, older=format_cursor(rows[-1].key) if more else None)


def iter_trail(scope: Scope, *, batch: int = 500) -> Iterator[TrailRow]:
    """Every line of the trail in the scope, newest first, read a batch at a time (for the
    downloads)."""
    cursor = None
    while True:
        rows, more = _newest(scope, cursor, batch)
        yield from rows
        if not more:
            return
        cursor = rows[-1].key
