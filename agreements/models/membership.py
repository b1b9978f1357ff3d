"""Who is a member of which fund, with which role (keyed on the fund's agreement)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models.parties import Agreement


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
    # A DESA officer named the fund's administrator: invites people and manages their roles.
    administers = models.BooleanField(_("fund administrator"), default=False)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "agreement"], name="one_role_per_fund"),
            models.CheckConstraint(
                condition=models.Q(administers=False)
                | models.Q(role__in=["desa_finance", "desa_programme"]),
                name="fund_administrators_are_desa_officers"),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} - {self.agreement.reference}"


class Invitation(models.Model):
    """An invitation to join a fund with a role, sent by mail to an address. Its link carries
    a secret of which only the SHA-256 is kept; it works once, until it expires or is withdrawn
    (docs/access.md#invitations)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT,
                                  related_name="invitations", verbose_name=_("agreement"))
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role.choices)
    administers = models.BooleanField(_("fund administrator"), default=False)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    secret_sha256 = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("invited by"))
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("accepted by"))
    # Set when a fund's administrator takes the invitation back; who did is in its history.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-invited_at"]

    def __str__(self) -> str:
        return f"{self.email} to {self.agreement.reference} ({self.role})"
