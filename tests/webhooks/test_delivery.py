"""Webhooks delivered for real: an act writes the event with itself, the real worker
(`db_worker --batch` in its own process) POSTs it to a receiver listening on 127.0.0.1 in
this test, signed with the subscription's secret; a receiver that fails gets it again later;
a rolled-back act sends nothing (docs/webhooks.md)."""

import hashlib
import hmac
import time
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from agreements.actions import NoticeDraft, record_notice, withdraw_notice
from agreements.models import Membership, Party
from budget.amounts import usd
from budget.models import Entry
from budget.posting import post_commitment
from tests.webhooks.conftest import BASE
from tests.webhooks.receiver import Receiver
from tests.worker import run_command, run_queued_tasks
from webhooks.models import Delivery

EXPENDITURE = {"line": "1101", "amount": "12000.00", "value_date": "2014-08-31",
               "payee": "Project coordinator", "reference": "PAY-2014-08"}
COMMITMENT = {"line": "5301", "amount": "1000.00", "value_date": "2014-09-01",
              "payee": "Printer", "reference": "PO-2014-09"}


def deliver() -> str:
    return run_queued_tasks(WEBHOOKS_ALLOW_PRIVATE="true")


def verified(received, secret: str) -> bool:
    """What a receiver does (docs/webhooks.md#verifying), written here independently."""
    timestamp = received.headers["X-Trustfund-Timestamp"]
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + received.body,
                        hashlib.sha256).hexdigest()
    fresh = abs(time.time() - int(timestamp)) < 300
    return fresh and hmac.compare_digest(received.headers["X-Trustfund-Signature"],
                                         "sha256=" + expected)


def register(client, url: str, events: list[str]) -> dict:
    response = client.post(f"{BASE}/webhooks/", {"url": url, "events": events}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


@pytest.mark.django_db(transaction=True)
def test_a_posting_through_the_api_reaches_the_receiver_signed_with_the_range_to_fetch(
        client_as):
    finance = client_as("finance1", Membership.Role.DESA_FINANCE)
    with Receiver() as receiver:
        subscription = register(finance, receiver.url, ["entries.posted"])
        # The contribution of the `funded` fixture is entry 1. A salary of 12,000.00 on 1101
        # brings its reserve (1%: 120.00) and PSC (13% of 12,120.00: 1,575.60): entries 2-4,
        # one act, so one event.
        posted = finance.post(f"{BASE}/expenditures/", EXPENDITURE, format="json")
        assert posted.status_code == 201
        deliver()
    assert len(receiver.requests) == 1
    received = receiver.requests[0]
    assert received.path == "/hooks/trustfund"
    assert verified(received, subscription["secret"])
    assert not verified(received, subscription["secret"] + "x")
    assert received.headers["X-Trustfund-Event"] == "entries.posted"
    assert received.headers["Content-Type"] == "application/json"
    payload = received.payload
    delivery = Delivery.objects.get()
    assert received.headers["X-Trustfund-Delivery"] == str(delivery.pk) == \
        str(payload["delivery"])
    assert payload["event"] == "entries.posted" and payload["fund"] == "int-14-x46-a"
    assert payload["data"]["first_sequence"] == 2 and payload["data"]["last_sequence"] == 4
    assert payload["data"]["entries_url"] == \
        "https://localhost/api/v1/funds/int-14-x46-a/entries/?after=1"
    assert (delivery.status, delivery.attempts, delivery.last_status) == ("delivered", 1, 200)
    # What the client fetches with it: exactly the three new entries, not the contribution.
    fetched = finance.get(f"{BASE}/entries/", {"after": payload["data"]["first_sequence"] - 1})
    assert [(e["sequence"], e["kind"], e["amount"]) for e in fetched.json()["results"]] == [
        (2, "expenditure", "12000.00"), (3, "reserve", "120.00"), (4, "psc", "1575.60")]
    # The delivery shows on the subscription's list.
    listed = finance.get(f"{BASE}/webhooks/{subscription['id']}/deliveries/").json()
    assert [(d["id"], d["status"], d["last_status"]) for d in listed] == [
        (delivery.pk, "delivered", 200)]


@pytest.mark.django_db(transaction=True)
def test_a_receiver_answering_500_gets_the_same_delivery_again_and_it_is_delivered(
        client_as, funded):
    finance = client_as("finance1", Membership.Role.DESA_FINANCE)
    with Receiver(answers=[500]) as receiver:
        subscription = register(finance, receiver.url, ["entries.posted"])
        post_commitment(fund=funded, line_code="5301", amount=usd("1000.00"),
                        value_date=date(2014, 9, 1), payee="Printer", reference="PO-2014-09",
                        acting_user=None)
        before = timezone.now()
        deliver()
        delivery = Delivery.objects.get()
        assert (delivery.status, delivery.attempts, delivery.last_status) == ("queued", 1, 500)
        assert delivery.last_error == "HTTP 500 no"
        # The first retry a minute later, and the worker's run booked for then.
        assert before + timedelta(seconds=55) < delivery.next_attempt_at < \
            timezone.now() + timedelta(seconds=65)
        booked = DBTaskResult.objects.filter(status="READY",
                                             task_path="webhooks.delivery.deliver_webhooks")
        assert [task.run_after for task in booked] == [delivery.next_attempt_at]
        # A minute passes.
        Delivery.objects.update(next_attempt_at=timezone.now())
        booked.update(run_after=timezone.now())
        deliver()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status) == ("delivered", 2, 200)
    assert delivery.delivered_at is not None and delivery.next_attempt_at is None
    first, second = receiver.requests
    assert first.body == second.body  # the same delivery, signed anew each time
    assert first.headers["X-Trustfund-Delivery"] == second.headers["X-Trustfund-Delivery"]
    assert verified(first, subscription["secret"]) and verified(second, subscription["secret"])
    assert second.payload["data"]["first_sequence"] == second.payload["data"][
        "last_sequence"] == 2


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_act_sends_nothing_and_the_next_act_its_own_range(client_as, funded):
    finance = client_as("finance1", Membership.Role.DESA_FINANCE)
    with Receiver() as receiver:
        subscription = register(finance, receiver.url, ["entries.posted"])
        # Refused by a control (5301's budget is 6,478.00): 409, nothing written.
        refused = finance.post(f"{BASE}/commitments/", {**COMMITMENT, "amount": "7000.00"},
                               format="json")
        assert refused.status_code == 409
        # Posted, then the transaction rolled back.
        with pytest.raises(RuntimeError), transaction.atomic():
            post_commitment(fund=funded, line_code="5301", amount=usd("1000.00"),
                            value_date=date(2014, 9, 1), payee="Printer",
                            reference="PO-2014-09", acting_user=None)
            raise RuntimeError("the act fails after its posting")
        assert not Delivery.objects.exists()
        assert list(Entry.objects.values_list("sequence", flat=True)) == [1]
        deliver()
        assert receiver.requests == []
        # The next posting is entry 2 again, announced as such.
        assert finance.post(f"{BASE}/commitments/", COMMITMENT, format="json").status_code \
            == 201
        deliver()
    assert len(receiver.requests) == 1
    data = receiver.requests[0].payload["data"]
    assert (data["first_sequence"], data["last_sequence"]) == (2, 2)
    assert verified(receiver.requests[0], subscription["secret"])


