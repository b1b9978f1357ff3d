from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ExchangeRate(models.Model):
    """A UN operational rate of exchange: units of the currency per 1 US dollar, applying from
    `valid_from` (normally the 1st of a month; sometimes amended mid-month).
    docs/ledger-rules.md#rates."""

    currency = models.CharField(_("currency"), max_length=3)
    valid_from = models.DateField(_("applies from"))
    units_per_usd = models.DecimalField(_("units per US dollar"), max_digits=18,
                                        decimal_places=6)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("recorded by"))

    class Meta:
        verbose_name = _("UN operational rate of exchange")
        ordering = ["currency", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "valid_from"], name="one_rate_per_day"),
            models.CheckConstraint(condition=Q(units_per_usd__gt=0), name="rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.units_per_usd} per USD from {self.valid_from}"
