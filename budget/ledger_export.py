"""The ledger's entries as CSV and XLSX, for the API and the ledger page.

The CSV is produced by PostgreSQL itself (COPY … TO STDOUT, one statement, so one
consistent snapshot) into a spooled temporary file and then streamed in 64 KB chunks: its
cost is PostgreSQL's plus reading a file, and memory stays flat at any size. It ends with a
trailer line `#end,N` (N the number of entries), so that a client can tell a complete file
from one cut short (docs/ledger-rules.md#exports). Text cells that a spreadsheet would run
as a formula are quoted with a leading apostrophe, as everywhere else (budget.spreadsheets).
"""

import csv
import io
import tempfile
from collections.abc import Iterator

from django.db import connections
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.db.models.functions import Concat
from openpyxl import Workbook

from budget.models import Entry
from budget.spreadsheets import formula_safe

COLUMNS = ["sequence", "kind", "line_code", "value_date", "amount", "cost_element", "payee",
           "reference", "description", "recorded_at"]
FREE_TEXT = ("payee", "reference", "description")
CHUNK = 64 * 1024
# Past this a temporary file goes to disk.
SPOOLED_IN_MEMORY = 8 * 1024 * 1024
# An XLSX sheet holds 1,048,576 rows; the header takes one.
XLSX_MAX_ROWS = 1_048_575


def _guarded(name: str) -> Case:
    looks_like_formula = (Q(**{f"{name}__startswith": "="}) | Q(**{f"{name}__startswith": "+"})
                          | Q(**{f"{name}__startswith": "-"})
                          | Q(**{f"{name}__startswith": "@"}))
    return Case(When(looks_like_formula, then=Concat(Value("'"), F(name))), default=F(name))


def _export_rows(entries: QuerySet[Entry]) -> QuerySet:
    guarded = {f"safe_{name}": _guarded(name) for name in FREE_TEXT}
    return entries.order_by("sequence").annotate(**guarded).values_list(*[
        f"safe_{name}" if name in FREE_TEXT else name for name in COLUMNS])


def csv_chunks(entries: QuerySet[Entry]) -> Iterator[bytes]:
    """The entries (a fund's, filtered) in sequence order as UTF-8 CSV with a header and
    the `#end,N` trailer, in chunks."""
    connection = connections[entries.db]
    if connection.vendor != "postgresql":
        yield from _csv_by_rows(entries)
        return
    sql, params = _export_rows(entries).query.sql_with_params()
    with tempfile.SpooledTemporaryFile(max_size=SPOOLED_IN_MEMORY) as spool:
        with connection.cursor() as cursor:
            query = cursor.mogrify(sql, params).decode()
            spool.write((",".join(COLUMNS) + "\n").encode())
            cursor.copy_expert(f"COPY ({query}) TO STDOUT WITH (FORMAT csv)", spool)
            rows = cursor.rowcount
        spool.write(f"#end,{rows}\n".encode())
        spool.seek(0)
        while chunk := spool.read(CHUNK):
            yield chunk


def _csv_by_rows(entries: QuerySet[Entry]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")  # as COPY writes
    writer.writerow(COLUMNS)
    rows = 0
    for row in _export_rows(entries).iterator(chunk_size=1000):
        writer.writerow(row)
        rows += 1
        if buffer.tell() > CHUNK:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    writer.writerow(["#end", rows])
    yield buffer.getvalue().encode()


def xlsx_file(entries: QuerySet[Entry], title: str) -> tempfile.SpooledTemporaryFile:
    """The entries as one XLSX sheet written in openpyxl's write-only mode (rows go to
    disk as they come), in a temporary file ready to be read. Past XLSX_MAX_ROWS the caller
    must refuse: see too_many_for_xlsx."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(formula_safe(title)[:31].replace("/", "-"))
    sheet.append(COLUMNS)
    for row in _export_rows(entries).iterator(chunk_size=2000):
        # Text is already guarded (_export_rows); a sheet's times are naive: UTC.
        sheet.append([*row[:-1], row[-1].replace(tzinfo=None)])
    # Closed by the response that sends it.
    output = tempfile.SpooledTemporaryFile(max_size=SPOOLED_IN_MEMORY)  # noqa: SIM115
    book.save(output)
    output.seek(0)
    return output


def too_many_for_xlsx(entries: QuerySet[Entry]) -> bool:
    """Whether the entries would not fit on a sheet (looks no further than that)."""
    return entries.order_by()[XLSX_MAX_ROWS:XLSX_MAX_ROWS + 1].exists()
