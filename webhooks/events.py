"""Announcing an event to a fund's webhooks, inside the act that causes it
(docs/webhooks.md#events).

An act calls `announce` inside its transaction: one `Delivery` row per active subscription
that asked for the event is written there, so a rolled-back act announces nothing. Once the
act commits, the worker is asked to deliver (`webhooks.delivery`).

Several entries posted by one act (an expenditure with its reserve and support-cost
charges, a whole import) make one `entries.posted` event with the range of their sequence
numbers: later announcements in the same transaction widen the first one's range."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from webhooks.models import Delivery, Subscription

ENTRIES_POSTED = "entries.posted"
REPORT_ISSUED = "report.issued"
NOTICE_RECORDED = "notice.recorded"
NOTICE_RECEIVED = "notice.received"
NOTICE_WITHDRAWN = "notice.withdrawn"
NOTICE_CORRECTED = "notice.corrected"
EVENT_TYPES = (ENTRIES_POSTED, REPORT_ISSUED, NOTICE_RECORDED, NOTICE_RECEIVED,
               NOTICE_WITHDRAWN, NOTICE_CORRECTED)


def api_link(name: str, slug: str) -> str:
    """An absolute link to an API endpoint of the fund, for a receiver to fetch."""
    return settings.PORTAL_URL.rstrip("/") + reverse(name, args=[slug])


Details = dict[str, Any] | Callable[[], dict[str, Any]]


@dataclass
class _Open:
    """An entries.posted event announced earlier in the transaction still open."""

    on_commit: Callable[[], None]
    payload: dict[str, Any] | None  # None: no subscriber heard of it
    deliveries: list[int]


def _open_events(connection) -> dict[int, _Open]:
    if not hasattr(connection, "_webhook_events"):
        connection._webhook_events = {}
    return connection._webhook_events


def _same_transaction(connection, event: _Open) -> bool:
    """Whether `event` was announced in the transaction now open: its on-commit callback is
    still waiting (Django drops it on rollback, also of the savepoint it was registered in,
    and runs it on commit)."""
    return any(callback is event.on_commit for _ids, callback, _robust
               in connection.run_on_commit)


def announce(owner: Agreement | Any, event: str, details: Details) -> None:
    """Tell the fund's subscribed webhooks of `event` (one of EVENT_TYPES); `owner` is the
    fund or its agreement; `details` (or a function returning them, called only when some
    subscription hears of the event) go into the payload's `data`. For entries.posted they
    are first_sequence and last_sequence."""
    if event not in EVENT_TYPES:
        raise ValueError(f"Unknown webhook event {event!r}.")
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("Webhook events are written inside the act's transaction.")
    agreement_id = owner.pk if isinstance(owner, Agreement) else owner.agreement_id
    if event != ENTRIES_POSTED:
        _write(agreement_id, event, details)
        return
    events = _open_events(connection)
    earlier = events.get(agreement_id)
    if earlier is not None and _same_transaction(connection, earlier):
        if not (earlier.deliveries and _widen(earlier, details)):
            # No subscriber heard of the entries before (one may have been registered in
            # this transaction since, or the rows were rolled back with a savepoint): ask
            # again, for these entries.
            earlier.payload, earlier.deliveries = _write(agreement_id, event, details,
                                                         request_delivery=False)
        return
    opened = _Open(on_commit=lambda: None, payload=None, deliveries=[])

    def committed() -> None:
        if events.get(agreement_id) is opened:
            del events[agreement_id]
        if opened.deliveries:
            request_delivery_now()

    opened.on_commit = committed
    opened.payload, opened.deliveries = _write(agreement_id, event, details,
                                               request_delivery=False)
    events[agreement_id] = opened
    transaction.on_commit(committed)


def _widen(event: _Open, details: dict[str, Any]) -> bool:
    """More entries of the same act: the event's range grows to take them in. Read from the
    row as it stands (a savepoint rolled back since may have undone a widening); False if
    the rows are gone with a savepoint."""
    payload = (Delivery.objects.filter(pk=event.deliveries[0])
               .values_list("payload", flat=True).first())
    if payload is None:
        return False
    data = payload["data"]
    data["first_sequence"] = min(data["first_sequence"], details["first_sequence"])
    data["last_sequence"] = max(data["last_sequence"], details["last_sequence"])
    data["entries_url"] = _entries_link(payload["fund"], data["first_sequence"])
    Delivery.objects.filter(pk__in=event.deliveries).update(payload=payload)
    event.payload = payload
    return True


def announce_entries(fund, first_sequence: int, last_sequence: int) -> None:
    """Entries first_sequence..last_sequence of the fund posted (none if the range is empty).
    """
    if last_sequence >= first_sequence:
        announce(fund, ENTRIES_POSTED, {"first_sequence": first_sequence,
                                        "last_sequence": last_sequence})


def _entries_link(slug: str, first_sequence: int) -> str:
    return f"{api_link('api:entries', slug)}?after={first_sequence - 1}"


def _write(agreement_id: int, event: str, details: Details, *,
           request_delivery: bool = True) -> tuple[dict[str, Any] | None, list[int]]:
    """One delivery per active subscription of the fund that asked for `event` (`details`
    read only if there is one)."""
    subscriptions = [subscription for subscription in Subscription.objects.filter(
        fund__agreement_id=agreement_id, active=True).select_related("fund__agreement")
        if event in subscription.events]
    if not subscriptions:
        return None, []
    slug = subscriptions[0].fund.agreement.slug
    data = dict(details() if callable(details) else details)
    if event == ENTRIES_POSTED:
        data["entries_url"] = _entries_link(slug, data["first_sequence"])
    elif event == REPORT_ISSUED:
        data["reports_url"] = api_link("api:reports", slug)
    payload = {"event": event, "fund": slug, "occurred_at": timezone.now().isoformat(),
               "data": data}
    now = timezone.now()
    written = Delivery.objects.bulk_create([
        Delivery(subscription=subscription, event=event, payload=payload,
                 next_attempt_at=now) for subscription in subscriptions])
    if request_delivery:
        transaction.on_commit(request_delivery_now)
    return payload, [delivery.pk for delivery in written]


def request_delivery_now() -> None:
    from webhooks.delivery import deliver_webhooks

    deliver_webhooks.enqueue()


def notice_state(notice) -> str:
    """Where the notice stands: sent (not yet received), received, withdrawn or corrected."""
    if notice.corrected_on is not None:
        return "corrected"
    if notice.withdrawn_on is not None:
        return "withdrawn"
    return "received" if notice.received_on is not None else "sent"


def announce_notice(notice, event: str) -> None:
    """A notice recorded, received, withdrawn or corrected: its number, kind and state,
    never its subject or scans (the receiver reads them through the API, with its rights)."""

    def details() -> dict[str, Any]:
        replacement = (notice.__class__.objects.filter(corrects=notice)
                       .values_list("pk", flat=True).first()
                       if event == NOTICE_CORRECTED else None)
        return {"notice": notice.pk, "kind": notice.kind, "state": notice_state(notice),
                "sent_on": notice.sent_on.isoformat(),
                "received_on": notice.received_on.isoformat() if notice.received_on else None,
                "in_effect": notice.in_effect, "replaced_by": replacement}

    announce(notice.agreement, event, details)


def announce_report(report) -> None:
    """A version of a report issued: which, and its PDF's SHA-256."""
    announce(report.fund, REPORT_ISSUED, lambda: {
        "report": report.pk, "kind": report.kind, "year": report.year,
        "version": report.version, "sha256": report.sha256})
