"""An import planned in memory: every row of the file checked and posted, in file order,
against the fund's running figures as the rows before it left them, with the same
arithmetic and controls as an interactive posting (budget.posting.book), and no query per
row. A refused row changes nothing (every `plan_*` checks before anything moves), so the
rows after it are judged as if it were not in the file, as when each row is posted in its
own savepoint.

What this gives budget.ledger_import.writing: the new entries (with their sequence numbers,
linked to each other and to earlier entries), the new and changed commitment balances, the
line and fund balances, and the monthly totals."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from budget.import_files import describe, row_error
from budget.models import CommitmentBalance, Entry, Fund, FundBalance, LineBalance
from budget.posting import book
from budget.posting.controls import (
    ZERO,
    check_period,
    check_programme_line,
    check_texts,
    usd_of,
)
from budget.posting.facts import FundFacts
from budget.posting.spending import check_reversible
from budget.totals import TotalsDelta

from .rows import LedgerRow, missing_reference, reversal_matches

Kind = Entry.Kind
COMMITMENT_KINDS = [Kind.COMMITMENT]
REVERSIBLE_KINDS = [Kind.CONTRIBUTION, Kind.INCOME, Kind.EXPENDITURE]
# Lookups by reference are batched to stay under every database's parameter limit.
LOOKUP_BATCH = 900


@dataclass(slots=True, eq=False)
class PlannedEntry:
    """An entry of the import (or an earlier one it refers to, `id` set): the fields an
    Entry is written with, its links as objects until ids are allocated."""

    sequence: int
    kind: str
    value_date: date
    amount: Decimal
    line_code: str = ""
    cost_element: str = ""
    commitment: "PlannedEntry | None" = None
    reverses: "PlannedEntry | None" = None
    caused_by: "PlannedEntry | None" = None
    released: Decimal = ZERO
    released_reserve: Decimal = ZERO
    orderly_conclusion: str = ""
    payee: str = ""
    reference: str = ""
    description: str = ""
    original_amount: Decimal | None = None
    original_currency: str | None = None
    exchange_rate: Decimal | None = None
    id: int | None = None
    is_reversed: bool = False

    # As an Entry answers them, for the checks both paths share (check_reversible).
    @property
    def reverses_id(self) -> int | None:
        return self.reverses.id if self.reverses is not None else None

    def get_kind_display(self) -> str:
        return str(Kind(self.kind).label)


@dataclass
class OpenCommitment:
    """What a commitment still holds, as a CommitmentBalance row has it."""

    commitment: PlannedEntry
    open_amount: Decimal
    reserve_hold: Decimal
    stored: bool  # an existing row (updated) or one of the import's (inserted)
    changed: bool = False


@dataclass
class ImportPlan:
    fund: Fund
    facts: FundFacts
    balance: FundBalance
    lines: dict[str, LineBalance]
    entries: list[PlannedEntry] = field(default_factory=list)
    open_commitments: dict[int, OpenCommitment] = field(default_factory=dict)  # by id(entry)
    errors: list[str] = field(default_factory=list)
    totals: TotalsDelta = field(default_factory=TotalsDelta)
    changed_lines: set[str] = field(default_factory=set)
    # The latest entry (not a reversal) with each reference, by kind.
    by_reference: dict[tuple[str, str], PlannedEntry] = field(default_factory=dict)


def plan_import(fund: Fund, balance: FundBalance, rows: Iterable[LedgerRow | str], *,
                facts: FundFacts, progress: Callable[[int], None] | None = None
                ) -> ImportPlan:
    """Plan every row; `rows` holds a LedgerRow or, for a row that could not be read, its
    error. `balance` is the fund's (locked) balance row, moved in memory."""
    rows = list(rows)
    lines = {line.code: line for line in LineBalance.objects.filter(fund=fund)}
    plan = ImportPlan(fund=fund, facts=facts, balance=balance, lines=lines)
    _load_references(plan, [row for row in rows if isinstance(row, LedgerRow)])
    planner = _Planner(plan)
    for done, row in enumerate(rows, start=1):
        if isinstance(row, str):
            plan.errors.append(row)
        else:
            try:
                planner.post(row)
            except ValidationError as error:
                plan.errors.append(row_error(row.number, describe(error)))
        if progress and done % 1000 == 0:
            progress(done)
    if progress:
        progress(len(rows))
    return plan


