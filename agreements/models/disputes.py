"""Disputes under the agreement (Art. 8)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models.parties import Agreement, Party


class ArbitrationRequest(models.Model):
    """A request for arbitration of a dispute (Art. 8): each party names an arbitrator
    within 30 days of the request, and the two name a chair within 15 days of the second
    appointment; otherwise either party may ask the President of the International Court of
    Justice (docs/lifecycle.md#disputes)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT,
                                  related_name="arbitration_requests",
                                  verbose_name=_("agreement"))
    requested_by = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_on = models.DateField(_("date of the request"))
    subject = models.CharField(_("dispute"), max_length=300)
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    government_arbitrator_on = models.DateField(_("Government's arbitrator appointed on"),
                                                null=True, blank=True)
    united_nations_arbitrator_on = models.DateField(
        _("United Nations' arbitrator appointed on"), null=True, blank=True)
    chair_on = models.DateField(_("chair appointed on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("request for arbitration")
        verbose_name_plural = _("requests for arbitration")
        ordering = ["agreement", "requested_on"]

    def __str__(self) -> str:
        return f"{self.agreement.reference}: {self.subject} ({self.requested_on})"
