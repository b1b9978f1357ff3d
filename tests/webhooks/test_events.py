"""Which acts write which webhook events, read from the outbox in the act's own transaction
(no worker needed): an import is one event for its whole range, an issued report names its
version, a notice's receipt its new state; a fund without subscribers writes nothing."""

from datetime import date

import pytest

from agreements.actions import NoticeDraft, record_notice, record_notice_receipt
from agreements.models import Membership, Party
from budget.models import Entry
from reports.issuing import issue_report
from tests.conftest import load_seed_files
from webhooks.models import Delivery
from webhooks.subscriptions import register_subscription

RECEIVER = "https://93.184.216.34/trustfund/hooks"


@pytest.mark.django_db
def test_a_ledger_import_is_one_event_for_its_whole_range(seed, loader):
    register_subscription(fund=seed.fund, url=RECEIVER, events=["entries.posted"],
                          acting_user=loader)
    load_seed_files(ledger=True, forum=False)
    delivery = Delivery.objects.get()
    sequences = list(Entry.objects.filter(fund=seed.fund).order_by("sequence")
                     .values_list("sequence", flat=True))
    # The import wrote entries 1..N of an empty ledger, with no gap: the file's 21 rows and
    # the charges they bring, in one act, so one event.
    assert sequences == list(range(1, len(sequences) + 1)) and len(sequences) > 21
    assert delivery.payload["data"]["first_sequence"] == 1
    assert delivery.payload["data"]["last_sequence"] == len(sequences)
    assert delivery.payload["data"]["entries_url"].endswith("/entries/?after=0")


@pytest.mark.django_db
def test_an_issued_report_names_its_kind_year_version_and_where_to_read_it(
        funded, loader, make_user):
    register_subscription(fund=funded, url=RECEIVER, events=["report.issued"],
                          acting_user=loader)
    finance = make_user("finance9", agreement=funded.agreement,
                        role=Membership.Role.DESA_FINANCE)
    issued = issue_report(fund=funded, kind="statement", year=2014, acting_user=finance,
                          confirmed=True)
    delivery = Delivery.objects.get(event="report.issued")
    data = delivery.payload["data"]
    assert (data["kind"], data["year"], data["version"], data["report"]) == (
        "statement", 2014, 1, issued.pk)
    assert data["sha256"] == issued.sha256
    assert data["reports_url"] == "https://localhost/api/v1/funds/int-14-x46-a/reports/"
    # The subscription did not ask for entries: the contribution wrote it nothing.
    assert list(Delivery.objects.values_list("event", flat=True)) == ["report.issued"]


@pytest.mark.django_db
def test_a_notices_receipt_is_announced_as_received(funded, loader):
    register_subscription(fund=funded, url=RECEIVER, events=["notice.received"],
                          acting_user=loader)
    notice = record_notice(agreement=funded.agreement, acting_user=None, draft=NoticeDraft(
        kind="letter", sender=Party.objects.get(kind="united_nations"),
        recipient=Party.objects.get(kind="government"), sent_on=date(2014, 10, 1),
        received_on=None, delivery="mail", reference="DESA/2014/41"))
    assert not Delivery.objects.exists()  # notice.recorded was not asked for
    record_notice_receipt(notice=notice, received_on=date(2014, 10, 3), acting_user=None)
    data = Delivery.objects.get(event="notice.received").payload["data"]
    assert (data["notice"], data["state"], data["received_on"], data["in_effect"]) == (
        notice.pk, "received", "2014-10-03", True)


@pytest.mark.django_db
def test_a_fund_without_subscribers_writes_no_delivery(funded, make_user):
    from budget.amounts import usd
    from budget.posting import post_commitment

    post_commitment(fund=funded, line_code="5301", amount=usd("1000.00"),
                    value_date=date(2014, 9, 1), payee="Printer", reference="PO-2014-09",
                    acting_user=None)
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_postings_of_one_transaction_are_one_event_less_what_a_savepoint_undid(
        funded, loader):
    from django.db import transaction

    from budget.amounts import usd
    from budget.posting import post_commitment

    register_subscription(fund=funded, url=RECEIVER, events=["entries.posted"],
                          acting_user=loader)

    def commit(amount: str, reference: str):
        return post_commitment(fund=funded, line_code="5301", amount=usd(amount),
                               value_date=date(2014, 9, 1), payee="Printer",
                               reference=reference, acting_user=None)

    with transaction.atomic():
        assert commit("100.00", "PO-1").sequence == 2
        with pytest.raises(RuntimeError), transaction.atomic():
            assert commit("200.00", "PO-2").sequence == 3
            assert commit("300.00", "PO-3").sequence == 4
            raise RuntimeError("undone")
        # Entries 3 and 4 were rolled back with their savepoint: the next is 3 again.
        assert commit("400.00", "PO-4").sequence == 3
    data = Delivery.objects.get().payload["data"]
    assert (data["first_sequence"], data["last_sequence"]) == (2, 3)
