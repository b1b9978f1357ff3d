"""The fund's ledger: append-only entries, and the running balances kept beside them.

Entries are never updated or deleted (the ORM refuses, and on PostgreSQL a trigger refuses
plain SQL too); a mistake is corrected by a reversing entry, which carries the opposite
amount and points to the entry it reverses, so that sums by kind net out. Amounts are USD.

The balances (`FundBalance`, `LineBalance`, `CommitmentBalance`) are updated in the same
transaction as the entries, under the fund's row lock, so that a posting's cost does not
grow with the ledger; their CHECK constraints are the last line of defence behind the
controls of `budget.posting`, and `manage.py verify_ledger` recomputes them from the entries.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField

from budget.models.fund import BudgetLine, Fund

ZERO = Decimal("0.00")
HALF_CENT = Decimal("0.005")


def _amount(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


class ImmutableEntryError(Exception):
    pass


class EntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableEntryError("Ledger entries are never changed; post a reversal.")

    def delete(self):
        raise ImmutableEntryError("Ledger entries are never deleted; post a reversal.")

    def matching(self, *, after: int | None = None, date_from=None, date_to=None,
                 line: str = "", kind: str = "", search: str = "") -> "EntryQuerySet":
        """The ledger's filters, shared by its page and the API: posted after a sequence
        number, value-date range, line, kind, and text in the payee, reference or
        description (any case; found through trigram indexes on PostgreSQL,
        docs/ledger-integrity.md#search). Empty criteria filter nothing."""
        entries = self
        if search:
            entries = entries.filter(Q(payee__icontains=search) | Q(reference__icontains=search)
                                     | Q(description__icontains=search))
        if after is not None:
            entries = entries.filter(sequence__gt=after)
        if date_from:
            entries = entries.filter(value_date__gte=date_from)
        if date_to:
            entries = entries.filter(value_date__lte=date_to)
        if line:
            entries = entries.filter(line_code=line)
        if kind:
            entries = entries.filter(kind=kind)
        return entries


class Entry(models.Model):
    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("Contribution")
        INCOME = "income", _("Interest and other income")
        COMMITMENT = "commitment", _("Commitment")
        CANCELLATION = "cancellation", _("Commitment cancellation")
        EXPENDITURE = "expenditure", _("Expenditure")
        RESERVE = "reserve", _("Reserve for claims (Art. 2.3)")
        PSC = "psc", _("Programme support cost (Art. 2.2)")
        REFUND = "refund", _("Refund or transfer out (Art. 10)")

    CostElement = BudgetLine.CostElement

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="entries")
    # Assigned under the fund's lock: the sequence is also the commit order, so a client
    # that syncs "after N" never skips an entry.
    sequence = models.PositiveBigIntegerField(_("sequence"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    line_code = models.CharField(_("budget line"), max_length=4, blank=True)
    value_date = models.DateField(_("value date"))
    amount = _amount(_("amount (USD)"))
    cost_element = models.CharField(_("cost element"), max_length=20,
                                    choices=CostElement.choices, blank=True)
    commitment = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="liquidations",
        verbose_name=_("commitment"),
    )
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversal",
        verbose_name=_("reverses"),
    )
    caused_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="charges",
        verbose_name=_("charge on"),
    )
    # What a liquidation or cancellation released of its commitment's hold, so that its
    # reversal can hold it again.
    released = _amount(_("commitment released"), default=ZERO)
    released_reserve = _amount(_("reserve hold released"), default=ZERO)
    orderly_conclusion = models.CharField(
        _("orderly conclusion (Art. 9)"), max_length=300, blank=True,
        help_text=_("Why an expenditure with no earlier commitment was made after the end."))
    payee = models.CharField(_("payee"), max_length=200, blank=True)
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    # No currency choices in the model: djmoney would take them from the installed CLDR
    # data, and every Babel release would then change the migration. Currencies are checked
    # as ISO 4217 codes where they come in (budget.rates.currency_code).
    original = MoneyField(_("original amount"), max_digits=16, decimal_places=2, null=True,
                          blank=True, default_currency=None, currency_choices=None)
    exchange_rate = models.DecimalField(_("UN operational rate (units per USD)"),
                                        max_digits=18, decimal_places=6, null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["fund", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "sequence"], name="entry_sequence_per_fund"),
            models.CheckConstraint(condition=~Q(amount=0), name="entry_amount_not_zero"),
        ]
        indexes = [models.Index(fields=["fund", "line_code", "kind"]),
                   # Found by reference (imports), listed and filtered by value date.
                   models.Index(fields=["fund", "reference"], name="entry_fund_reference"),
                   models.Index(fields=["fund", "value_date", "sequence"],
                                name="entry_fund_value_date"),
                   # The audit trail reads a fund's postings newest first by when recorded.
                   models.Index(fields=["fund", "recorded_at", "id"],
                                name="entry_fund_recorded"),
                   # The few entries booked from another currency: the statement's note of
                   # the rates used reads them without visiting the year's other entries.
                   models.Index(fields=["fund", "value_date"],
                                condition=models.Q(exchange_rate__isnull=False),
                                name="entry_fund_converted")]

    def __str__(self) -> str:
        return f"{self.fund} #{self.sequence} {self.kind} {self.line_code} {self.amount}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableEntryError("Ledger entries are never changed; post a reversal.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableEntryError("Ledger entries are never deleted; post a reversal.")


