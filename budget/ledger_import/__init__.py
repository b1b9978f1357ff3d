"""`import_ledger`: a fund's postings from a CSV (the kind of export a UN ERP gives), all
rows or none, each checked with the rules of an interactive posting
(docs/ledger-rules.md#imports).

The file is read and every row checked and posted in memory first (budget.ledger_import.
planning, with the arithmetic of budget.posting.book), under the fund's lock; if any row is
refused, nothing is written and ImportRefused names every refused row. Otherwise the entries
are written in bulk and each balance row once (budget.ledger_import.writing), so that the
import's cost grows with the file and not with its square."""

import gc
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import attributable
from audit.actions import record_event
from budget.import_files import ImportRefused, describe, read_table, row_error
from budget.models import Fund, FundBalance, LedgerImport
from budget.posting.controls import lock_fund
from budget.posting.facts import FundFacts

from .planning import ImportPlan, plan_import
from .rows import OPTIONAL, REQUIRED, LedgerRow, ledger_row
from .writing import write_plan

MAX_ROWS = 1_000_000

__all__ = ["ImportRefused", "ImportResult", "LedgerRow", "Progress", "check_ledger_file",
           "import_ledger", "ledger_rows"]

# Told how far an import has gone: (stage, done, of).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ImportResult:
    rows: int
    entries: int = 0
    already_imported: bool = False
    # What the file adds, by kind of entry, in USD (shown before an import is confirmed).
    totals: dict[str, str] | None = None


@contextmanager
def without_collection() -> Iterator[None]:
    """An import only adds objects (no cycles to collect); the collector's full passes over
    the hundreds of thousands it holds would make an import grow faster than its file
    (measured: 16 times the checking time for 10 times the rows)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def ledger_rows(content: bytes, file_name: str = "ledger.csv") -> list[LedgerRow | str]:
    """Every row of the file, as a LedgerRow or the row's error; ImportRefused when the
    file itself cannot be read."""
    table = read_table(file_name if file_name.lower().endswith(".csv") else "ledger.csv",
                       content, required=REQUIRED, optional=OPTIONAL, max_rows=MAX_ROWS)
    rows: list[LedgerRow | str] = []
    for row in table.rows:
        try:
            rows.append(ledger_row(row, decimal_comma=table.decimal_comma))
        except ValidationError as error:
            rows.append(row_error(row.number, describe(error)))
    return rows


def _planned(fund: Fund, rows: list[LedgerRow | str], progress: Progress | None,
             *, lock: bool) -> ImportPlan:
    balance = lock_fund(fund) if lock else FundBalance.objects.get(fund=fund)
    plan = plan_import(fund, balance, rows, facts=FundFacts.loaded(fund), progress=(
        (lambda done: progress("check", done, len(rows))) if progress else None))
    if plan.errors:
        raise ImportRefused(plan.errors)
    return plan


def _sums(plan: ImportPlan) -> dict[str, str]:
    sums: dict[str, object] = {}
    for entry in plan.entries:
        sums[entry.kind] = sums.get(entry.kind, 0) + entry.amount
    return {kind: f"{amount:.2f}" for kind, amount in sums.items()}


def check_ledger_file(*, fund: Fund, content: bytes, file_name: str = "ledger.csv",
                      progress: Progress | None = None) -> ImportResult:
    """What importing the file now would post, or ImportRefused with every row's error;
    writes nothing. (The import checks again when it runs: the ledger may have moved.)"""
    with without_collection(), transaction.atomic():
        rows = ledger_rows(content, file_name)
        plan = _planned(fund, rows, progress, lock=False)
        transaction.set_rollback(True)  # the plan moved the balance objects, never saved
    return ImportResult(rows=len(rows), entries=len(plan.entries), totals=_sums(plan))


def import_ledger(*, fund: Fund, content: bytes, file_name: str = "ledger.csv",
                  acting_user: AbstractBaseUser | None,
                  progress: Progress | None = None) -> ImportResult:
    """Post every row of a ledger CSV, in file order, or none (ImportRefused lists every
    row's error). A file already imported into the fund changes nothing."""
    sha256 = hashlib.sha256(content).hexdigest()
    with without_collection(), transaction.atomic():
        rows = ledger_rows(content, file_name)
        # Under the fund's lock: a second import of the same file, started meanwhile,
        # waits here and then finds the first.
        lock_fund(fund)
        if LedgerImport.objects.filter(fund=fund, sha256=sha256).exists():
            return ImportResult(rows=0, already_imported=True)
        plan = _planned(fund, rows, progress, lock=True)
        user = attributable(acting_user)
        write_plan(plan, recorded_by_id=user.pk if user else None, progress=(
            (lambda done: progress("write", done, len(plan.entries))) if progress else None))
        LedgerImport.objects.create(fund=fund, sha256=sha256, file_name=file_name[:200],
                                    rows=len(rows), imported_by=user)
        record_event(action="ledger.imported", acting_user=acting_user,
                     agreement=fund.agreement,
                     summary=f"{file_name[:120]}: {len(rows)} row(s), {len(plan.entries)} "
                             f"entries",
                     details={"sha256": sha256, "rows": len(rows),
                              "entries": len(plan.entries),
                              "first": plan.entries[0].sequence if plan.entries else None,
                              "last": plan.entries[-1].sequence if plan.entries else None})
    return ImportResult(rows=len(rows), entries=len(plan.entries), totals=_sums(plan))

