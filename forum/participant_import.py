"""Participants from a CSV or XLSX file: all rows or none, with an error per bad row.

Columns (a header row): name, country (ISO 3166 alpha-3 code), organisation, function,
category (state, expert, un_official, agency, government_personnel), email, invited_on,
passport_number, date_of_birth, needs_visa (yes/no), visa_applied_on, visa_issued_on,
needs_exit_permit (yes/no).
Dates are YYYY-MM-DD. Personal data in the file is never echoed in an error message.
"""

import csv
import io
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import load_workbook

from forum.actions import register_participant
from forum.models import Country, Forum, Participant

REQUIRED = {"name", "country", "category"}
OPTIONAL = {"organisation", "function", "email", "invited_on", "passport_number",
            "date_of_birth", "needs_visa", "visa_applied_on", "visa_issued_on",
            "needs_exit_permit"}
YES, NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0", ""}
DATES = ("invited_on", "date_of_birth", "visa_applied_on", "visa_issued_on")
MAX_ROWS = 5000


class ImportRefused(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def _rows(file_name: str, content: bytes) -> list[dict[str, str]]:
    if file_name.lower().endswith(".xlsx"):
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception as error:
            raise ImportRefused([f"not a readable XLSX workbook ({type(error).__name__})"]) \
                from None
        values = []
        for row in sheet.iter_rows(values_only=True):
            if any(cell not in (None, "") for cell in row):  # formatted blank rows
                values.append(row)
            if len(values) > MAX_ROWS + 1:
                raise ImportRefused([f"at most {MAX_ROWS} rows at a time"])
        if not values:
            return []
        header = [str(cell or "").strip() for cell in values[0]]
        while header and not header[-1]:
            header.pop()
        rows = []
        for row in values[1:]:
            cells = {}
            for key, cell in zip(header, row, strict=False):
                if isinstance(cell, datetime):
                    cell = cell.date().isoformat()
                elif isinstance(cell, date):
                    cell = cell.isoformat()
                cells[key] = "" if cell is None else str(cell)
            rows.append(cells)
        return rows
    if file_name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRefused(["the CSV file is not UTF-8 text"]) from None
        if "\x00" in text:
            raise ImportRefused(["the CSV file holds NUL characters"])
        try:
            rows = list(csv.DictReader(io.StringIO(text)))
        except csv.Error as error:
            raise ImportRefused([f"not a readable CSV file ({error})"]) from None
        return rows
    raise ImportRefused(["the file must be a .csv or an .xlsx"])


def _date(value: str, column: str) -> date | None:
    value = (value or "").strip()
    if value.endswith("T00:00:00") or value.endswith(" 00:00:00"):
        value = value[:10]  # a spreadsheet's date cell
    if not value:
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"{column} must be a date, YYYY-MM-DD") from None


def _flag(value: str, column: str) -> bool:
    value = (value or "").strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise ValidationError(f"{column} must be yes or no")


def import_participants(*, forum: Forum, file_name: str, content: bytes,
                        acting_user: AbstractBaseUser | None = None) -> int:
    rows = _rows(file_name, content)
    if not rows:
        raise ImportRefused(["the file has no participants"])
    if len(rows) > MAX_ROWS:
        raise ImportRefused([f"at most {MAX_ROWS} rows at a time"])
    header = {key for key in rows[0] if key}
    if missing := REQUIRED - header:
        raise ImportRefused([f"missing column(s): {', '.join(sorted(missing))}"])
    if unknown := header - REQUIRED - OPTIONAL:
        raise ImportRefused([f"unknown column(s): {', '.join(sorted(unknown))}"])
    countries = {c.code: c for c in Country.objects.all()}
    errors = []
    with transaction.atomic():
        for number, row in enumerate(rows, start=2):
            try:
                with transaction.atomic():
                    if None in row or "" in row:
                        raise ValidationError("more cells than the header has columns")
                    code = (row.get("country") or "").strip().upper()
                    if code not in countries:
                        # The value is named only when it looks like a code: a shifted
                        # column could otherwise put a passport number in the message.
                        shown = f" {code!r}" if len(code) <= 3 and code.isalpha() else ""
                        raise ValidationError(f"unknown country code{shown}")
                    category = (row.get("category") or "").strip()
                    if category not in Participant.Category.values:
                        raise ValidationError("unknown category (state, expert, un_official, "
                                              "agency, government_personnel)")
                    name = (row.get("name") or "").strip()
                    if forum.participants.filter(name=name, country=countries[code]).exists():
                        raise ValidationError(f"{name} ({code}) is already registered")
                    dates = {column: _date(row.get(column, ""), column) for column in DATES}
                    register_participant(
                        forum=forum, name=name,
                        country=countries[code], category=category,
                        organisation=(row.get("organisation") or "").strip(),
                        function=(row.get("function") or "").strip(),
                        email=(row.get("email") or "").strip(),
                        passport_number=(row.get("passport_number") or "").strip(),
                        needs_visa=_flag(row.get("needs_visa", ""), "needs_visa")
                        or bool(dates["visa_applied_on"]),
                        needs_exit_permit=_flag(row.get("needs_exit_permit", ""),
                                                "needs_exit_permit"),
                        acting_user=acting_user, **dates)
            except ValidationError as error:
                messages = error.message_dict if hasattr(error, "error_dict") else None
                text = ("; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in
                                  messages.items()) if messages else " ".join(error.messages))
                errors.append(f"row {number}: {text}")
        if errors:
            transaction.set_rollback(True)
            raise ImportRefused(errors)
    return len(rows)
