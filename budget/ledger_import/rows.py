"""Reading a ledger file's rows: the columns, and each row as a `LedgerRow` or the reason it
cannot be one. Nothing here reads the fund; what a row may post is decided by
budget.ledger_import.planning with the posting arithmetic of budget.posting.book.

Columns: value_date (YYYY-MM-DD), kind (contribution, income, commitment, expenditure,
cancellation, reversal), line, amount, currency (default USD), cost_element (default by
line), payee, reference, description, commitment (the reference of the commitment an
expenditure liquidates or a cancellation releases), reverses (the reference of the entry a
reversal corrects), orderly_conclusion (why an expenditure no commitment covers was made
after the agreement ended)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from moneyed import Money

from budget.amounts import USD
from budget.import_files import Row, cell_date, cell_decimal
from budget.rates import currency_code

REQUIRED = {"value_date", "kind", "amount"}
OPTIONAL = {"line", "currency", "cost_element", "payee", "reference", "description",
            "commitment", "reverses", "orderly_conclusion"}
KINDS = ("contribution", "income", "commitment", "expenditure", "cancellation", "reversal")


@dataclass(frozen=True, slots=True)
class LedgerRow:
    number: int  # as a spreadsheet shows it: the header is row 1
    kind: str
    value_date: date
    amount: Money
    line: str = ""
    cost_element: str = ""
    payee: str = ""
    reference: str = ""
    description: str = ""
    commitment: str = ""  # the reference of the commitment it liquidates or cancels
    reverses: str = ""  # the reference of the entry it reverses
    orderly_conclusion: str = ""


def ledger_row(row: Row, *, decimal_comma: bool = False) -> LedgerRow:
    """The row's posting, or ValidationError saying what in the row is wrong."""
    if row.extra_cells:
        raise ValidationError(_("more cells than the header has columns"))
    cells = row.cells
    kind = cells.get("kind", "").lower()
    value_date = cell_date(cells.get("value_date", ""), "value_date")
    if value_date is None:
        raise ValidationError(_("%(column)s must be a date, YYYY-MM-DD")
                              % {"column": "value_date"})
    number = cell_decimal(cells.get("amount", ""), "amount", decimal_comma=decimal_comma)
    currency = currency_code(cells.get("currency") or USD)
    if kind not in KINDS:
        raise ValidationError(_("unknown kind %(kind)r") % {"kind": cells.get("kind", "")})
    if kind in ("commitment", "expenditure") and not cells.get("line"):
        raise ValidationError(_("a commitment or expenditure needs a budget line"))
    if kind == "cancellation" and currency != USD:
        raise ValidationError(_("a cancellation releases US dollars of its commitment"))
    return LedgerRow(
        number=row.number, kind=kind, value_date=value_date, amount=Money(number, currency),
        **{key: cells.get(key, "") for key in (
            "line", "cost_element", "payee", "reference", "description", "commitment",
            "reverses", "orderly_conclusion")})


def reversal_matches(row: LedgerRow, *, amount: Decimal, line_code: str,
                     reference: str) -> None:
    """A reversal row repeats the amount (as first entered) and line of the entry it
    reverses, so that a wrong reference cannot reverse the wrong entry."""
    if row.amount.amount != amount or (row.line and row.line != line_code):
        raise ValidationError(
            _("the reversal (%(amount)s on line %(line)s) does not match entry %(reference)r "
              "(%(entered)s on line %(entry_line)s)")
            % {"amount": row.amount.amount, "line": row.line or "-", "reference": reference,
               "entered": amount, "entry_line": line_code or "-"})


def missing_reference(column: str, reference: str, kinds: list[str]) -> ValidationError:
    if not reference:
        return ValidationError(_("the %(column)s column must name the reference of the "
                                 "entry") % {"column": column})
    return ValidationError(_("no %(kinds)s with reference %(reference)r")
                           % {"kinds": " / ".join(kinds), "reference": reference})
