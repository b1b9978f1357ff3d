"""Audit rows for the acts that have no change history of their own (an API token made or
revoked, idempotency keys purged, a file imported): who, when, what, on which fund. Acts on
records with a history table (django-simple-history) are attributed there instead."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+", verbose_name=_("by"))
    # A dotted name of the act, e.g. "api_token.created".
    action = models.CharField(_("act"), max_length=60)
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="audit_events",
                                  verbose_name=_("fund"))
    summary = models.CharField(_("what"), max_length=300)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}: {self.summary}"
