"""The daily mail (`manage.py send_reminders`, run once a day): for each person, the
reminders that fell due since the last run and the notifications they asked to receive as a
digest, in one message (docs/notifications.md#reminders).

A report is reminded 60, 30 and 7 days before its due date and on the day it falls due (or
the first run after it); a visa or an exit permit on the day it becomes overdue. Each
reminder goes once per person, item and threshold: the rows of `ReminderSent` are written
with the message that carries them, so a second run the same day sends nothing."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import translation

from accounts.models import User
from agreements.access import capabilities_for
from agreements.models import Membership
from attention.items import Item, reports_due, visas_due
from forum.models import Forum
from notifications.mail import (
    language_of,
    outgoing,
    portal_link,
    render_mail,
    request_delivery,
)
from notifications.models import OutboxMessage, ReminderSent
from notifications.preferences import OFF, mode_for

Status = OutboxMessage.Status
REPORT_THRESHOLDS = (60, 30, 7, 0)


@dataclass(frozen=True)
class Reminder:
    item: Item
    threshold: int
    reference: str


def report_threshold(due: date, today: date) -> int | None:
    """The nearest threshold the report has reached: 60, 30, 7 or 0 days before it is due."""
    days_left = (due - today).days
    reached = [threshold for threshold in REPORT_THRESHOLDS if days_left <= threshold]
    return min(reached) if reached else None


def reminders_for(user: User, today: date) -> list[Reminder]:
    """Every reminder the person's roles call for today, sent before or not."""
    found = []
    for membership in Membership.objects.filter(user=user).select_related(
            "agreement__fund").order_by("agreement__reference"):
        fund = getattr(membership.agreement, "fund", None)
        if fund is None:
            continue
        reference = membership.agreement.reference
        for item in reports_due(fund, capabilities_for(user, membership.role), today):
            threshold = report_threshold(item.due, today)
            if threshold is not None:
                found.append(Reminder(item, threshold, reference))
        if membership.role == Membership.Role.GOVERNMENT:
            for forum in Forum.objects.filter(fund=fund).select_related("fund__agreement"):
                found += [Reminder(item, 0, reference) for item in visas_due(forum, today)
                          if item.overdue_on(today)]
    return found


def send_daily_mail(user: User, today: date) -> OutboxMessage | None:
    """The person's daily message, if anything is new for them; written once."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)  # one run per person at once
        if not user.email:
            # Nothing is marked reminded, and held messages stay held, until there is an
            # address to send them to (the events' own rows show administrators who lacks one).
            return None
        with translation.override(language_of(user)):
            reminders = [] if mode_for(user, "reminders") == OFF else reminders_for(user, today)
        sent = set(ReminderSent.objects.filter(recipient=user).values_list("item", "threshold"))
        new = [r for r in reminders if (r.item.key, r.threshold) not in sent]
        held = list(OutboxMessage.objects.filter(recipient=user, status=Status.HELD)
                    .order_by("pk"))
        if not new and not held:
            return None
        language = language_of(user)
        subject, body = render_mail("notifications/mail/daily.txt", {
            "recipient": user, "reminders": new, "held": held, "today": today,
            "portal_url": portal_link("/")}, language)
        message = outgoing(user, event="daily", subject=subject, body=body, language=language,
                           topic=f"daily:{today.isoformat()}")
        message.save()
        ReminderSent.objects.bulk_create(
            ReminderSent(recipient=user, item=r.item.key, threshold=r.threshold,
                         message=message) for r in new)
        OutboxMessage.objects.filter(pk__in=[m.pk for m in held]).update(
            status=Status.FOLDED, digest=message)
        request_delivery()
    return message


def send_reminders(today: date) -> list[OutboxMessage]:
    """Everyone's daily message; returns those written."""
    people = User.objects.filter(is_active=True).filter(
        Q(pk__in=Membership.objects.values("user_id"))
        | Q(pk__in=OutboxMessage.objects.filter(status=Status.HELD).values("recipient_id")))
    written = []
    for user in people.order_by("pk"):
        message = send_daily_mail(user, today)
        if message is not None:
            written.append(message)
    return written
