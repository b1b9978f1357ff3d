"""`manage.py import_ledger FUND PATH`: historical postings from a CSV (the kind of export a
UN ERP gives), each row posted through the posting service with all its controls; all rows
or none, with an error per bad row.

Columns: value_date (YYYY-MM-DD), kind (contribution, income, commitment, expenditure,
cancellation, reversal), line, amount, currency (default USD), cost_element (default by
line), payee, reference, description, commitment (the reference of the commitment an
expenditure liquidates or a cancellation releases), reverses (the reference of the entry a
reversal corrects). Rows are posted in file order.
"""

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from moneyed import Money

from budget.models import Entry, Fund, LedgerImport
from budget.posting import (
    cancel_commitment,
    post_commitment,
    post_expenditure,
    record_contribution,
    record_income,
    reverse_entry,
)
from budget.rates import currency_code

COLUMNS = {"value_date", "kind", "line", "amount", "currency", "cost_element", "payee",
           "reference", "description", "commitment", "reverses"}
REQUIRED = {"value_date", "kind", "amount"}


class ImportRefused(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class ImportResult:
    rows: int
    already_imported: bool


def _entry_by_reference(fund: Fund, reference: str, kinds: list[str], column: str) -> Entry:
    if not reference:
        raise ValidationError(f"the {column} column must name the reference of the entry")
    entry = (Entry.objects.filter(fund=fund, reference=reference, kind__in=kinds,
                                  reverses__isnull=True)
             .order_by("-sequence").first())
    if entry is None:
        raise ValidationError(f"no {' or '.join(kinds)} with reference {reference!r}")
    return entry


def _post_row(fund: Fund, row: dict[str, str], user: AbstractBaseUser | None) -> None:
    row = {key: (value or "") for key, value in row.items() if key is not None}
    kind = row.get("kind", "").strip().lower()
    try:
        value_date = date.fromisoformat(row.get("value_date", "").strip())
    except ValueError:
        raise ValidationError("value_date must be a date, YYYY-MM-DD") from None
    try:
        number = Decimal(row.get("amount", "").strip())
    except InvalidOperation:
        raise ValidationError(f"amount {row.get('amount', '')!r} is not a decimal") from None
    currency = currency_code(row.get("currency") or "USD")
    amount = Money(number, currency)
    text = {key: (row.get(key) or "").strip() for key in
            ("payee", "reference", "description", "cost_element", "line")}
    common = {"fund": fund, "value_date": value_date, "acting_user": user}
    if kind == "contribution":
        record_contribution(amount=amount, reference=text["reference"],
                            description=text["description"], **common)
    elif kind == "income":
        record_income(amount=amount, reference=text["reference"],
                      description=text["description"], **common)
    elif kind in ("commitment", "expenditure"):
        if not text["line"]:
            raise ValidationError("a commitment or expenditure needs a budget line")
        spend = {"line_code": text["line"], "amount": amount,
                 "cost_element": text["cost_element"] or None, "payee": text["payee"],
                 "reference": text["reference"], "description": text["description"]}
        if kind == "commitment":
            post_commitment(**spend, **common)
        else:
            commitment = (_entry_by_reference(fund, row.get("commitment", "").strip(),
                                              ["commitment"],
                                              "commitment")
                          if row.get("commitment", "").strip() else None)
            post_expenditure(commitment=commitment, **spend, **common)
    elif kind == "cancellation":
        if currency != "USD":
            raise ValidationError("a cancellation releases US dollars of its commitment")
        commitment = _entry_by_reference(fund, row.get("commitment", "").strip(),
                                         ["commitment"], "commitment")
        cancel_commitment(commitment=commitment, value_date=value_date, amount=Money(number, "USD"),
                          reason=text["description"], acting_user=user)
    elif kind == "reversal":
        entry = _entry_by_reference(fund, row.get("reverses", "").strip(),
                                    ["contribution", "income", "expenditure"], "reverses")
        original = entry.original.amount if entry.original is not None else entry.amount
        if number != original or (text["line"] and text["line"] != entry.line_code):
            raise ValidationError(
                f"the reversal ({number} on line {text['line'] or '-'}) does not match entry "
                f"{entry.reference!r} ({original} on line {entry.line_code or '-'})")
        reverse_entry(entry=entry, value_date=value_date,
                      reason=text["description"] or "Reversal", acting_user=user)
    else:
        raise ValidationError(f"unknown kind {row['kind']!r}")


def import_ledger(*, fund: Fund, content: bytes, file_name: str = "",
                  acting_user: AbstractBaseUser | None = None) -> ImportResult:
    sha256 = hashlib.sha256(content).hexdigest()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(["the file is not UTF-8 text"]) from None
    reader = csv.DictReader(io.StringIO(text))
    header = set(reader.fieldnames or [])
    if missing := REQUIRED - header:
        raise ImportRefused([f"missing column(s): {', '.join(sorted(missing))}"])
    if unknown := header - COLUMNS:
        raise ImportRefused([f"unknown column(s): {', '.join(sorted(unknown))}"])
    with transaction.atomic():
        if LedgerImport.objects.filter(fund=fund, sha256=sha256).exists():
            return ImportResult(rows=0, already_imported=True)
        errors, rows = [], 0
        for number, row in enumerate(reader, start=2):
            rows += 1
            try:
                with transaction.atomic():
                    _post_row(fund, row, acting_user)
            except ValidationError as error:
                errors.append(f"row {number}: {' '.join(error.messages)}")
            except (InvalidOperation, ValueError, TypeError) as error:
                errors.append(f"row {number}: unreadable ({type(error).__name__})")
        if errors:
            transaction.set_rollback(True)
            raise ImportRefused(errors)
        LedgerImport.objects.create(fund=fund, sha256=sha256, file_name=file_name[:200],
                                    rows=rows, imported_by=acting_user)
    return ImportResult(rows=rows, already_imported=False)
