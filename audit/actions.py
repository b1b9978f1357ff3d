"""Writing an audit row: called inside the act's own transaction, so that the act and its
record commit or roll back together."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from audit.models import AuditEvent


def record_event(*, action: str, summary: str, acting_user: AbstractBaseUser | None,
                 agreement=None, details: dict[str, Any] | None = None) -> AuditEvent:
    actor = acting_user if acting_user is not None and acting_user.is_authenticated else None
    return AuditEvent.objects.create(actor=actor, action=action, agreement=agreement,
                                     summary=summary[:300], details=details or {})
