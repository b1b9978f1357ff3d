"""Writing mail into the outbox, inside the act that causes it: each recipient's message in
their own language, as their preferences ask (docs/notifications.md#events).

An act calls `queue_mail` inside its transaction; nothing is sent here. Once the act
commits, the worker is asked to deliver (`notifications.delivery`); if the act rolls back,
its messages vanish with it."""

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from agreements.models import Agreement
from notifications.models import OutboxMessage
from notifications.preferences import DIGEST, IMMEDIATE, OFF, mode_for

Status = OutboxMessage.Status
Context = dict[str, Any] | Callable[[User], dict[str, Any]]


def portal_link(path: str) -> str:
    """An absolute link to a page of the portal, for a mail."""
    return settings.PORTAL_URL.rstrip("/") + path


def language_of(user: User) -> str:
    return user.preferred_language or settings.LANGUAGE_CODE


def members(agreement: Agreement, roles: Iterable[str],
            *, excluding: User | None = None) -> QuerySet[User]:
    """The active members of a fund holding one of these roles."""
    people = User.objects.filter(is_active=True, fund_memberships__agreement=agreement,
                                 fund_memberships__role__in=list(roles))
    if excluding is not None:
        people = people.exclude(pk=excluding.pk)
    return people.order_by("pk").distinct()


def render_mail(template: str, context: dict[str, Any], language: str) -> tuple[str, str]:
    """The subject (the template's first line) and the text (the rest), in `language`."""
    context = {"settings_link": portal_link(reverse("notifications:settings")), **context}
    with translation.override(language):
        text = render_to_string(template, context).strip()
    subject, _newline, body = text.partition("\n")
    return " ".join(subject.split())[:250], body.strip() + "\n"


def queue_mail(*, event: str, recipients: Iterable[User], context: Context,
               agreement: Agreement | None = None, topic: str = "",
               formal: bool = False) -> list[OutboxMessage]:
    """Write one message per recipient (`notifications/mail/<event>.txt`) into the outbox.
    A `formal` message (the delivery of a report under Art. 5) goes at once whatever the
    recipient's preferences; others follow them (at once, digest, or not at all)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Mail is written inside the act's transaction.")
    messages = []
    for recipient in recipients:
        mode = IMMEDIATE if formal else mode_for(recipient, event)
        if mode == OFF:
            continue
        language = language_of(recipient)
        values = context(recipient) if callable(context) else context
        subject, body = render_mail(f"notifications/mail/{event}.txt",
                                    {**values, "recipient": recipient}, language)
        messages.append(outgoing(recipient, event=event, subject=subject, body=body,
                                 language=language, agreement=agreement, topic=topic,
                                 held=mode == DIGEST))
    OutboxMessage.objects.bulk_create(messages)
    if any(message.status == Status.QUEUED for message in messages):
        request_delivery()
    return messages


def queue_mail_to_address(address: str, *, event: str, context: dict[str, Any],
                          language: str, agreement: Agreement | None = None,
                          topic: str = "") -> OutboxMessage:
    """One message to an address without an account behind it yet (an invitation), inside
    the act's transaction like any other."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Mail is written inside the act's transaction.")
    subject, body = render_mail(f"notifications/mail/{event}.txt", context, language)
    message = OutboxMessage.objects.create(
        to_address=address, agreement=agreement, event=event, topic=topic, language=language,
        subject=subject, body=body, status=Status.QUEUED, next_attempt_at=timezone.now())
    request_delivery()
    return message


def outgoing(recipient: User, *, event: str, subject: str, body: str, language: str,
             agreement: Agreement | None = None, topic: str = "",
             held: bool = False) -> OutboxMessage:
    """An unsaved outbox row: queued now, held for the digest, or skipped (no address)."""
    status = (Status.SKIPPED if not recipient.email
              else Status.HELD if held else Status.QUEUED)
    return OutboxMessage(
        recipient=recipient, to_address=recipient.email, agreement=agreement, event=event,
        topic=topic, language=language, subject=subject, body=body, status=status,
        next_attempt_at=timezone.now() if status == Status.QUEUED else None)


def request_delivery() -> None:
    """Ask the worker to deliver once the current transaction commits."""
    from notifications.delivery import deliver_outbox

    transaction.on_commit(lambda: deliver_outbox.enqueue())
