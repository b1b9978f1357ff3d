"""What every all-or-none import shares (the ledger, UN rates of exchange, forum participants):
reading the file (encoding, delimiter, header), the one refusal type, and the row loop that
tries every row and reports every row's error, so that a file is either imported whole or
refused with all that is wrong in it, and nothing written."""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from budget.amounts import format_amount

DELIMITERS = ",;\t"


class ImportRefused(Exception):
    """A file refused whole; `errors` names every problem (by row where there is one)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Row:
    number: int  # as a spreadsheet shows it: the header is row 1
    cells: dict[str, str]
    extra_cells: bool = False  # more cells than the header has columns


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[Row]
    # A semicolon-separated file is what a spreadsheet set to a language that writes decimal
    # commas saves: its amounts may be written 181,85.
    decimal_comma: bool = False


def _csv_rows(content: bytes) -> tuple[list[list[str]], str]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused([_("the file is not UTF-8 text: save it as \"CSV UTF-8\"")]) \
            from None
    if "\x00" in text:
        raise ImportRefused([_("the file holds NUL characters")])
    header_line = text.split("\n", 1)[0]
    # The delimiter is the one the header uses most: a comma, or the semicolon that
    # spreadsheets set to a comma-decimal language write, or a tab.
    delimiter = max(DELIMITERS, key=header_line.count) if header_line else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)), delimiter
    except csv.Error as error:
        raise ImportRefused([_("not a readable CSV file (%(error)s)") % {"error": error}]) from None


def _xlsx_rows(content: bytes, max_rows: int) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportRefused([_("not a readable XLSX workbook (%(error)s)")
                             % {"error": type(error).__name__}]) \
            from None
    rows = []
    try:
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(cell) for cell in values])
            if len(rows) > max_rows + 1:
                break
    except Exception as error:  # a damaged sheet fails only when it is read
        raise ImportRefused([_("not a readable XLSX workbook (%(error)s)")
                             % {"error": type(error).__name__}]) \
            from None
    while rows and rows[0] and rows[0][-1] == "":
        rows[0].pop()  # trailing empty header cells
    return rows


def _cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


def read_table(file_name: str, content: bytes, *, required: set[str], optional: set[str],
               max_rows: int, spreadsheets: bool = False) -> Table:
    """The rows of a CSV (or, with `spreadsheets`, an XLSX) file under its header; refused
    whole when the file cannot be read, has too many rows, or its header lacks a required
    column or names an unknown one."""
    name = file_name.lower()
    delimiter = ","
    if spreadsheets and name.endswith(".xlsx"):
        raw = _xlsx_rows(content, max_rows)
    elif name.endswith(".csv") or not spreadsheets:
        raw, delimiter = _csv_rows(content)
    else:
        raise ImportRefused([_("the file must be a .csv or an .xlsx")])
    # Numbered as a spreadsheet shows them (the header is row 1), blank rows skipped.
    numbered = [(number, row) for number, row in enumerate(raw, start=1)
                if any(cell.strip() for cell in row)]
    if not numbered:
        raise ImportRefused([_("the file is empty")])
    columns = [cell.strip() for cell in numbered[0][1]]
    if repeated := sorted({c for c in columns if c and columns.count(c) > 1}):
        raise ImportRefused([_("column(s) named twice: %(columns)s")
                             % {"columns": ", ".join(repeated)}])
    if missing := required - set(columns):
        raise ImportRefused([_("missing column(s): %(columns)s")
                             % {"columns": ", ".join(sorted(missing))}])
    if unknown := set(columns) - required - optional - {""}:
        raise ImportRefused([_("unknown column(s): %(columns)s")
                             % {"columns": ", ".join(sorted(unknown))}])
    if len(numbered) - 1 > max_rows:
        raise ImportRefused([_("at most %(n)s rows at a time")
                             % {"n": format_amount(max_rows, places=0)}])
    if len(numbered) == 1:
        raise ImportRefused([_("the file has no rows under its header")])
    rows = []
    for number, values in numbered[1:]:
        cells = {column: (values[index] if index < len(values) else "").strip()
                 for index, column in enumerate(columns) if column}
        extra = len(values) > len(columns) and any(v.strip() for v in values[len(columns):])
        rows.append(Row(number=number, cells=cells, extra_cells=extra))
    return Table(columns=columns, rows=rows, decimal_comma=delimiter == ";")


def row_error(number: int, message: str) -> str:
    """"row 7: …", rows numbered as a spreadsheet shows them."""
    return _("row %(n)s: %(error)s") % {"n": number, "error": message}


def describe(error: ValidationError) -> str:
    """A refusal as one line: "field: message; other: message", or the messages."""
    if hasattr(error, "error_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" if field != "__all__"
                         else " ".join(messages)
                         for field, messages in error.message_dict.items())
    return " ".join(error.messages)


def import_rows(rows: Iterable[Row], handle: Callable[[Row], object]) -> int:
    """Hand every row to `handle` (which writes it or raises ValidationError); if any row
    is refused, write nothing and raise ImportRefused with every row's error. Returns the
    number of rows."""
    errors, count = [], 0
    with transaction.atomic():
        for row in rows:
            count += 1
            try:
                if row.extra_cells:
                    raise ValidationError(_("more cells than the header has columns"))
                with transaction.atomic():
                    handle(row)
            except ValidationError as error:
                errors.append(row_error(row.number, describe(error)))
            except (InvalidOperation, ValueError) as error:
                errors.append(row_error(row.number, _("unreadable (%(error)s)")
                                        % {"error": type(error).__name__}))
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise ImportRefused(errors)
    return count


def cell_date(value: str, column: str) -> date | None:
    """A YYYY-MM-DD cell (a spreadsheet's midnight time is ignored); empty gives None."""
    value = (value or "").strip()
    if value.endswith(("T00:00:00", " 00:00:00")):
        value = value[:10]
    if not value:
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(_("%(column)s must be a date, YYYY-MM-DD")
                              % {"column": column}) from None


def cell_decimal(value: str, column: str, *, decimal_comma: bool = False) -> Decimal:
    """A decimal cell; with `decimal_comma`, 181,85 reads as 181.85 (a space or a no-break
    space may group the thousands)."""
    text = (value or "").strip()
    if decimal_comma:
        text = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("%(column)s %(value)r is not a decimal")
                              % {"column": column, "value": value}) from None
    if not number.is_finite():
        raise ValidationError(_("%(column)s %(value)r is not a decimal")
                              % {"column": column, "value": value})
    return number
