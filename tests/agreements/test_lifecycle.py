"""The agreement's status and key dates follow from its notices (Art. 6, 9, 12)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from agreements.actions import NoticeDraft, lifecycle_of, record_notice
from agreements.lifecycle import Status
from agreements.models import Notice, Party

TODAY = date(2026, 11, 25)


def without_notices(seed):
    """An agreement like the seed's, signed the same day by the same parties, with no notice
    recorded yet (recorded notices are never deleted, so a fresh agreement stands in)."""
    from agreements.models import Agreement, Signatory

    bare = Agreement.objects.create(slug="bare", title=seed.title, reference="INT/14/BARE",
                                    signed_on=seed.signed_on, signed_at=seed.signed_at)
    for signatory in seed.signatories.all():
        Signatory.objects.create(agreement=bare, party=signatory.party,
                                 representative_name=signatory.representative_name,
                                 representative_title=signatory.representative_title,
                                 notice_address=signatory.notice_address,
                                 order=signatory.order)
    return bare


def parties(agreement):
    return (Party.objects.get(signatures__agreement=agreement, kind="government"),
            Party.objects.get(signatures__agreement=agreement, kind="united_nations"))


def notice(agreement, kind, sender, recipient, sent, received, **extra):
    """A notice recorded by the system (both sides) with its consequences confirmed; a
    completion notice with the Government's agreement (Art. 6)."""
    if kind == "completion":
        extra.setdefault("government_agreement", "Note verbale agreeing to the completion")
    return record_notice(
        agreement=agreement,
        draft=NoticeDraft(kind=kind, sender=sender, recipient=recipient, sent_on=sent,
                          received_on=received, delivery="diplomatic", **extra),
        acting_user=None, today=TODAY, confirmed=True,
    )


@pytest.mark.django_db
def test_seed_agreement_is_provisionally_applied_from_signature_until_entry_into_force(seed):
    lifecycle = lifecycle_of(seed)
    # Signed in New York on 4 August 2014; the Government's notice reached DESA on
    # 9 January 2015 (the seed definition's illustrative date).
    assert lifecycle.provisional_from == date(2014, 8, 4)
    assert lifecycle.status(date(2014, 12, 31)) == Status.PROVISIONAL
    assert lifecycle.in_force_from == date(2015, 1, 9)
    assert lifecycle.status(date(2015, 1, 8)) == Status.PROVISIONAL
    assert lifecycle.status(date(2015, 1, 9)) == Status.IN_FORCE


@pytest.mark.django_db
def test_entry_into_force_is_the_date_desa_receives_the_notice_not_the_date_sent(seed):
    seed = without_notices(seed)
    government, desa = parties(seed)
    notice(seed, "domestic_procedures", government, desa, date(2015, 2, 2), date(2015, 2, 16))
    assert lifecycle_of(seed).in_force_from == date(2015, 2, 16)


@pytest.mark.django_db
def test_notice_sent_but_not_received_has_no_effect_until_its_receipt(seed):
    government, desa = parties(seed)
    sent = notice(seed, "termination", government, desa, date(2017, 1, 10), None)
    assert lifecycle_of(seed).terminates_on is None
    from agreements.actions import record_notice_receipt

    record_notice_receipt(notice=sent, received_on=date(2017, 3, 1), acting_user=None,
                          today=TODAY, confirmed=True)
    assert lifecycle_of(seed).terminates_on == date(2017, 4, 30)


@pytest.mark.django_db
def test_termination_takes_effect_sixty_days_after_receipt(seed):
    government, desa = parties(seed)
    notice(seed, "termination", desa, government, date(2017, 2, 20), date(2017, 3, 1))
    lifecycle = lifecycle_of(seed)
    # Received 1 March 2017: 30 days of March + 30 of April = 60 -> 30 April 2017,
    # the first day of termination (docs/lifecycle.md#termination).
    assert lifecycle.terminates_on == date(2017, 4, 30)
    assert lifecycle.status(date(2017, 4, 29)) == Status.IN_FORCE
    assert lifecycle.termination_pending(date(2017, 4, 29))
    assert lifecycle.status(date(2017, 4, 30)) == Status.TERMINATED


@pytest.mark.django_db
def test_expiry_is_the_date_the_completion_notice_is_delivered(seed):
    government, desa = parties(seed)
    notice(seed, "completion", desa, government, date(2015, 6, 1), date(2015, 6, 12))
    lifecycle = lifecycle_of(seed)
    assert lifecycle.expires_on == date(2015, 6, 12)
    assert lifecycle.status(date(2015, 6, 11)) == Status.IN_FORCE
    assert lifecycle.status(date(2015, 6, 12)) == Status.EXPIRED


@pytest.mark.django_db
def test_amendments_are_listed_on_the_dates_they_were_received(seed):
    government, desa = parties(seed)
    notice(seed, "amendment", desa, government, date(2014, 10, 1), date(2014, 10, 6),
           subject="Line 3201 raised by exchange of letters")
    notice(seed, "amendment", government, desa, date(2015, 3, 2), date(2015, 3, 9))
    lifecycle = lifecycle_of(seed)
    assert lifecycle.amendments == (date(2014, 10, 6), date(2015, 3, 9))
    titles = [event.title for event in lifecycle.events]
    assert any("Line 3201 raised" in title for title in titles)


