"""`manage.py import_ledger FUND PATH`: historical postings from a CSV (the kind of export a
UN ERP gives), each row posted through the posting service with all its controls; all rows
or none, with an error per bad row.

Columns: value_date (YYYY-MM-DD), kind (contribution, income, commitment, expenditure,
cancellation, reversal), line, amount, currency (default USD), cost_element (default by
line), payee, reference, description, commitment (the reference of the commitment an
expenditure liquidates or a cancellation releases), reverses (the reference of the entry a
reversal corrects). Rows are posted in file order. The file is read and checked by
`budget.import_files`.
"""

import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from moneyed import Money

from budget.amounts import USD
from budget.import_files import (
    ImportRefused,
    Row,
    cell_date,
    cell_decimal,
    import_rows,
    read_table,
)
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

REQUIRED = {"value_date", "kind", "amount"}
OPTIONAL = {"line", "currency", "cost_element", "payee", "reference", "description",
            "commitment", "reverses"}
MAX_ROWS = 1_000_000

__all__ = ["ImportRefused", "ImportResult", "import_ledger"]


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


def _post_row(fund: Fund, row: Row, acting_user: AbstractBaseUser | None,
              decimal_comma: bool = False) -> None:
    cells = row.cells
    kind = cells.get("kind", "").lower()
    value_date = cell_date(cells.get("value_date", ""), "value_date")
    if value_date is None:
        raise ValidationError("value_date must be a date, YYYY-MM-DD")
    number = cell_decimal(cells.get("amount", ""), "amount", decimal_comma=decimal_comma)
    currency = currency_code(cells.get("currency") or USD)
    amount = Money(number, currency)
    text = {key: cells.get(key, "") for key in
            ("payee", "reference", "description", "cost_element", "line")}
    common = {"fund": fund, "value_date": value_date, "acting_user": acting_user}
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
            commitment = (_entry_by_reference(fund, cells["commitment"], ["commitment"],
                                              "commitment")
                          if cells.get("commitment") else None)
            post_expenditure(commitment=commitment, **spend, **common)
    elif kind == "cancellation":
        if currency != USD:
            raise ValidationError("a cancellation releases US dollars of its commitment")
        commitment = _entry_by_reference(fund, cells.get("commitment", ""), ["commitment"],
                                         "commitment")
        cancel_commitment(commitment=commitment, value_date=value_date, amount=amount,
                          reason=text["description"], acting_user=acting_user)
    elif kind == "reversal":
        entry = _entry_by_reference(fund, cells.get("reverses", ""),
                                    ["contribution", "income", "expenditure"], "reverses")
        original = entry.original.amount if entry.original is not None else entry.amount
        if number != original or (text["line"] and text["line"] != entry.line_code):
            raise ValidationError(
                f"the reversal ({number} on line {text['line'] or '-'}) does not match entry "
                f"{entry.reference!r} ({original} on line {entry.line_code or '-'})")
        reverse_entry(entry=entry, value_date=value_date,
                      reason=text["description"] or "Reversal", acting_user=acting_user)
    else:
        raise ValidationError(f"unknown kind {cells.get('kind', '')!r}")


def import_ledger(*, fund: Fund, content: bytes, file_name: str = "ledger.csv",
                  acting_user: AbstractBaseUser | None) -> ImportResult:
    """Post every row of a ledger CSV, in file order, or none (ImportRefused lists every
    row's error). A file already imported into the fund changes nothing."""
    sha256 = hashlib.sha256(content).hexdigest()
    table = read_table(file_name if file_name.lower().endswith(".csv") else "ledger.csv",
                       content, required=REQUIRED, optional=OPTIONAL, max_rows=MAX_ROWS)
    with transaction.atomic():
        if LedgerImport.objects.filter(fund=fund, sha256=sha256).exists():
            return ImportResult(rows=0, already_imported=True)
        rows = import_rows(table.rows, lambda row: _post_row(fund, row, acting_user,
                                                             table.decimal_comma))
        LedgerImport.objects.create(fund=fund, sha256=sha256, file_name=file_name[:200],
                                    rows=rows, imported_by=acting_user)
    return ImportResult(rows=rows, already_imported=False)
