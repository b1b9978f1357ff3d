"""The fund of an agreement and its Annex B budget.

Amounts are US dollars, the fund's books (Art. 1.5), as exact decimals with two places.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from agreements.models import Agreement
from agreements.wording import TitledInLanguages

USD = "USD"
RATE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


class Fund(TitledInLanguages):
    agreement = models.OneToOneField(
        Agreement, on_delete=models.PROTECT, related_name="fund", verbose_name=_("agreement")
    )
    project_number = models.CharField(_("project number"), max_length=40, unique=True)
    title = models.CharField(_("project title"), max_length=300)
    executing_agency = models.CharField(_("executing agency"), max_length=200)
    currency = models.CharField(_("currency of the books"), max_length=3, default=USD,
                                editable=False)
    amount = models.DecimalField(_("project amount"), max_digits=14, decimal_places=2)
    psc_rate = models.DecimalField(
        _("programme support cost rate"), max_digits=5, decimal_places=4,
        validators=RATE_VALIDATORS, help_text=_("0.1300 for 13% (Art. 2.2)."),
    )
    reserve_rate = models.DecimalField(
        _("reserve rate"), max_digits=5, decimal_places=4, validators=RATE_VALIDATORS,
        # xgettext:no-python-format
        help_text=_("0.0100 for 1% of salaries and fees (Art. 2.3)."),
    )
    start_date = models.DateField(_("starting date"))
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"))
    bank_name = models.CharField(_("bank"), max_length=200)
    bank_address = models.CharField(_("bank address"), max_length=300)
    bank_account = models.CharField(_("account number"), max_length=60)
    bank_aba = models.CharField(_("ABA code"), max_length=20, blank=True)
    bank_swift = models.CharField(_("SWIFT code"), max_length=20, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_amount_positive"),
            models.CheckConstraint(
                condition=Q(psc_rate__gte=0, psc_rate__lte=1, reserve_rate__gte=0,
                            reserve_rate__lte=1),
                name="fund_rates_between_0_and_1",
            ),
        ]

    def __str__(self) -> str:
        return self.project_number


class BudgetVersion(models.Model):
    """One version of the budget; version 1 is Annex B as signed."""

    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="budget_versions", verbose_name=_("fund")
    )
    number = models.PositiveIntegerField(_("version"))
    effective_on = models.DateField(_("effective from"))
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget version")
        verbose_name_plural = _("budget versions")
        ordering = ["fund", "number"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "number"], name="one_budget_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} v{self.number}"


class BudgetGroup(TitledInLanguages):
    """A group of lines with the subtotal Annex B prints under it.

    Annex B's "subtotal for forum costs" (418,000) is cumulative: it includes the groups
    above it. `cumulative` keeps that layout rather than correcting it.
    """

    version = models.ForeignKey(BudgetVersion, on_delete=models.CASCADE, related_name="groups")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(_("title"), max_length=200)
    subtotal_label = models.CharField(_("subtotal label"), max_length=200)
    cumulative = models.BooleanField(_("subtotal includes the groups above"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="one_group_per_position"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def subtotal_here(self) -> str:
        """The subtotal's label in the reader's language (`titles["subtotal_kk"]`, …)."""
        language = (translation.get_language() or "en").split("-")[0]
        return self.titles.get(f"subtotal_{language}") or self.subtotal_label


class BudgetLine(TitledInLanguages):
    class CostElement(models.TextChoices):
        SALARY_OR_FEE = "salary_or_fee", _("Salary or fee (bears the reserve)")
        ALLOWANCE = "allowance", _("Allowance")
        TRAVEL = "travel", _("Travel")
        OTHER = "other", _("Other")

    version = models.ForeignKey(BudgetVersion, on_delete=models.CASCADE, related_name="lines")
    group = models.ForeignKey(
        BudgetGroup, on_delete=models.CASCADE, related_name="lines", null=True, blank=True,
        help_text=_("Empty for the programme support cost line."),
    )
    order = models.PositiveSmallIntegerField()
    code = models.CharField(_("budget line"), max_length=4)
    title = models.CharField(_("activity"), max_length=200)
    duration = models.CharField(_("duration"), max_length=60, blank=True)
    description = models.TextField(_("description"), blank=True)
    amount = models.DecimalField(_("amount (USD)"), max_digits=14, decimal_places=2)
    is_programme_support = models.BooleanField(_("programme support cost line"), default=False)
    default_cost_element = models.CharField(
        _("default cost element"), max_length=20, choices=CostElement.choices,
        default=CostElement.OTHER,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="one_line_per_code"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="line_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(is_programme_support=True) | Q(group__isnull=False),
                name="programme_line_in_a_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Revision(models.Model):
    """A move of money between programme lines (Annex B: "funds may be reallocated"),
    proposed by one officer and approved by another; approval makes a new budget version."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="revisions")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PROPOSED)
    reason = models.TextField(_("reason"))
    letter = models.ForeignKey("agreements.Notice", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("reference letter"))
    amendment = models.ForeignKey(
        "agreements.Notice", on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name=_("amendment cited"),
        help_text=_("Needed only when the revision changes the programme total."),
    )
    # From when the new amounts apply: postings dated from then are checked against them,
    # and the budget analysis of a year uses the version in force at its end.
    effective_on = models.DateField(_("takes effect on"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True,
                                   verbose_name=_("approved or rejected by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    version = models.OneToOneField(BudgetVersion, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="revision",
                                   verbose_name=_("resulting version"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["fund", "-proposed_at"]
        constraints = [
            # Four eyes, in the database too.
            models.CheckConstraint(condition=~Q(decided_by=F("proposed_by")),
                                   name="revision_four_eyes"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} revision {self.pk} ({self.status})"


class RevisionChange(models.Model):
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="changes")
    line_code = models.CharField(_("budget line"), max_length=4)
    old_amount = models.DecimalField(pgettext_lazy("amount", "from"), max_digits=14,
                                     decimal_places=2)
    new_amount = models.DecimalField(pgettext_lazy("amount", "to"), max_digits=14,
                                     decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["revision", "line_code"], name="one_change_per_line"),
            models.CheckConstraint(condition=Q(new_amount__gte=0),
                                   name="revised_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.line_code}: {self.old_amount} -> {self.new_amount}"
