"""A person's calendar feed: a secret address that calendar programs (Outlook, Google
Calendar) read without signing in. Only the secret's SHA-256 is kept; revoking the feed
makes its address answer 404 (docs/notifications.md#the-calendar-feed)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="calendar_feeds", verbose_name=_("user"))
    secret_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [models.UniqueConstraint(fields=["user"], condition=Q(revoked_at=None),
                                               name="one_live_calendar_feed")]

    def __str__(self) -> str:
        return f"{self.user} ({'revoked' if self.revoked_at else 'live'})"
