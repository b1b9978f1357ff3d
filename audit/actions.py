"""Writing an audit row: called inside the act's own transaction, so that the act and its
record commit or roll back together."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from accounts.models import attributable
from audit.models import AuditEvent


def record_event(*, action: str, summary: str, acting_user: AbstractBaseUser | None,
                 agreement=None, details: dict[str, Any] | None = None) -> AuditEvent:
    return AuditEvent.objects.create(actor=attributable(acting_user), action=action,
                                     agreement=agreement, summary=summary[:300],
                                     details=details or {})
