"""Writing a planned import: ids for the new entries, then the entries and the new
commitment balances in bulk (COPY on PostgreSQL, `bulk_create` in batches elsewhere), and
each changed balance row and monthly total once. Runs in the import's transaction, under the
fund's lock, after every row has been checked."""

import io
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from django.db import connection
from django.utils import timezone

from budget.models import CommitmentBalance, Entry

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
    rows = (_entry_row(entry, plan.fund.pk, now, recorded_by_id) for entry in entries)
    _insert(Entry._meta.db_table, ENTRY_COLUMNS, rows, progress=progress)
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


def _new_entry_ids(count: int) -> list[int]:
    """Ids for `count` new entries, taken before they are written so that an entry can point
    to another of the same import (a payment to its commitment, a charge to its payment)."""
    if not count:
        return []
    table = Entry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The identity column's own sequence: concurrent inserts never get these ids.
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                           "FROM generate_series(1, %s)", [table, count])
            return [row[0] for row in cursor.fetchall()]
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


def _copy(table: str, columns: Sequence[str], rows: Iterable[tuple],
          progress: Callable[[int], None] | None) -> None:
    """COPY FROM STDIN in batches (text format: tab-separated, \\N for NULL)."""
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    written = 0
    with connection.cursor() as cursor:
        buffer = io.StringIO()
        count = 0
        for row in rows:
            buffer.write("\t".join(_copy_text(value) for value in row))
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
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)
