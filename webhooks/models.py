"""Webhooks: a system registers an address per fund and is told, by a signed POST, of new
ledger entries, issued reports and notices (docs/webhooks.md). Each event is first a row of
`Delivery` per subscription, written in the transaction of the act it tells of, and sent
afterwards by the background worker, like the mail outbox."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Subscription(models.Model):
    fund = models.ForeignKey("budget.Fund", on_delete=models.PROTECT,
                             related_name="webhook_subscriptions", verbose_name=_("fund"))
    url = models.URLField(_("address"), max_length=500)
    # The key of the HMAC-SHA256 signature: made by the portal, shown once when the
    # subscription is registered. Kept as it is, since the worker signs with it.
    secret = models.CharField(_("signing secret"), max_length=100)
    # The event types this address hears of (webhooks.events.EVENT_TYPES).
    events = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, related_name="+", verbose_name=_("registered by"))
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    deactivated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="+",
                                       verbose_name=_("removed by"))
    deactivated_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["fund"], name="webhook_active_per_fund",
                                condition=Q(active=True))]

    def __str__(self) -> str:
        return f"{self.url} ({', '.join(self.events)})"


class Delivery(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        DELIVERED = "delivered", _("delivered")
        # Every attempt refused or unanswered: given up.
        FAILED = "failed", _("failed")
        # The subscription was removed before the event could be delivered.
        CANCELLED = "cancelled", _("cancelled")

    subscription = models.ForeignKey(Subscription, on_delete=models.PROTECT,
                                     related_name="deliveries",
                                     verbose_name=_("subscription"))
    event = models.CharField(_("event"), max_length=40)
    # The body sent, the same on every attempt (the signature covers it with a timestamp).
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The receiver's HTTP status on the last attempt (None: no answer).
    last_status = models.PositiveSmallIntegerField(_("last HTTP status"), null=True,
                                                   blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The worker's question: what is due now, oldest first.
            models.Index(fields=["next_attempt_at", "id"], name="webhook_due",
                         condition=Q(status="queued")),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(status="delivered")
                                   | Q(delivered_at__isnull=False),
                                   name="webhook_delivered_has_time"),
        ]

    def __str__(self) -> str:
        return f"{self.event} to {self.subscription_id} ({self.status})"
