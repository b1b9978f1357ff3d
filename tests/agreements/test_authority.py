"""Who may send which notice, by which channel, and which side records it (Art. 6, 9, 11,
12; docs/lifecycle.md#authority). The expected outcomes are written out here from the
agreement's articles, not read from the code's table."""

from datetime import date
from itertools import product

import pytest
from django.core.exceptions import ValidationError

from agreements.actions import NoticeDraft, record_notice, record_notice_receipt
from agreements.authority import recording_refusal, sending_refusal
from agreements.models import Membership, Notice, Party

GOV, UN = "government", "united_nations"
IN_FORCE = date(2015, 1, 9)
TODAY = date(2026, 11, 25)

# kind: (who may send it, the channels that count)
WRITTEN = {"hand", "mail", "diplomatic", "telegram", "telex"}
RULES = {
    "domestic_procedures": ({GOV}, WRITTEN),              # Art. 12.3
    "amendment": ({GOV, UN}, WRITTEN),                    # Art. 12.1
    "completion": ({UN}, {"diplomatic"}),                 # Art. 6
    "termination": ({GOV, UN}, {"diplomatic"}),           # Art. 9
    "letter": ({GOV, UN}, WRITTEN | {"email"}),           # Art. 11
}
ARTICLE = {"domestic_procedures": "Art. 12.3", "completion": "Art. 6", "termination": "Art. 9"}
CHANNELS = ["hand", "mail", "diplomatic", "telegram", "telex", "email"]


@pytest.mark.parametrize(("kind", "sender", "delivery"),
                         list(product(RULES, (GOV, UN), CHANNELS)))
def test_each_kind_is_sent_by_its_party_through_a_channel_that_counts(kind, sender, delivery):
    senders, channels = RULES[kind]
    refusal = sending_refusal(kind=kind, sender_kind=sender, delivery=delivery,
                              government_agreement="Note 12/345 of 2 March 2015",
                              effective_on=date(2015, 3, 16), in_force_from=IN_FORCE)
    if sender in senders and delivery in channels:
        assert refusal is None
    elif sender not in senders:
        # The wrong party: the article that says who sends it.
        assert refusal is not None and refusal.startswith(ARTICLE[kind]), refusal
    else:
        # The wrong channel: Art. 6 and 9 ask for diplomatic channels; the others Art. 11's
        # written notice.
        expected = ARTICLE[kind] if kind in ("completion", "termination") else "Art. 11"
        assert refusal is not None and refusal.startswith(expected), refusal


def test_completion_comes_once_in_force_and_with_the_governments_agreement():
    facts = {"kind": "completion", "sender_kind": UN, "delivery": "diplomatic"}
    assert "not entered into force" in sending_refusal(
        **facts, government_agreement="Note 12/345", effective_on=date(2014, 12, 1),
        in_force_from=None)
    assert "entered into force on 2015-01-09, after this notice" in sending_refusal(
        **facts, government_agreement="Note 12/345", effective_on=date(2015, 1, 8),
        in_force_from=IN_FORCE)
    assert "record how the Government agreed" in sending_refusal(
        **facts, government_agreement=" ", effective_on=date(2015, 3, 16),
        in_force_from=IN_FORCE)


@pytest.mark.parametrize(("sender", "recorder", "with_receipt", "evidence", "allowed"), [
    # The sending side records what it sent.
    (UN, {UN}, False, False, True),
    (UN, {GOV}, False, False, False),
    (GOV, {GOV}, False, False, True),
    (GOV, {UN}, False, False, False),
    # The receiving side records the receipt...
    (UN, {GOV}, True, False, True),
    (GOV, {UN}, True, False, True),
    # ...or the sending side, with the evidence of it.
    (UN, {UN}, True, False, False),
    (UN, {UN}, True, True, True),
    (GOV, {GOV}, True, False, False),
    (GOV, {GOV}, True, True, True),
    # An auditor is neither side.
    (UN, set(), False, False, False),
    (UN, set(), True, True, False),
])
def test_which_side_records_a_notice_and_its_receipt(sender, recorder, with_receipt, evidence,
                                                     allowed):
    refusal = recording_refusal(sender_kind=sender, recorder_sides=frozenset(recorder),
                                with_receipt=with_receipt, receipt_evidence=evidence)
    assert (refusal is None) is allowed


