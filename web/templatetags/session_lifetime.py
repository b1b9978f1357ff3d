"""The session's lifetimes for pages that tell people about them (docs/access.md#sessions)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def idle_timeout_minutes() -> int:
    return int(settings.SESSION_IDLE_TIMEOUT.total_seconds()) // 60


@register.simple_tag
def absolute_lifetime_hours() -> int:
    return int(settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()) // 3600