@pytest.mark.django_db
def test_timeline_lists_signature_entry_into_force_and_termination_in_date_order(seed):
    government, desa = parties(seed)
    notice(seed, "termination", government, desa, date(2017, 2, 20), date(2017, 3, 1))
    events = lifecycle_of(seed).events
    # The seed also holds DESA's letter on the budget reallocation, received 28 Nov 2014.
    assert [e.on for e in events] == [date(2014, 8, 4), date(2014, 11, 28), date(2015, 1, 9),
                                     date(2017, 3, 1), date(2017, 4, 30)]
    assert [e.article for e in events] == ["12.2", "11", "12.3", "9", "9"]


# Bad input: a clear error and nothing saved.

def assert_refused(seed, message_part, kind, sender, recipient, sent, received):
    before = Notice.objects.count()
    with pytest.raises(ValidationError) as error:
        notice(seed, kind, sender, recipient, sent, received)
    assert message_part in " ".join(error.value.messages)
    assert Notice.objects.count() == before


@pytest.mark.django_db
def test_notice_received_before_it_was_sent_is_refused(seed):
    government, desa = parties(seed)
    assert_refused(seed, "cannot be received (2015-03-01) before it was sent (2015-03-05)",
                   "letter", desa, government, date(2015, 3, 5), date(2015, 3, 1))


@pytest.mark.django_db
def test_second_entry_into_force_is_refused(seed):
    government, desa = parties(seed)
    assert_refused(seed, "already recorded", "domestic_procedures", government, desa,
                   date(2015, 5, 1), date(2015, 5, 4))


@pytest.mark.django_db
def test_termination_notice_on_a_terminated_agreement_is_refused(seed):
    government, desa = parties(seed)
    notice(seed, "termination", government, desa, date(2017, 2, 20), date(2017, 3, 1))
    assert_refused(seed, "already recorded", "termination", desa, government,
                   date(2017, 6, 1), date(2017, 6, 2))


@pytest.mark.django_db
def test_termination_notice_on_an_expired_agreement_is_refused(seed):
    government, desa = parties(seed)
    notice(seed, "completion", desa, government, date(2015, 6, 1), date(2015, 6, 12))
    assert_refused(seed, "already ended on 2015-06-12", "termination", government, desa,
                   date(2015, 7, 1), date(2015, 7, 3))


@pytest.mark.django_db
def test_entry_into_force_after_termination_is_refused(seed):
    seed = without_notices(seed)
    government, desa = parties(seed)
    notice(seed, "termination", desa, government, date(2014, 9, 1), date(2014, 9, 2))
    # Terminated on 1 November 2014 (2 September + 60 days).
    assert_refused(seed, "already ended on 2014-11-01", "domestic_procedures", government,
                   desa, date(2014, 12, 1), date(2014, 12, 3))


@pytest.mark.django_db
def test_notice_from_a_party_not_party_to_the_agreement_is_refused(seed):
    _government, desa = parties(seed)
    stranger = Party.objects.create(name="Government of Atlantis", short_name="Atlantis",
                                    kind="government")
    assert_refused(seed, "Atlantis is not a party to agreement INT/14/X46/A", "letter",
                   stranger, desa, date(2015, 3, 5), date(2015, 3, 6))


@pytest.mark.django_db
def test_completion_notice_from_the_government_is_refused(seed):
    government, desa = parties(seed)
    assert_refused(seed, "only DESA sends it", "completion", government, desa,
                   date(2015, 3, 5), date(2015, 3, 6))


@pytest.mark.django_db
def test_notice_before_signature_or_in_the_future_is_refused(seed):
    government, desa = parties(seed)
    assert_refused(seed, "before its signature on 2014-08-04", "letter", desa, government,
                   date(2014, 7, 1), date(2014, 7, 2))
    assert_refused(seed, "cannot be in the future", "letter", desa, government,
                   date(2026, 11, 20), date(2026, 12, 1))


@pytest.mark.django_db
def test_back_dated_termination_contradicting_a_later_notice_is_refused(seed):
    government, desa = parties(seed)
    # In force from 9 January 2015; a termination received 2 September 2014 would have
    # ended the agreement on 1 November 2014, before that notice took effect.
    assert_refused(seed, "would end the agreement on 2014-11-01", "termination", government,
                   desa, date(2014, 9, 1), date(2014, 9, 2))


@pytest.mark.django_db
def test_entry_into_force_notice_must_be_received_by_the_united_nations(seed):
    seed = without_notices(seed)
    government, _desa = parties(seed)
    other_government = Party.objects.create(name="Government of Atlantis",
                                            short_name="Atlantis", kind="government")
    from agreements.models import Signatory

    Signatory.objects.create(agreement=seed, party=other_government, representative_name="X",
                             representative_title="Y", notice_address="Z", order=3)
    assert_refused(seed, "between the Government and the United Nations",
                   "domestic_procedures", government, other_government, date(2015, 1, 2),
                   date(2015, 1, 5))
