"""Sending the outbox (docs/notifications.md#delivery).

The worker takes one due message at a time under a row lock (`FOR UPDATE SKIP LOCKED`, so
several workers never take the same one), hands it to the mail server, and marks it sent in
the same transaction. If the process dies before the mark commits, the lock goes with it and
the message is still queued: it is sent on the next run, never lost. A server that refuses
or cannot be reached leaves the message queued for a later attempt (1, 5, 15 minutes, then
hourly, up to MAX_ATTEMPTS); the act that wrote it has long succeeded.

Runs are started by each act that writes mail (on commit), by the task itself for the next
retry, and by `manage.py deliver_mail` from a timer, which also picks up anything a crash
left behind."""

import contextlib
import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

# Django 6: `from django.tasks import task` (the backport has the same API).
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from notifications.mail import request_delivery
from notifications.models import OutboxMessage

Status = OutboxMessage.Status
logger = logging.getLogger(__name__)

CARRIES_A_SECRET = {"invitation", "password_reset"}
REDACTED = "(The text of this message held a one-time link; it is not kept once sent.)\n"
# 1, 5 and 15 minutes, then hourly: about three days before a message is given up.
MAX_ATTEMPTS = 72
RETRY_AFTER = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15)]
LAST_RETRY_AFTER = timedelta(hours=1)


def connection_lost(error: Exception) -> bool:
    """The server cannot be reached or dropped the connection (smtplib's errors are
    OSErrors too; only these mean the connection itself is gone): the run stops there,
    without charging the messages behind this one an attempt each."""
    if isinstance(error, smtplib.SMTPConnectError | smtplib.SMTPServerDisconnected):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def retry_delay(attempts: int) -> timedelta:
    return RETRY_AFTER[attempts - 1] if attempts <= len(RETRY_AFTER) else LAST_RETRY_AFTER


def _email(message: OutboxMessage) -> EmailMessage:
    return EmailMessage(subject=message.subject, body=message.body,
                        from_email=settings.DEFAULT_FROM_EMAIL, to=[message.to_address],
                        headers={"Message-ID": message.message_id,
                                 "Content-Language": message.language,
                                 "Auto-Submitted": "auto-generated"})


def _send_next(connection, started: datetime) -> str | None:
    """Send the oldest message due since the run started: "sent", "retry" (the server
    refused it, try later), "broken" (the connection is gone: stop the run), "failed" (it
    can never be sent), or None when no message is due."""
    with transaction.atomic():
        message = (OutboxMessage.objects.select_for_update(skip_locked=True)
                   .filter(status=Status.QUEUED, next_attempt_at__lte=started)
                   .order_by("next_attempt_at", "pk").first())
        if message is None:
            return None
        message.attempts += 1
        outcome = "sent"
        try:
            connection.send_messages([_email(message)])
        except (ValueError, UnicodeError) as error:
            # An address no mail server will take: no retry will help.
            outcome, message.status = "failed", Status.FAILED
            message.last_error = f"{type(error).__name__}: {error}"[:300]
        except (smtplib.SMTPException, OSError) as error:
            outcome = "broken" if connection_lost(error) else "retry"
            message.last_error = f"{type(error).__name__}: {error}"[:300]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = Status.FAILED
            else:
                message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
        else:
            message.status, message.sent_at, message.last_error = (
                Status.SENT, timezone.now(), "")
            if message.event in CARRIES_A_SECRET:
                # The link is a key (an invitation, a password reset): once sent, the outbox
                # keeps no copy of it.
                message.body = REDACTED
        if message.status == Status.FAILED:
            logger.error("Outbox message %s failed for good: %s", message.pk,
                         message.last_error)
        message.save(update_fields=["attempts", "status", "sent_at", "last_error",
                                    "next_attempt_at", "body"])
    return outcome


@dataclass(frozen=True)
class Run:
    attempted: int
    # The mail server could not be reached or dropped the connection: the run stopped.
    interrupted: bool


def deliver_due_messages(*, limit: int = 500) -> Run:
    """Send what is due now, up to `limit` messages."""
    started = timezone.now()
    attempted, interrupted = 0, False
    connection = get_connection(fail_silently=False)
    try:
        while attempted < limit:
            outcome = _send_next(connection, started)
            if outcome is None:
                break
            attempted += 1
            if outcome == "broken":
                interrupted = True
                break
            if outcome != "sent":
                # A refused message may leave the session in any state: start afresh.
                with contextlib.suppress(smtplib.SMTPException, OSError):
                    connection.close()
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()
    return Run(attempted, interrupted)


def next_attempt() -> datetime | None:
    return (OutboxMessage.objects.filter(status=Status.QUEUED)
            .order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first())


def requeue_failed() -> int:
    """Give failed messages a new round of attempts (after the address or the mail server
    was fixed); returns how many."""
    with transaction.atomic():
        count = OutboxMessage.objects.filter(status=Status.FAILED).update(
            status=Status.QUEUED, attempts=0, next_attempt_at=timezone.now())
        if count:
            request_delivery()
    return count


def _booked(run_after: datetime) -> bool:
    """Whether a delivery run is already queued for that moment or earlier."""
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY,
                                       task_path=deliver_outbox.module_path,
                                       run_after__lte=run_after).exists()


@task()
def deliver_outbox() -> int:
    """The worker's task: send what is due, then book the next run, if none is booked."""
    run = deliver_due_messages()
    later = next_attempt()
    if later is not None:
        # Due messages left behind by an interrupted run wait for the first retry too.
        later = max(later, timezone.now() + (RETRY_AFTER[0] if run.interrupted
                                             else timedelta(0)))
        if not _booked(later):
            deliver_outbox.using(run_after=later).enqueue()
    return run.attempted
