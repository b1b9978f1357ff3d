"""Who hears of what: the recipients of each event's mail, as written to the outbox in the
act's own transaction (no worker needed to know who was written to)."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from agreements.actions import NoticeDraft, record_notice
from agreements.models import Party
from budget.revisions import approve_revision, propose_revision, reject_revision
from notifications.models import OutboxMessage
from notifications.preferences import save_preferences
from tests.notifications.test_outbox import propose


def written(event: str) -> dict[str, str]:
    return dict(OutboxMessage.objects.filter(event=event).values_list(
        "recipient__username", "status"))


@pytest.mark.django_db
def test_the_proposer_hears_of_the_approval_and_of_the_rejection(seed, people, letter):
    revision = propose(seed, letter, people.programme1)
    approve_revision(revision=revision, acting_user=people.finance, today=date(2014, 10, 6))
    assert written("revision_decided") == {"programme1": "queued"}
    message = OutboxMessage.objects.get(event="revision_decided")
    assert message.subject == f"INT/14/X46/A: your budget revision {revision.pk} was approved"
    assert "Finance approved it: budget version 2" in message.body
    second = propose_revision(fund=seed.fund, new_amounts={"5201": D("19500.00"),
                                                           "5301": D("4978.00")},
                              reason="More copies", letter=letter,
                              acting_user=people.programme2)
    reject_revision(revision=second, acting_user=people.programme1, note="Not now")
    rejected = OutboxMessage.objects.get(event="revision_decided", recipient=people.programme2)
    assert rejected.language == "ru" and "Not now" in rejected.body


@pytest.mark.django_db
def test_a_notice_is_told_to_the_other_partys_members_only(seed, people):
    record_notice(agreement=seed, acting_user=people.government, draft=NoticeDraft(
        kind="letter", sender=Party.objects.get(kind="government"),
        recipient=Party.objects.get(kind="united_nations"), sent_on=date(2014, 11, 3),
        received_on=None, delivery="mail", reference="MID/2014/77",
        subject="Request for the 2014 statement"))
    # Addressed to the United Nations: DESA's officers hear of it; not the Government officer
    # who recorded it, not the auditor, not another fund's officer.
    assert set(written("notice_recorded")) == {"finance", "finance2", "programme1",
                                               "programme2"}
    mail = OutboxMessage.objects.get(event="notice_recorded", recipient=people.finance2)
    assert "Reference: MID/2014/77" in mail.body
    assert "Date sent: 3 November 2014" in mail.body
    # DESA records a letter the Government sent it: the Government's officer hears of it,
    # not DESA's.
    OutboxMessage.objects.all().delete()
    record_notice(agreement=seed, acting_user=people.finance2, draft=NoticeDraft(
        kind="letter", sender=Party.objects.get(kind="government"),
        recipient=Party.objects.get(kind="united_nations"), sent_on=date(2014, 11, 10),
        received_on=date(2014, 11, 12), delivery="mail", reference="MID/2014/80",
        subject="Nomination of the focal point"))
    assert set(written("notice_recorded")) == {"government"}
    # In the Government officer's Russian.
    assert "Дата получения: 12 ноября 2014\u202fг." in OutboxMessage.objects.get(
        event="notice_recorded").body


@pytest.mark.django_db
def test_preferences_hold_a_message_for_the_digest_or_write_none(seed, people, letter):
    save_preferences(user=people.finance2, modes={"revision_proposed": "digest"},
                     acting_user=people.finance2)
    save_preferences(user=people.programme2, modes={"revision_proposed": "off"},
                     acting_user=people.programme2)
    propose(seed, letter, people.programme1)
    assert written("revision_proposed") == {"finance": "queued", "finance2": "held"}


@pytest.mark.django_db
def test_preferences_are_only_the_persons_own_and_only_the_offered_ones(people):
    with pytest.raises(ValidationError):
        save_preferences(user=people.finance, modes={"reminders": "off"},
                         acting_user=people.finance2)
    with pytest.raises(ValidationError):
        save_preferences(user=people.finance, modes={"reminders": "hourly"},
                         acting_user=people.finance)
    with pytest.raises(ValidationError):
        save_preferences(user=people.finance, modes={"gossip": "off"},
                         acting_user=people.finance)
    people.finance.refresh_from_db()
    assert people.finance.notification_preferences == {}
