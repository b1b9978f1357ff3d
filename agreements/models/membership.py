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