@pytest.mark.django_db(transaction=True)
def test_notices_are_announced_recorded_and_withdrawn_with_their_state(client_as, funded):
    finance = client_as("finance1", Membership.Role.DESA_FINANCE)
    with Receiver() as receiver:
        subscription = register(finance, receiver.url, ["notice.recorded",
                                                        "notice.withdrawn"])
        notice = record_notice(agreement=funded.agreement, acting_user=None, draft=NoticeDraft(
            kind="letter", sender=Party.objects.get(kind="united_nations"),
            recipient=Party.objects.get(kind="government"), sent_on=date(2014, 10, 1),
            received_on=None, delivery="mail", reference="DESA/2014/41",
            subject="Reallocation"))
        withdraw_notice(notice=notice, reason="Sent in error", acting_user=None,
                        today=date(2014, 10, 2))
        # Entries are not subscribed to: a posting sends nothing to this address.
        post_commitment(fund=funded, line_code="5301", amount=usd("1000.00"),
                        value_date=date(2014, 9, 1), payee="Printer", reference="PO-2014-09",
                        acting_user=None)
        deliver()
    events = sorted((r.payload["event"], r.payload["data"]["state"],
                     r.payload["data"]["notice"], r.payload["data"]["in_effect"])
                    for r in receiver.requests)
    assert events == [("notice.recorded", "sent", notice.pk, True),
                      ("notice.withdrawn", "withdrawn", notice.pk, False)]
    assert all(verified(r, subscription["secret"]) for r in receiver.requests)
    # The subject stays in the portal: the receiver reads it with its own rights.
    assert all(b"Reallocation" not in r.body for r in receiver.requests)


@pytest.mark.django_db(transaction=True)
def test_a_removed_subscription_gets_nothing_more(client_as, funded):
    finance = client_as("finance1", Membership.Role.DESA_FINANCE)
    with Receiver() as receiver:
        subscription = register(finance, receiver.url, ["entries.posted"])
        post_commitment(fund=funded, line_code="5301", amount=usd("1000.00"),
                        value_date=date(2014, 9, 1), payee="Printer", reference="PO-2014-09",
                        acting_user=None)
        removed = finance.delete(f"{BASE}/webhooks/{subscription['id']}/")
        assert removed.status_code == 200 and removed.json()["active"] is False
        post_commitment(fund=funded, line_code="5301", amount=usd("500.00"),
                        value_date=date(2014, 9, 2), payee="Printer", reference="PO-2014-10",
                        acting_user=None)
        deliver()
    assert receiver.requests == []
    # The event written before the removal was cancelled; none was written after it.
    assert list(Delivery.objects.values_list("status", flat=True)) == ["cancelled"]


@pytest.mark.django_db(transaction=True)
def test_the_safety_net_command_sends_what_no_worker_took(client_as, funded):
    finance = client_as("finance1", Membership.Role.DESA_FINANCE)
    with Receiver() as receiver:
        subscription = register(finance, receiver.url, ["entries.posted"])
        post_commitment(fund=funded, line_code="5301", amount=usd("1000.00"),
                        value_date=date(2014, 9, 1), payee="Printer", reference="PO-2014-09",
                        acting_user=None)
        # As if the worker had died: its task gone, the delivery still queued.
        DBTaskResult.objects.all().delete()
        output = run_command("deliver_webhooks", WEBHOOKS_ALLOW_PRIVATE="true")
    assert "1 webhook deliveries attempted." in output
    assert len(receiver.requests) == 1 and verified(receiver.requests[0],
                                                    subscription["secret"])
    assert Delivery.objects.get().status == "delivered"
