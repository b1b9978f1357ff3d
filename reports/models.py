"""Issued Article 5 reports: each version stored once, as the PDF and the figures it was
made from, and never changed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from budget.models import Fund


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("(a) Annual progress report")
    STATEMENT = "statement", _("(b) Annual financial statement")
    BUDGET_ANALYSIS = "budget_analysis", _("(c) Annual budget analysis")
    FINAL = "final", _("(d) Final report and final budget analysis")


class ImmutableReportError(Exception):
    pass


class KeptAsIssued(models.Model):
    """What is issued is written once and never changed or deleted (the database refuses
    it too: docs/ledger-integrity.md#records-kept-as-recorded)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableReportError("An issued report is never changed; issue a new version.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableReportError("An issued report is never deleted.")


class IssuedReport(KeptAsIssued):
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="issued_reports")
    kind = models.CharField(_("report"), max_length=20, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"))
    pdf = models.BinaryField(_("PDF"))
    figures = models.JSONField(_("figures the report was made from"))
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, unique=True)
    # The SHA-256 of the version's canonical figures, printed on its PDF with the link to
    # its verification page (a file cannot print its own SHA-256); empty on versions issued
    # before it was printed (docs/reports.md#verifying-a-printed-report).
    fingerprint = models.CharField(_("fingerprint of the issued figures"), max_length=64,
                                   unique=True, null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("issued by"))
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    reason = models.TextField(_("reason for re-issuing"), blank=True)
    # A version issued in answer to the Government's return of the one before it (Art. 5).
    answers = models.OneToOneField("ReportResponse", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="answered_in",
                                   verbose_name=_("answers the comments of"))

    class Meta:
        ordering = ["fund", "kind", "year", "version"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "kind", "year", "version"],
                                    name="one_report_version"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.get_kind_display()} {self.year} v{self.version}"

    @property
    def languages(self) -> list[str]:
        """The languages it was issued in: English, then its translations'."""
        return ["en", *(other.language for other in self.translations.all())]


class IssuedTranslation(KeptAsIssued):
    """The same issued version in another of the portal's languages (Kazakh, Russian): its
    own PDF with its own SHA-256, made at the same moment from the same figures, and the
    document (headings in that language) its XLSX and CSV are made from. The report's own
    PDF is the English one. Never changed (docs/reports.md#languages)."""

    report = models.ForeignKey(IssuedReport, on_delete=models.PROTECT,
                               related_name="translations")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, unique=True)
    document = models.JSONField(_("document in this language"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "language"],
                                               name="one_translation_per_language")]

    def __str__(self) -> str:
        return f"{self.report} ({self.language})"


class ReportResponse(models.Model):
    """The Government's answer to an issued version it received (Art. 5): its receipt
    acknowledged, or the report returned with comments asking for a correction. One answer
    per version, never changed (docs/reports.md#delivery-and-acknowledgement)."""

    class Kind(models.TextChoices):
        ACKNOWLEDGED = "acknowledged", _("receipt acknowledged")
        RETURNED = "returned", _("returned for correction")

    report = models.OneToOneField(IssuedReport, on_delete=models.PROTECT,
                                  related_name="response", verbose_name=_("report"))
    kind = models.CharField(_("answer"), max_length=20, choices=Kind.choices)
    comments = models.TextField(_("comments"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("answered by"))
    answered_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer to a report")
        verbose_name_plural = _("answers to reports")
        constraints = [
            models.CheckConstraint(condition=~models.Q(kind="returned") | ~models.Q(comments=""),
                                   name="returned_report_has_comments"),
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.kind}"


class Narrative(models.Model):
    """The sections of the progress report (a) that the programme officer writes."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="narratives")
    year = models.PositiveSmallIntegerField(_("year"))
    summary = models.TextField(_("summary of progress"), blank=True)
    challenges = models.TextField(_("challenges and lessons"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("written by"))

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["fund", "year"],
                                               name="one_narrative_per_year")]

    def __str__(self) -> str:
        return f"{self.fund} {self.year}"


class Letterhead(models.Model):
    """An image printed at the head of the fund's reports (an organisation's logo the fund is
    entitled to use), set by one of the fund's administrators, who records on what authority
    (docs/reports.md#letterhead). Reports already issued keep the image they were printed
    with: their files never change."""

    fund = models.OneToOneField(Fund, on_delete=models.CASCADE, related_name="letterhead")
    image = models.BinaryField()
    content_type = models.CharField(max_length=20)
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    entitlement = models.CharField(_("on what authority the fund uses it"), max_length=500)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    set_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.fund} {self.file_name}"