def _load_references(plan: ImportPlan, rows: list[LedgerRow]) -> None:
    """The earlier entries the file names (commitments it liquidates or cancels, entries it
    reverses), with their open balances, in a few queries."""
    named = sorted({row.commitment for row in rows if row.commitment}
                   | {row.reverses for row in rows if row.reverses})
    found: dict[int, PlannedEntry] = {}
    commitment_of: dict[int, int] = {}  # entry id -> the id of the commitment it liquidates
    reversal = Entry.objects.filter(reverses=OuterRef("pk"))
    for start in range(0, len(named), LOOKUP_BATCH):
        for values in (Entry.objects.filter(
                fund=plan.fund, reference__in=named[start:start + LOOKUP_BATCH],
                reverses__isnull=True, kind__in=COMMITMENT_KINDS + REVERSIBLE_KINDS)
                .annotate(is_reversed=Exists(reversal))
                .values("id", "sequence", "kind", "value_date", "amount", "line_code",
                        "cost_element", "commitment_id", "released", "released_reserve",
                        "reference", "original", "original_currency", "exchange_rate",
                        "is_reversed")):
            if commitment_id := values.pop("commitment_id"):
                commitment_of[values["id"]] = commitment_id
            original = values.pop("original")
            entry = PlannedEntry(**values, original_amount=original)
            found[entry.id] = entry
            key = (entry.reference, entry.kind)
            latest = plan.by_reference.get(key)
            if latest is None or latest.sequence < entry.sequence:
                plan.by_reference[key] = entry
    # One object per commitment, whether the file names it or an expenditure it names
    # liquidated it (its reversal will hold the commitment again).
    commitments = {pk: entry for pk, entry in found.items() if entry.kind == Kind.COMMITMENT}
    for pk, commitment_id in commitment_of.items():
        found[pk].commitment = commitments.setdefault(commitment_id, PlannedEntry(
            sequence=0, kind=Kind.COMMITMENT, value_date=found[pk].value_date, amount=ZERO,
            id=commitment_id))
    ids = sorted(commitments)
    for start in range(0, len(ids), LOOKUP_BATCH):
        for row in CommitmentBalance.objects.filter(
                commitment_id__in=ids[start:start + LOOKUP_BATCH]):
            commitment = commitments[row.commitment_id]
            plan.open_commitments[id(commitment)] = OpenCommitment(
                commitment=commitment, open_amount=row.open_amount,
                reserve_hold=row.reserve_hold, stored=True)


