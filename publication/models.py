"""A fund's consent to open publication (docs/publication.md#opt-in): nothing of a fund is
public until its administrators say so, and each of the two publications is chosen apart."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from budget.models import Fund


class Publication(models.Model):
    fund = models.OneToOneField(Fund, on_delete=models.PROTECT, related_name="publication",
                                verbose_name=_("fund"))
    publish_iati = models.BooleanField(_("publish the IATI activity file"), default=False)
    publish_factsheet = models.BooleanField(_("publish the public factsheet"), default=False)
    # The funding party's IATI organisation identifier, when it has one (org-id.guide); empty:
    # the file names it by name and type only, which the standard allows.
    funding_org_ref = models.CharField(
        _("funding organisation's IATI identifier"), max_length=100, blank=True,
        help_text=_("For example XM-DAC-… or a national registry's identifier; leave empty "
                    "if the Government has none."))
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("changed by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self) -> str:
        return f"{self.fund} IATI={self.publish_iati} factsheet={self.publish_factsheet}"
