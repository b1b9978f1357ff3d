"""The outbox: every mail the portal sends is first a row here, written in the same database
transaction as the act it tells of, and sent afterwards by the background worker
(docs/notifications.md#the-outbox)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        # The recipient asked for a daily digest: sent inside the next one.
        HELD = "held", _("held for the digest")
        FOLDED = "folded", _("sent in a digest")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        # No address to send to: shown to administrators, never sent.
        SKIPPED = "skipped", _("skipped: no address")

    # None for someone without an account yet: the address of an invitation.
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("recipient"))
    to_address = models.EmailField(_("address"), blank=True)
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("fund"))
    event = models.CharField(_("event"), max_length=40)
    # What the message is about, e.g. "report:12": how acts find their own messages.
    topic = models.CharField(_("about"), max_length=80, blank=True, db_index=True)
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    digest = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="folded", verbose_name=_("sent in digest"))

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The worker's question: what is due now, oldest first.
            models.Index(fields=["next_attempt_at", "id"], name="outbox_due",
                         condition=Q(status="queued")),
            models.Index(fields=["recipient", "id"], name="outbox_held",
                         condition=Q(status="held")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status="skipped") | ~Q(to_address=""),
                                   name="outbox_sent_to_an_address"),
            models.CheckConstraint(condition=~Q(status="sent") | Q(sent_at__isnull=False),
                                   name="outbox_sent_has_time"),
        ]

    def __str__(self) -> str:
        return f"{self.event} to {self.to_address or self.recipient} ({self.status})"

    @property
    def message_id(self) -> str:
        """The same Message-ID on every attempt, so that a mail server or client can tell
        a repeated delivery from a new message."""
        return f"<outbox-{self.pk}@{settings.PORTAL_MAIL_DOMAIN}>"


class ReminderSent(models.Model):
    """One reminder of one item at one threshold to one person: written with the message
    that carries it, so that `send_reminders` never sends it again."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="+")
    item = models.CharField(max_length=80)
    threshold = models.SmallIntegerField()
    message = models.ForeignKey(OutboxMessage, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recipient", "item", "threshold"],
                                               name="one_reminder_per_threshold")]

    def __str__(self) -> str:
        return f"{self.item} ({self.threshold} days) to {self.recipient_id}"