class _Planner:
    """Each kind of row posted as budget.posting posts it, in the same order of checks, so
    that a refused row gives the same message on both paths."""

    def __init__(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.facts = plan.facts
        self.balance = plan.balance
        # The charges' descriptions, translated once for the whole file.
        self.reserve_description = _("Reserve for claims, Art. 2.3")
        self.psc_description = _("Programme support cost, Art. 2.2")

    def post(self, row: LedgerRow) -> None:
        getattr(self, f"_{row.kind}")(row)

    def _lookup(self, row: LedgerRow, column: str, kinds: list[str]) -> PlannedEntry:
        reference = getattr(row, column)
        found = [entry for kind in kinds
                 if (entry := self.plan.by_reference.get((reference, kind))) is not None]
        if not reference or not found:
            raise missing_reference(column, reference, kinds)
        return max(found, key=lambda entry: entry.sequence)

    def _line(self, code: str) -> LineBalance:
        return check_programme_line(self.plan.lines.get(code), code, self.plan.fund)

    def _psc_line(self) -> LineBalance:
        return next(line for line in self.plan.lines.values() if line.is_programme_support)

    def _write(self, row: LedgerRow | None, *, reserve_held: Decimal = ZERO,
               **fields) -> PlannedEntry:
        """The in-memory twin of budget.posting.controls.write_entry."""
        check_texts(fields)
        self.balance.last_sequence += 1
        entry = PlannedEntry(sequence=self.balance.last_sequence, **fields)
        self.plan.entries.append(entry)
        self.plan.totals.add(value_date=entry.value_date, line_code=entry.line_code,
                             kind=entry.kind, amount=entry.amount, released=entry.released,
                             released_reserve=entry.released_reserve,
                             reserve_held=reserve_held)
        if entry.reference and entry.reverses is None:
            self.plan.by_reference[(entry.reference, entry.kind)] = entry
        return entry

    @staticmethod
    def _conversion_fields(conversion) -> dict:
        original = conversion.original
        return {"original_amount": original.amount if original is not None else None,
                "original_currency": original.currency.code if original is not None else None,
                "exchange_rate": conversion.rate}

    def _receive(self, row: LedgerRow) -> None:
        book.check_receipt_date(row.kind, row.value_date)
        conversion = usd_of(row.amount, row.value_date, self.facts)
        book.plan_receipt(self.facts, self.balance, kind=row.kind, amount=conversion.usd,
                          value_date=row.value_date)
        self._write(row, kind=row.kind, value_date=row.value_date, amount=conversion.usd,
                    reference=row.reference, description=row.description,
                    **self._conversion_fields(conversion))
        book.apply_receipt(self.balance, kind=row.kind, amount=conversion.usd)

    _contribution = _income = _receive

    def _commitment(self, row: LedgerRow) -> None:
        conversion = usd_of(row.amount, row.value_date, self.facts)
        line = self._line(row.line)
        element = book.cost_element(self.facts, line.code, row.cost_element or None)
        held = book.plan_commitment(self.facts, self.balance, line, amount=conversion.usd,
                                    value_date=row.value_date, element=element,
                                    entered_on=None)
        entry = self._write(row, kind=Kind.COMMITMENT, line_code=line.code,
                            value_date=row.value_date, amount=conversion.usd,
                            cost_element=element, payee=row.payee, reference=row.reference,
                            description=row.description, reserve_held=held.reserve,
                            **self._conversion_fields(conversion))
        self.plan.open_commitments[id(entry)] = OpenCommitment(
            commitment=entry, open_amount=conversion.usd, reserve_hold=held.reserve,
            stored=False)
        book.apply_commitment(self.balance, line, held)
        self.plan.changed_lines.add(line.code)

    def _expenditure(self, row: LedgerRow) -> None:
        commitment = (self._lookup(row, "commitment", COMMITMENT_KINDS) if row.commitment
                      else None)
        conversion = usd_of(row.amount, row.value_date, self.facts)
        line = self._line(row.line)
        open_balance = (self.plan.open_commitments[id(commitment)] if commitment is not None
                        else None)
        element = book.cost_element(self.facts, line.code,
                                    row.cost_element or (commitment and commitment.cost_element)
                                    or None)
        spending = book.plan_expenditure(
            self.facts, self.balance, line, open_balance, amount=conversion.usd,
            value_date=row.value_date, element=element, commitment_facts=commitment,
            orderly_conclusion=row.orderly_conclusion, entered_on=None)
        entry = self._write(row, kind=Kind.EXPENDITURE, line_code=line.code,
                            value_date=row.value_date, amount=conversion.usd,
                            cost_element=element, commitment=commitment, payee=row.payee,
                            reference=row.reference, description=row.description,
                            orderly_conclusion=row.orderly_conclusion.strip(),
                            released=spending.released,
                            released_reserve=spending.released_reserve,
                            **self._conversion_fields(conversion))
        psc_line = self._charges(entry, spending)
        book.apply_spending(self.balance, line, psc_line, open_balance, spending)
        self._moved(line, psc_line, open_balance)

    def _charges(self, entry: PlannedEntry, spending: book.Spending) -> LineBalance | None:
        """The in-memory twin of budget.posting.spending._write_charges."""
        charges = spending.charges
        if charges.reserve:
            self._write(None, kind=Kind.RESERVE, line_code=entry.line_code,
                        value_date=entry.value_date, amount=charges.reserve, caused_by=entry,
                        cost_element=entry.cost_element,
                        description=self.reserve_description)
        if not charges.psc:
            return None
        psc_line = self._psc_line()
        self._write(None, kind=Kind.PSC, line_code=psc_line.code, value_date=entry.value_date,
                    amount=charges.psc, caused_by=entry,
                    description=self.psc_description)
        return psc_line

    def _moved(self, *rows) -> None:
        for moved in rows:
            if isinstance(moved, LineBalance):
                self.plan.changed_lines.add(moved.code)
            elif isinstance(moved, OpenCommitment):
                moved.changed = True

    def _cancellation(self, row: LedgerRow) -> None:
        commitment = self._lookup(row, "commitment", COMMITMENT_KINDS)
        open_balance = self.plan.open_commitments[id(commitment)]
        usd = usd_of(row.amount, row.value_date, self.facts).usd
        released = book.plan_cancellation(self.facts, open_balance, commitment_facts=commitment,
                                          amount=usd, value_date=row.value_date)
        self._write(row, kind=Kind.CANCELLATION, line_code=commitment.line_code,
                    value_date=row.value_date, amount=released[0], commitment=commitment,
                    cost_element=commitment.cost_element, description=row.description,
                    released=released[0], released_reserve=released[1])
        line = self.plan.lines[commitment.line_code]
        book.apply_cancellation(self.facts, self.balance, line, open_balance, released)
        self._moved(line, open_balance)

    def _reversal(self, row: LedgerRow) -> None:
        entry = self._lookup(row, "reverses", REVERSIBLE_KINDS)
        reversal_matches(row, amount=entry.original_amount if entry.original_amount is not None
                         else entry.amount, line_code=entry.line_code,
                         reference=entry.reference)
        reason = row.description or "Reversal"
        check_reversible(entry, reason=reason, value_date=row.value_date,
                         already_reversed=entry.is_reversed)
        check_period(self.facts, row.value_date)
        common = {"reverses": entry, "value_date": row.value_date,
                  "line_code": entry.line_code, "description": reason,
                  "original_amount": (-entry.original_amount
                                      if entry.original_amount is not None else None),
                  "original_currency": entry.original_currency,
                  "exchange_rate": entry.exchange_rate}
        if entry.kind in (Kind.CONTRIBUTION, Kind.INCOME):
            book.plan_receipt_reversal(self.facts, self.balance, entry.amount)
            self._write(row, kind=entry.kind, amount=-entry.amount, **common)
            entry.is_reversed = True
            book.apply_receipt(self.balance, kind=entry.kind, amount=-entry.amount)
            return
        spending = book.plan_spending_reversal(
            self.facts, self.balance, amount=entry.amount, element=entry.cost_element,
            released=entry.released, released_reserve=entry.released_reserve)
        reversal = self._write(row, kind=entry.kind, amount=-entry.amount,
                               cost_element=entry.cost_element, commitment=entry.commitment,
                               released=spending.released,
                               released_reserve=spending.released_reserve, **common)
        entry.is_reversed = True
        psc_line = self._charges(reversal, spending)
        line = self.plan.lines[entry.line_code]
        open_balance = (self.plan.open_commitments[id(entry.commitment)] if spending.freed
                        else None)
        book.apply_spending(self.balance, line, psc_line, open_balance, spending)
        self._moved(line, psc_line, open_balance)
