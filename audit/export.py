"""The audit trail as CSV and XLSX, with the page's filters: one line per act, the changed
fields in one cell ("field: before → after", a line each)."""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from audit.trail import TrailRow
from budget.ledger_export import SPOOLED_IN_MEMORY, XLSX_MAX_ROWS
from budget.spreadsheets import formula_safe


class TooManyForXlsx(Exception):
    """More lines than a sheet holds."""


def columns() -> list[str]:
    return [_("When"), _("Who"), _("Kind"), _("What"), _("Changes"), _("Details")]


def cells(row: TrailRow) -> list[str]:
    changes = "\n".join(f"{change.field}: {change.before} → {change.after}"
                        for change in row.changes)
    at = timezone.localtime(row.at).isoformat(timespec="seconds")
    return [at, *(formula_safe(text) for text in (row.who, row.kind_label, row.what, changes,
                                                  row.detail))]


def csv_lines(rows: Iterable[TrailRow]) -> Iterator[str]:
    """The CSV a line at a time (streamed; a spreadsheet reads the BOM as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flushed() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(columns())
    yield "\ufeff" + flushed()
    for row in rows:
        writer.writerow(cells(row))
        yield flushed()


def xlsx_file(rows: Iterable[TrailRow], title: str) -> tempfile.SpooledTemporaryFile:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(formula_safe(title)[:31].replace("/", "-"))
    sheet.append(columns())
    for count, row in enumerate(rows, start=1):
        if count >= XLSX_MAX_ROWS:
            raise TooManyForXlsx
        sheet.append(cells(row))
    # Closed by the response that sends it.
    output = tempfile.SpooledTemporaryFile(max_size=SPOOLED_IN_MEMORY)  # noqa: SIM115
    book.save(output)
    output.seek(0)
    return output
