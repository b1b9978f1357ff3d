"""What the Government has pledged to pay into the fund, and when (docs/pledges.md).

The agreement's sum (Art. 1.1) is the pledge. Where the parties agree to pay it in
instalments, the schedule is recorded as a numbered version: a later version replaces an
earlier one as a whole, and no version is changed or deleted, so that the history of what was
due when stays readable. Contributions received are not allocated here: they are ledger
entries, and `budget.pledges` sets them against the instalments in the order they fall due.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from budget.models.fund import Fund


class ImmutableScheduleError(Exception):
    pass


class PaymentSchedule(models.Model):
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="payment_schedules",
                             verbose_name=_("fund"))
    number = models.PositiveSmallIntegerField(_("version"))
    reason = models.CharField(_("reason"), max_length=300)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("recorded by"))

    class Meta:
        verbose_name = _("payment schedule")
        ordering = ["fund", "-number"]
        constraints = [models.UniqueConstraint(fields=["fund", "number"],
                                               name="payment_schedule_number_per_fund")]

    def __str__(self) -> str:
        return f"{self.fund} payment schedule {self.number}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableScheduleError("A payment schedule is replaced by a new version.")
        super().save(*args, **kwargs)


class Instalment(models.Model):
    schedule = models.ForeignKey(PaymentSchedule, on_delete=models.PROTECT,
                                 related_name="instalments")
    number = models.PositiveSmallIntegerField(_("instalment"))
    due_on = models.DateField(_("due on"))
    amount = models.DecimalField(_("amount (USD)"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("instalment")
        ordering = ["schedule", "number"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "number"],
                                    name="instalment_number_per_schedule"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="instalment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.schedule} #{self.number} {self.due_on} {self.amount}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableScheduleError("A payment schedule is replaced by a new version.")
        super().save(*args, **kwargs)