@pytest.fixture
def officers(seed, make_user):
    return {"desa": make_user("finance1", agreement=seed, role=Membership.Role.DESA_FINANCE),
            "government": make_user("government", agreement=seed,
                                    role=Membership.Role.GOVERNMENT),
            "auditor": make_user("auditor", agreement=seed, role=Membership.Role.AUDITOR)}


def completion(received_on, **changes) -> NoticeDraft:
    facts = {"kind": "completion", "sender": Party.objects.get(kind=UN),
             "recipient": Party.objects.get(kind=GOV), "sent_on": date(2015, 3, 10),
             "received_on": received_on, "delivery": "diplomatic",
             "government_agreement": "Note verbale 15-3/201 of 2 March 2015"}
    return NoticeDraft(**{**facts, **changes})


@pytest.mark.django_db
def test_a_government_officer_cannot_end_the_agreement_with_desas_notice(seed, officers):
    before = Notice.objects.count()
    # The Government did not send DESA's completion notice: its officer records it only
    # as received... but e-mail does not count for a completion (Art. 6).
    with pytest.raises(ValidationError, match=r"Art\. 6"):
        record_notice(agreement=seed, draft=completion(date(2015, 3, 16), delivery="email"),
                      acting_user=officers["government"], today=TODAY, confirmed=True)
    # Nor may the Government send a completion notice itself.
    with pytest.raises(ValidationError, match="only DESA sends it"):
        record_notice(agreement=seed, draft=completion(
            date(2015, 3, 16), sender=Party.objects.get(kind=GOV),
            recipient=Party.objects.get(kind=UN)),
            acting_user=officers["government"], today=TODAY, confirmed=True)
    # And it may not record DESA's notice as sent: the sending side records that.
    with pytest.raises(ValidationError, match="this one was sent by the United Nations"):
        record_notice(agreement=seed, draft=completion(None),
                      acting_user=officers["government"], today=TODAY)
    assert Notice.objects.count() == before


@pytest.mark.django_db
def test_desa_records_its_completion_notice_and_the_government_its_receipt(seed, officers):
    sent = record_notice(agreement=seed, draft=completion(None), acting_user=officers["desa"],
                         today=TODAY)
    # DESA cannot record the receipt without the evidence of it.
    with pytest.raises(ValidationError, match="acknowledgement of receipt"):
        record_notice_receipt(notice=sent, received_on=date(2015, 3, 16),
                              acting_user=officers["desa"], today=TODAY, confirmed=True)
    # The Government received it; the consequence is stated and confirmed first.
    from agreements.irreversible import ConfirmationRequired

    with pytest.raises(ConfirmationRequired, match="expire on that date"):
        record_notice_receipt(notice=sent, received_on=date(2015, 3, 16),
                              acting_user=officers["government"], today=TODAY)
    assert Notice.objects.get(pk=sent.pk).received_on is None
    record_notice_receipt(notice=sent, received_on=date(2015, 3, 16),
                          acting_user=officers["government"], today=TODAY, confirmed=True)
    received = Notice.objects.get(pk=sent.pk)
    assert (received.received_on, received.receipt_recorded_by) == (
        date(2015, 3, 16), officers["government"])


@pytest.mark.django_db
def test_an_auditor_records_nothing_and_only_the_sender_withdraws(seed, officers):
    from agreements.actions import withdraw_notice

    with pytest.raises(ValidationError, match="sent by the United Nations"):
        record_notice(agreement=seed, draft=completion(None), acting_user=officers["auditor"],
                      today=TODAY)
    sent = record_notice(agreement=seed, draft=completion(None), acting_user=officers["desa"],
                         today=TODAY)
    with pytest.raises(ValidationError, match=r"Only the side that sent a notice withdraws it"):
        withdraw_notice(notice=sent, reason="Wrong mission", acting_user=officers["government"])
    withdraw_notice(notice=sent, reason="Wrong mission", acting_user=officers["desa"])
    assert Notice.objects.get(pk=sent.pk).withdrawn_on is not None
