"""The notices register (Art. 11), and corrections of notices recorded in error. An
agreement's status is computed from the notices in effect (`agreements.lifecycle`)."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.attachments import check_attachment
from agreements.models.parties import Agreement, Party

MAX_SCAN_BYTES = 10 * 1024 * 1024


def validate_scan(scan) -> None:
    """A scan is a PDF, PNG or JPEG of at most 10 MB, and its content says so too
    (agreements.attachments)."""
    check_attachment(scan, allowed=("pdf", "png", "jpg", "jpeg"), max_bytes=MAX_SCAN_BYTES)


class NoticeQuerySet(models.QuerySet):
    def in_effect(self) -> "NoticeQuerySet":
        """Notices that count: neither withdrawn nor corrected away."""
        return self.filter(withdrawn_on__isnull=True, corrected_on__isnull=True)

    def authority_documents(self) -> "NoticeQuerySet":
        """What a revision, a disposition or a transfer may cite: a letter or an amendment
        received and still in effect (docs/lifecycle.md#authority-documents)."""
        return self.in_effect().filter(kind__in=[Notice.Kind.LETTER, Notice.Kind.AMENDMENT],
                                       received_on__isnull=False)


class Notice(models.Model):
    class Kind(models.TextChoices):
        DOMESTIC_PROCEDURES = "domestic_procedures", _(
            "Domestic procedures completed (entry into force, Art. 12.3)"
        )
        AMENDMENT = "amendment", _("Amendment agreed (Art. 12.1)")
        COMPLETION = "completion", _("Purposes achieved: expiry (Art. 6)")
        TERMINATION = "termination", _("Termination (Art. 9)")
        LETTER = "letter", _("Letter or request (Art. 11)")

    class Delivery(models.TextChoices):
        HAND = "hand", _("By hand")
        MAIL = "mail", _("By mail")
        DIPLOMATIC = "diplomatic", _("Through diplomatic channels")
        TELEGRAM = "telegram", _("By telegram")
        TELEX = "telex", _("By telex")
        EMAIL = "email", _("By email (copy)")

    # One notice of each of these kinds per agreement: the first one received governs.
    SINGLE_KINDS = (Kind.DOMESTIC_PROCEDURES, Kind.COMPLETION, Kind.TERMINATION)

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="notices", verbose_name=_("agreement")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    sender = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="notices_sent", verbose_name=_("from")
    )
    recipient = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="notices_received", verbose_name=_("to")
    )
    sent_on = models.DateField(_("date sent"))
    received_on = models.DateField(_("date received"), null=True, blank=True)
    delivery = models.CharField(_("delivery method"), max_length=20, choices=Delivery.choices)
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    scan = models.FileField(
        _("scan"),
        upload_to="notices/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["pdf", "png", "jpg", "jpeg"]), validate_scan],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # Art. 6: the completion is notified "as mutually agreed by the Parties".
    government_agreement = models.CharField(
        _("the Government's agreement"), max_length=300, blank=True,
        help_text=_("For a completion notice (Art. 6): how the Government agreed, for "
                    "example the reference and date of its note."))
    receipt_scan = models.FileField(
        _("evidence of receipt"), upload_to="notices/%Y/", blank=True,
        validators=[FileExtensionValidator(["pdf", "png", "jpg", "jpeg"]), validate_scan],
        help_text=_("The acknowledgement of receipt, when the sending side records it."))
    receipt_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("receipt recorded by"))
    # A notice sent in error and never received can be withdrawn; it then has no effect.
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=300,
                                         blank=True)
    # A notice recorded in error is corrected by a confirmed correction: it stays in the
    # register, marked corrected, and its replacement (if any) points to it.
    corrected_on = models.DateField(_("corrected on"), null=True, blank=True)
    corrects = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="replacement",
                                    verbose_name=_("corrects notice"))

    objects = NoticeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["sent_on", "pk"]
        constraints = [
            # The last line of defence behind agreements.actions.record_notice.
            models.CheckConstraint(
                condition=Q(received_on__isnull=True) | Q(received_on__gte=F("sent_on")),
                name="notice_received_after_sent",
            ),
            models.CheckConstraint(
                condition=~Q(sender=F("recipient")), name="notice_between_two_parties"
            ),
            models.UniqueConstraint(
                fields=["agreement", "kind"],
                condition=Q(kind__in=["domestic_procedures", "completion", "termination"],
                            withdrawn_on__isnull=True, corrected_on__isnull=True),
                name="one_lifecycle_notice_of_each_kind",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(received_on__isnull=True),
                name="only_unreceived_notices_are_withdrawn",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.sender} → {self.recipient}, {self.sent_on}"

    @property
    def in_effect(self) -> bool:
        return self.withdrawn_on is None and self.corrected_on is None


class NoticeCorrection(models.Model):
    """A correction of a notice recorded in error (wrong kind, date, party...), proposed by
    one officer and confirmed by another; confirmed, it marks the original corrected and
    records the corrected notice in its place (docs/lifecycle.md#corrections)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="corrections",
                               verbose_name=_("notice corrected"))
    error = models.TextField(_("what was recorded in error"))
    void = models.BooleanField(
        _("no such notice"), default=False,
        help_text=_("The notice was recorded in error altogether: nothing replaces it."))
    kind = models.CharField(_("kind"), max_length=30, choices=Notice.Kind.choices)
    sender = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("from"))
    recipient = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("to"))
    sent_on = models.DateField(_("date sent"))
    received_on = models.DateField(_("date received"), null=True, blank=True)
    delivery = models.CharField(_("delivery method"), max_length=20,
                                choices=Notice.Delivery.choices)
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    government_agreement = models.CharField(_("the Government's agreement"), max_length=300,
                                            blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("confirmed or rejected by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)
    replacement = models.OneToOneField(Notice, on_delete=models.PROTECT, null=True,
                                       blank=True, related_name="+",
                                       verbose_name=_("corrected notice"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("correction of a notice")
        verbose_name_plural = _("corrections of notices")
        ordering = ["-proposed_at"]
        constraints = [
            # Four eyes, in the database too.
            models.CheckConstraint(condition=~Q(decided_by=F("proposed_by")),
                                   name="notice_correction_four_eyes"),
            models.UniqueConstraint(fields=["notice"], condition=Q(status="proposed"),
                                    name="one_open_correction_per_notice"),
        ]

    def __str__(self) -> str:
        return f"{self.notice}: {self.get_status_display()}"

    @property
    def receipt_date_only(self) -> bool:
        """Whether the correction changes nothing but the date the notice was received."""
        original = self.notice
        # Only a date already recorded: a first receipt is recorded as a receipt, with its
        # own rules of who records it.
        return (not self.void and original.received_on is not None
                and self.received_on is not None
                and self.received_on != original.received_on
                and all(getattr(self, name) == getattr(original, name) for name in (
                    "kind", "sender_id", "recipient_id", "sent_on", "delivery", "reference",
                    "subject", "government_agreement")))
