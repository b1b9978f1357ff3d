"""Sending webhook deliveries (docs/webhooks.md#delivery).

The worker takes one due delivery at a time under a row lock (`FOR UPDATE SKIP LOCKED`, so
several workers never take the same one), POSTs it, and records the outcome in the same
transaction: a crash before the commit leaves it queued, to be sent again with the same
delivery id (the receiver may see it twice, and can tell by that id). A receiver that
answers anything but 2xx, or not at all, is tried again after 1 minute, 5 minutes, 30
minutes, 2, 6, 12 and 24 hours; after MAX_ATTEMPTS the delivery is marked failed."""

import json
import logging
import time
from datetime import datetime, timedelta

import requests
from django.db import transaction
from django.utils import timezone

# Django 6: `from django.tasks import task` (the backport has the same API).
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from webhooks.addresses import destination_refusal
from webhooks.models import Delivery
from webhooks.signing import signature

Status = Delivery.Status
logger = logging.getLogger(__name__)

RETRY_AFTER = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30),
               timedelta(hours=2), timedelta(hours=6), timedelta(hours=12),
               timedelta(hours=24)]
MAX_ATTEMPTS = len(RETRY_AFTER) + 1  # about two days and a half in all
# Seconds to connect and to wait for the answer: a slow receiver holds up the queue.
TIMEOUT = (5, 10)
# Of the receiver's answer only this much is read, for the error shown to the fund.
READ_AT_MOST = 1024
USER_AGENT = "trustfund-webhooks/1"


def body_of(delivery: Delivery) -> bytes:
    """The bytes sent and signed: the same on every attempt."""
    return json.dumps({"delivery": delivery.pk, **delivery.payload}, sort_keys=True,
                      separators=(",", ":")).encode()


def _post(delivery: Delivery) -> tuple[int | None, str]:
    """One attempt: the receiver's HTTP status (None: no answer) and what went wrong."""
    subscription = delivery.subscription
    refusal = destination_refusal(subscription.url)
    if refusal:
        return None, refusal
    body = body_of(delivery)
    timestamp = int(time.time())
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT,
               "X-Trustfund-Event": delivery.event,
               "X-Trustfund-Delivery": str(delivery.pk),
               "X-Trustfund-Timestamp": str(timestamp),
               "X-Trustfund-Signature": signature(subscription.secret, timestamp, body)}
    with requests.Session() as session:
        # No proxies or .netrc credentials from the environment: the address checked above
        # is the one reached.
        session.trust_env = False
        try:
            response = session.post(subscription.url, data=body, headers=headers,
                                    timeout=TIMEOUT, allow_redirects=False, stream=True)
        except requests.RequestException as error:
            return None, f"{type(error).__name__}: {error}"
        try:
            if 200 <= response.status_code < 300:
                return response.status_code, ""
            if response.is_redirect:
                location = response.headers.get("Location", "")[:200]
                return response.status_code, f"Redirect not followed (to {location})"
            try:
                answer = response.raw.read(READ_AT_MOST, decode_content=True)
            except (requests.RequestException, OSError, ValueError):
                answer = b""
            text = answer.decode("utf-8", "replace").strip()
            return response.status_code, f"HTTP {response.status_code} {text}".strip()
        finally:
            response.close()


def retry_delay(attempts: int) -> timedelta:
    return RETRY_AFTER[min(attempts, len(RETRY_AFTER)) - 1]


def _send_next(started: datetime) -> bool:
    """Attempt the oldest delivery due since the run started; False when none is due."""
    with transaction.atomic():
        delivery = (Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("subscription")
                    .filter(status=Status.QUEUED, next_attempt_at__lte=started)
                    .order_by("next_attempt_at", "pk").first())
        if delivery is None:
            return False
        if not delivery.subscription.active:
            delivery.status, delivery.next_attempt_at = Status.CANCELLED, None
            delivery.save(update_fields=["status", "next_attempt_at"])
            return True
        delivery.attempts += 1
        delivery.last_status, error = _post(delivery)
        delivery.last_error = error[:300]
        if not error:
            delivery.status, delivery.delivered_at = Status.DELIVERED, timezone.now()
            delivery.next_attempt_at = None
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.status, delivery.next_attempt_at = Status.FAILED, None
            logger.error("Webhook delivery %s failed for good: %s", delivery.pk, error)
        else:
            delivery.next_attempt_at = timezone.now() + retry_delay(delivery.attempts)
        delivery.save(update_fields=["attempts", "last_status", "last_error", "status",
                                     "delivered_at", "next_attempt_at"])
    return True


def deliver_due(*, limit: int = 500) -> int:
    """Attempt what is due now, up to `limit` deliveries; returns how many were taken."""
    started = timezone.now()
    taken = 0
    while taken < limit and _send_next(started):
        taken += 1
    return taken


def next_attempt() -> datetime | None:
    return (Delivery.objects.filter(status=Status.QUEUED).order_by("next_attempt_at")
            .values_list("next_attempt_at", flat=True).first())


def _booked(run_after: datetime) -> bool:
    """Whether a run is already queued for that moment or earlier."""
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY,
                                       task_path=deliver_webhooks.module_path,
                                       run_after__lte=run_after).exists()


@task()
def deliver_webhooks() -> int:
    """The worker's task: attempt what is due, then book the next run for the next retry,
    unless one is booked already."""
    taken = deliver_due()
    later = next_attempt()
    if later is not None:
        later = max(later, timezone.now())
        if not _booked(later):
            deliver_webhooks.using(run_after=later).enqueue()
    return taken
