"""Writing a planned import: ids for the new entries, then the entries and the new
commitment balances in bulk (COPY on PostgreSQL, `bulk_create` in batches elsewhere), and
each changed balance row and monthly total once. Runs in the import's transaction, under the
fund's lock, after every row has been checked."""

import io
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from budget.models import CommitmentBalance, Entry
from webhooks.events import announce_entries

from .planning import ImportPlan, PlannedEntry

BATCH = 5000
ENTRY_COLUMNS = ("id", "fund_id", "sequence", "kind", "line_code", "value_date", "amount",
                 "cost_element", "commitment_id", "reverses_id", "caused_by_id", "released",
                 "released_reserve", "orderly_conclusion", "payee", "reference", "description",
                 "original", "original_currency", "exchange_rate", "recorded_at",
                 "recorded_by_id")


def write_plan(plan: ImportPlan, *, recorded_by_id: int | None,
               progress: Callable[[int], None] | None = None) -> None:
    entries = plan.entries
    for entry, new_id in zip(entries, _new_entry_ids(len(entries)), strict=True):
        entry.id = new_id
    # SQLite (the demo) stores naive UTC text; PostgreSQL takes the aware datetime.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    fund_id = plan.fund.pk
    if connection.vendor == "postgresql":
        # Each entry's COPY line written at once: a call per value costs seconds at 100,000.
        fixed = f"{now.isoformat()}\t{_copy_text(recorded_by_id)}"
        _copy(Entry._meta.db_table, ENTRY_COLUMNS,
              (_entry_line(entry, fund_id, fixed) for entry in entries), progress)
    else:
        _insert(Entry._meta.db_table, ENTRY_COLUMNS,
                (_entry_row(entry, fund_id, now, recorded_by_id) for entry in entries),
                progress=progress)
    opened = [held for held in plan.open_commitments.values() if not held.stored]
    _insert(CommitmentBalance._meta.db_table, ("commitment_id", "open_amount", "reserve_hold"),
            ((held.commitment.id, held.open_amount, held.reserve_hold) for held in opened))
    changed = [CommitmentBalance(commitment_id=held.commitment.id,
                                 open_amount=held.open_amount, reserve_hold=held.reserve_hold)
               for held in plan.open_commitments.values() if held.stored and held.changed]
    CommitmentBalance.objects.bulk_update(changed, ["open_amount", "reserve_hold"],
                                          batch_size=1000)
    for code in sorted(plan.changed_lines):
        plan.lines[code].save(update_fields=["held", "spent"])
    plan.balance.save()
    plan.totals.save(plan.fund.pk)
    announce_entries(plan.fund, plan.balance.last_sequence - len(entries) + 1,
                     plan.balance.last_sequence)  # one webhook event (docs/webhooks.md)


def _new_entry_ids(count: int) -> list[int]:
    """Ids for `count` new entries, taken before they are written so that an entry can point
    to another of the same import (a payment to its commitment, a charge to its payment)."""
    if not count:
        return []
    table = Entry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The identity column's own sequence: concurrent inserts never get these ids.
            # One array, not a row per id: 100,000 rows of one number cost a second.
            cursor.execute("SELECT array_agg(nextval(pg_get_serial_sequence(%s, 'id'))) "
                           "FROM generate_series(1, %s)", [table, count])
            return cursor.fetchone()[0]
        # SQLite (the demo): one writer at a time, and this transaction is it.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        first = cursor.fetchone()[0] + 1
        return list(range(first, first + count))


def _entry_row(entry: PlannedEntry, fund_id: int, now: datetime,
               recorded_by_id: int | None) -> tuple:
    return (entry.id, fund_id, entry.sequence, entry.kind, entry.line_code, entry.value_date,
            entry.amount, entry.cost_element, _id(entry.commitment), _id(entry.reverses),
            _id(entry.caused_by), entry.released, entry.released_reserve,
            entry.orderly_conclusion, entry.payee, entry.reference, entry.description,
            entry.original_amount, entry.original_currency, entry.exchange_rate, now,
            recorded_by_id)


def _id(entry: PlannedEntry | None) -> int | None:
    return entry.id if entry is not None else None


def _entry_line(entry: PlannedEntry, fund_id: int, fixed: str) -> str:
    """The entry as a line of COPY text (the columns of ENTRY_COLUMNS; `fixed` is the
    recording time and user, the same for every entry of the import)."""
    return (f"{entry.id}\t{fund_id}\t{entry.sequence}\t{entry.kind}\t{entry.line_code}\t"
            f"{entry.value_date}\t{entry.amount}\t{entry.cost_element}\t"
            f"{_link(entry.commitment)}\t{_link(entry.reverses)}\t{_link(entry.caused_by)}\t"
            f"{entry.released}\t{entry.released_reserve}\t{_text(entry.orderly_conclusion)}\t"
            f"{_text(entry.payee)}\t{_text(entry.reference)}\t{_text(entry.description)}\t"
            f"{_copy_text(entry.original_amount)}\t{_copy_text(entry.original_currency)}\t"
            f"{_copy_text(entry.exchange_rate)}\t{fixed}")


def _link(entry: PlannedEntry | None) -> str:
    return "\\N" if entry is None else str(entry.id)


def _text(value: str) -> str:
    return value.translate(_ESCAPES) if value else ""


def _insert(table: str, columns: Sequence[str], rows: Iterable[tuple], *,
            progress: Callable[[int], None] | None = None) -> None:
    if connection.vendor == "postgresql":
        _copy(table, columns, rows, progress)
        return
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)


def _copy(table: str, columns: Sequence[str], rows: Iterable[tuple | str],
          progress: Callable[[int], None] | None) -> None:
    """COPY FROM STDIN in batches (text format: tab-separated, \\N for NULL); a row is a
    tuple of values or a line already in that format."""
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    written = 0
    with connection.cursor() as cursor:
        buffer = io.StringIO()
        count = 0
        for row in rows:
            buffer.write(row if isinstance(row, str) else "\t".join(map(_copy_text, row)))
            buffer.write("\n")
            count += 1
            if count == BATCH:
                buffer.seek(0)
                cursor.copy_expert(sql, buffer)
                written += count
                if progress:
                    progress(written)
                buffer, count = io.StringIO(), 0
        if count:
            buffer.seek(0)
            cursor.copy_expert(sql, buffer)
            written += count
            if progress:
                progress(written)


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: object) -> str:
    # By exact type first: this runs for every value of every entry.
    kind = type(value)
    if kind is str:
        return value.translate(_ESCAPES)
    if kind is int or kind is Decimal or kind is date:
        return str(value)
    if value is None:
        return "\\N"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    return str(value)
