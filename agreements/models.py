"""Parties, agreements, their notices, and who is a member of which fund.

An agreement's status and key dates are never stored: `agreements.lifecycle` computes them
from the signature date and the notices actually sent and received.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

SCAN_SIGNATURES = {"pdf": [b"%PDF-"], "png": [b"\x89PNG\r\n\x1a\n"],
                   "jpg": [b"\xff\xd8\xff"], "jpeg": [b"\xff\xd8\xff"]}
MAX_SCAN_BYTES = 10 * 1024 * 1024


def validate_scan(scan) -> None:
    """A scan is a PDF, PNG or JPEG of at most 10 MB, and its content says so too."""
    if scan.size > MAX_SCAN_BYTES:
        raise ValidationError(_("A scan may be at most 10 MB."))
    extension = scan.name.rsplit(".", 1)[-1].lower()
    if extension not in SCAN_SIGNATURES:
        return  # FileExtensionValidator says so
    scan.seek(0)
    head = scan.read(8)
    scan.seek(0)
    if not any(head.startswith(sig) for sig in SCAN_SIGNATURES.get(extension, [])):
        raise ValidationError(_("The file is not a %(ext)s document.") % {"ext": extension.upper()})


class Party(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        UNITED_NATIONS = "united_nations", _("United Nations")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name


class Agreement(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(
        _("project number"), max_length=40, unique=True, help_text=_("For example INT/14/X46/A.")
    )
    signed_on = models.DateField(_("date of signature"))
    signed_at = models.CharField(_("place of signature"), max_length=100)
    text_en = models.TextField(_("text in English"), blank=True)
    text_kk = models.TextField(_("text in Kazakh"), blank=True)
    # The fund definition this agreement was loaded from, so that a second load can tell
    # "already loaded, nothing to do" from "a different definition under the same number".
    definition_sha256 = models.CharField(max_length=64, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement", kwargs={"slug": self.slug})


class Signatory(models.Model):
    """A party to one agreement, with its authorised representative and notice address
    (Art. 11)."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="signatories",
        verbose_name=_("agreement"),
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("party")
    )
    acting_through = models.CharField(_("acting through"), max_length=300, blank=True)
    representative_name = models.CharField(_("authorised representative"), max_length=200)
    representative_title = models.CharField(_("representative's title"), max_length=300)
    notice_address = models.TextField(_("address for notices"))
    telephone = models.CharField(_("telephone"), max_length=60, blank=True)
    fax = models.CharField(_("fax"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["agreement", "order"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="one_signatory_per_party"),
        ]

    def __str__(self) -> str:
        return f"{self.party} ({self.representative_name})"


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
    # A notice sent in error and never received can be withdrawn; it then has no effect.
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=300,
                                         blank=True)

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
                            withdrawn_on__isnull=True),
                name="one_lifecycle_notice_of_each_kind",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(received_on__isnull=True),
                name="only_unreceived_notices_are_withdrawn",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.sender} → {self.recipient}, {self.sent_on}"


class Membership(models.Model):
    """A user's role on one fund (keyed on its agreement; one fund per agreement)."""

    class Role(models.TextChoices):
        DESA_FINANCE = "desa_finance", _("DESA finance officer")
        DESA_PROGRAMME = "desa_programme", _("DESA programme officer")
        GOVERNMENT = "government", _("Government officer")
        AUDITOR = "auditor", _("Auditor")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fund_memberships",
        verbose_name=_("user"),
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("agreement"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "agreement"], name="one_role_per_fund"),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} - {self.agreement.reference}"