class FundBalance(models.Model):
    """The fund's running totals, and the row locked to serialize its postings."""

    fund = models.OneToOneField(Fund, on_delete=models.PROTECT, related_name="balance",
                                primary_key=True)
    last_sequence = models.PositiveBigIntegerField(default=0)
    contributions = _amount(_("contributions"), default=ZERO)
    income = _amount(_("interest and other income"), default=ZERO)
    refunds = _amount(_("refunds and transfers out"), default=ZERO)
    expenditure = _amount(_("expenditure (reserve included)"), default=ZERO)
    reserve_base = _amount(_("salaries and fees spent"), default=ZERO)
    reserve_charged = _amount(_("reserve charged"), default=ZERO)
    psc_charged = _amount(_("PSC charged"), default=ZERO)
    held = _amount(_("held by open commitments"), default=ZERO)
    psc_held = _amount(_("PSC on open commitments"), default=ZERO)

    class Meta:
        constraints = [
            # Art. 3.1: never spend or commit beyond the cash received. The half cent of
            # slack changes nothing for amounts in cents, but keeps SQLite (the demo), which
            # evaluates CHECKs in binary floating point, from refusing an exact fit.
            models.CheckConstraint(
                condition=Q(expenditure__lte=F("contributions") + F("income") - F("refunds")
                            - F("psc_charged") - F("held") - F("psc_held") + HALF_CENT),
                name="fund_within_cash_received",
            ),
            models.CheckConstraint(condition=Q(held__gte=0, psc_held__gte=0),
                                   name="fund_holds_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} balance"

    @property
    def cash(self) -> Decimal:
        return (self.contributions + self.income - self.expenditure - self.psc_charged
                - self.refunds)

    @property
    def available(self) -> Decimal:
        return self.cash - self.held - self.psc_held


class LineBalance(models.Model):
    """A budget line's running totals; `budget` is the line's amount in the current version."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="line_balances")
    code = models.CharField(max_length=4)
    is_programme_support = models.BooleanField(default=False)
    budget = _amount(_("budget"), default=ZERO)
    held = _amount(_("held by open commitments"), default=ZERO)
    spent = _amount(_("spent (reserve included)"), default=ZERO)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fund", "code"], name="one_balance_per_line"),
            # Art. 3.2: no line past its budget; 5601 follows the expenditure
            # (docs/ledger-rules.md#controls).
            models.CheckConstraint(
                condition=Q(is_programme_support=True)
                | Q(held__lte=F("budget") - F("spent") + HALF_CENT, held__gte=0),
                name="line_within_budget",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.code}"

    @property
    def available(self) -> Decimal:
        return self.budget - self.held - self.spent


class CommitmentBalance(models.Model):
    """What an open commitment still holds: its open amount and the reserve it will carry."""

    commitment = models.OneToOneField(Entry, on_delete=models.PROTECT, primary_key=True,
                                      related_name="open_balance")
    open_amount = _amount(_("open amount"), default=ZERO)
    reserve_hold = _amount(_("reserve held"), default=ZERO)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(open_amount__gte=0, reserve_hold__gte=0),
                                   name="commitment_open_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.open_amount} open"


class ClosedYear(models.Model):
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="closed_years")
    year = models.PositiveSmallIntegerField()
    closed_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fund", "year"], name="close_a_year_once"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.year}"


class LedgerImport(models.Model):
    """A CSV of historical postings imported whole; its hash makes a second import of the same
    file a no-op."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="imports")
    sha256 = models.CharField(max_length=64)
    file_name = models.CharField(max_length=200)
    rows = models.PositiveIntegerField()
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fund", "sha256"], name="import_a_file_once"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.file_name} ({self.rows} rows)"


class LedgerTotal(models.Model):
    """The entries' sums by fund, month, line and kind, kept in the same transaction as each
    posting (like the line balances), so that statements, budget analyses, the report
    calendar and the charts read a few hundred rows at any ledger size; `verify_ledger`
    recomputes them from the entries (docs/ledger-integrity.md#running-balances)."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="totals")
    month = models.DateField(_("month"))  # the first day of the entries' value-date month
    line_code = models.CharField(_("budget line"), max_length=4, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Entry.Kind.choices)
    amount = _amount(_("amount"), default=ZERO)
    released = _amount(_("commitment released"), default=ZERO)
    released_reserve = _amount(_("reserve hold released"), default=ZERO)
    # For commitments: the reserve they held when they were made.
    reserve_held = _amount(_("reserve held by new commitments"), default=ZERO)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fund", "month", "line_code", "kind"],
                                    name="one_total_per_month_line_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.month:%Y-%m} {self.line_code} {self.kind}"
