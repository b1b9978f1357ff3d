"""What each person wants to be told, and how: per kind of event, at once, in the daily
digest, or not at all (docs/notifications.md#preferences). Kept on the user
(`notification_preferences`); what a person never chose takes the default."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User

IMMEDIATE, DIGEST, OFF = "immediate", "digest", "off"
MODES = {IMMEDIATE: gettext_lazy("at once"), DIGEST: gettext_lazy("in the daily digest"),
         OFF: gettext_lazy("not at all")}

# The events a person may be told of, in the order the settings page lists them.
EVENTS = {
    "revision_proposed": gettext_lazy("A budget revision awaits my approval"),
    "revision_decided": gettext_lazy("My budget revision was approved or rejected"),
    "report_issued": gettext_lazy("A report was issued"),
    "report_answered": gettext_lazy("The Government acknowledged or returned a report"),
    "notice_recorded": gettext_lazy("The other party's notice was recorded"),
    "reminders": gettext_lazy("Reminders: reports falling due, visas overdue"),
}
DEFAULT_MODE = IMMEDIATE


def mode_for(user: User, event: str) -> str:
    return (user.notification_preferences or {}).get(event, DEFAULT_MODE)


def save_preferences(*, user: User, modes: dict[str, str], acting_user: AbstractBaseUser
                     ) -> User:
    """A person's choices (their change history records them); only their own."""
    if acting_user.pk != user.pk:
        raise ValidationError(_("Only the person themselves chooses what they are told."))
    unknown = set(modes) - set(EVENTS)
    bad = {event for event, mode in modes.items() if mode not in MODES}
    if unknown or bad:
        raise ValidationError(_("Choose one of the offered settings for each event."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.notification_preferences = {**(user.notification_preferences or {}), **modes}
        user._change_reason = "notification preferences"
        user.save(update_fields=["notification_preferences"])
    return user
