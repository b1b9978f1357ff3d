"""The end of a project: what happens to the unspent balance (Art. 10) and to the equipment
bought from the fund (Art. 1.4)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from budget.models.fund import Fund
from budget.models.ledger import Entry


class Disposition(models.Model):
    class Kind(models.TextChoices):
        HELD = "held", _("Held in the account pending further consultation")
        RETURNED = "returned", _("Returned to the Government")
        MOVED = "moved", _("Moved to another fund or project, as agreed")

    # "Held" may be followed, after further consultation, by "returned" or "moved".
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="dispositions")
    kind = models.CharField(_("disposition"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(_("unspent balance"), max_digits=14, decimal_places=2)
    decided_on = models.DateField(_("decided on"))
    letter = models.ForeignKey("agreements.Notice", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("letter recording the consultation"))
    destination = models.CharField(_("destination"), max_length=300, blank=True)
    refund = models.OneToOneField(Entry, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["fund", "decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.fund}: {self.get_kind_display()} {self.amount}"


class Asset(models.Model):
    """Equipment or property bought from the fund; it passes to the Government at the end of
    the project unless the parties agree otherwise (Art. 1.4)."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="assets")
    description = models.CharField(_("description"), max_length=300)
    tag = models.CharField(_("inventory tag or serial number"), max_length=100, blank=True)
    cost = models.DecimalField(_("cost (USD)"), max_digits=14, decimal_places=2)
    acquired_on = models.DateField(_("acquired on"))
    expenditure = models.ForeignKey(Entry, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("paid by entry"))
    transferred_on = models.DateField(_("transferred to the Government on"), null=True,
                                      blank=True)
    transfer_letter = models.ForeignKey("agreements.Notice", on_delete=models.PROTECT,
                                        null=True, blank=True, related_name="+",
                                        verbose_name=_("transfer letter"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["fund", "acquired_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(cost__gt=0), name="asset_cost_positive"),
            models.CheckConstraint(
                condition=Q(transferred_on__isnull=True) | Q(transfer_letter__isnull=False),
                name="asset_transfer_has_a_letter"),
        ]

    def __str__(self) -> str:
        return self.description
