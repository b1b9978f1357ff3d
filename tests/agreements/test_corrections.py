"""A notice recorded in error is corrected by one officer and confirmed by another; the
original stays in the register, the lifecycle follows the corrected facts, and the ledger's
postings at odds with them are listed, not changed (docs/lifecycle.md#corrections)."""

from dataclasses import replace
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements.actions import (
    NoticeDraft,
    confirm_notice_correction,
    draft_of,
    propose_notice_correction,
    record_notice,
    reject_notice_correction,
)
from agreements.models import Membership, Notice, NoticeCorrection, Party
from agreements.status import lifecycle_of
from budget.amounts import usd
from budget.models import Entry
from budget.posting import post_commitment, record_contribution

TODAY = date(2026, 11, 25)
Role = Membership.Role


@pytest.fixture
def people(seed, make_user):
    return {"desa1": make_user("finance1", agreement=seed, role=Role.DESA_FINANCE),
            "desa2": make_user("programme1", agreement=seed, role=Role.DESA_PROGRAMME),
            "government": make_user("government", agreement=seed, role=Role.GOVERNMENT)}


def termination(seed, received_on, user):
    """The Government's termination notice, as its officer records it, received (by DESA)
    on `received_on` and confirmed."""
    return record_notice(agreement=seed, acting_user=user, today=TODAY, confirmed=True,
                         draft=NoticeDraft(kind="termination",
                                           sender=Party.objects.get(kind="government"),
                                           recipient=Party.objects.get(kind="united_nations"),
                                           sent_on=date(2015, 3, 1), received_on=None,
                                           delivery="diplomatic", reference="NV-15-3"))


@pytest.mark.django_db
def test_a_wrong_receipt_date_is_corrected_by_two_officers_and_the_dates_follow(seed, people):
    sent = termination(seed, None, people["government"])
    from agreements.actions import record_notice_receipt

    record_notice_receipt(notice=sent, received_on=date(2015, 3, 2),
                          acting_user=people["desa1"], today=TODAY, confirmed=True)
    # Received 2 March 2015 + 60 days: terminated from 1 May 2015.
    assert lifecycle_of(seed).terminates_on == date(2015, 5, 1)
    wrong = Notice.objects.get(pk=sent.pk)
    correction = propose_notice_correction(
        notice=wrong, error="DESA's registry received it on 12 March, not 2 March.",
        draft=replace(draft_of(wrong), received_on=date(2015, 3, 12)),
        acting_user=people["desa1"], today=TODAY)
    with pytest.raises(ValidationError, match="Four eyes"):
        confirm_notice_correction(correction=correction, acting_user=people["desa1"],
                                  today=TODAY)
    # A receipt date only: any officer of the fund confirms it, here the Government's.
    replacement = confirm_notice_correction(correction=correction,
                                            acting_user=people["government"], today=TODAY,
                                            confirmed=True)
    original = Notice.objects.get(pk=sent.pk)
    assert original.corrected_on == TODAY and original.received_on == date(2015, 3, 2)
    assert replacement.corrects == original and replacement.received_on == date(2015, 3, 12)
    # 12 March 2015 + 60 days = 11 May 2015.
    assert lifecycle_of(seed).terminates_on == date(2015, 5, 11)
    assert NoticeCorrection.objects.get().status == "confirmed"


@pytest.mark.django_db
def test_a_correction_of_desas_notice_is_confirmed_by_desa_and_lists_what_is_at_odds(
        client, seed, people):
    fund = seed.fund
    record_contribution(fund=fund, amount=usd("500000.00"), value_date=date(2014, 8, 14),
                        acting_user=people["desa1"])
    # DESA's completion notice was recorded as sent on 10 June and delivered on 16 June 2015;
    # it was in fact sent on 10 March and delivered on 16 March. A commitment was made on
    # 1 May 2015 meanwhile.
    completion = record_notice(agreement=seed, acting_user=None, today=TODAY, confirmed=True,
                               draft=NoticeDraft(
                                   kind="completion",
                                   sender=Party.objects.get(kind="united_nations"),
                                   recipient=Party.objects.get(kind="government"),
                                   sent_on=date(2015, 6, 10), received_on=date(2015, 6, 16),
                                   delivery="diplomatic",
                                   government_agreement="Note verbale 15-3/201"))
    late = post_commitment(fund=fund, line_code="5201", amount=usd("1200.00"),
                           value_date=date(2015, 5, 1), acting_user=people["desa1"])
    client.force_login(people["desa1"])
    url = reverse("budget:notice_correct", args=[seed.slug, completion.pk])
    form = {"error": "Sent on 10 March and delivered on 16 March, not in June.",
            "kind": "completion",
            "sender": completion.sender_id, "recipient": completion.recipient_id,
            "sent_on": "2015-03-10", "received_on": "2015-03-16", "delivery": "diplomatic",
            "reference": "", "subject": "", "government_agreement": "Note verbale 15-3/201"}
    response = client.post(url, form)
    correction = NoticeCorrection.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("budget:notice_correction", args=[seed.slug, correction.pk]))
    text = page.content.decode()
    # After the correction the agreement expires on 16 March: the 1 May commitment is listed.
    assert "16 March 2015" in text and f"#{late.sequence}" in text
    assert "Confirm or reject" not in text  # its proposer does not decide
    # The Government does not confirm a correction of DESA's own notice...
    client.force_login(people["government"])
    refused = client.post(reverse("budget:notice_correction", args=[seed.slug, correction.pk]),
                          {"decision": "confirm"})
    assert "confirmed by one of its officers" in refused.content.decode()
    assert Notice.objects.get(pk=completion.pk).corrected_on is None
    # ...another DESA officer does.
    client.force_login(people["desa2"])
    url = reverse("budget:notice_correction", args=[seed.slug, correction.pk])
    asked = client.post(url, {"decision": "confirm"}).content.decode()
    assert "moves the end of the agreement from 2015-06-16 to 2015-03-16" in asked
    assert lifecycle_of(seed).expires_on == date(2015, 6, 16)
    done = client.post(url, {"decision": "confirm", "confirmed": "yes"})
    assert done.status_code == 302
    assert lifecycle_of(seed).expires_on == date(2015, 3, 16)
    # The ledger is not changed by the correction.
    assert Entry.objects.filter(pk=late.pk).exists()
    register = client.get(reverse("agreements:agreement", args=[seed.slug])).content.decode()
    assert "corrected on" in register


@pytest.mark.django_db
def test_a_notice_that_was_never_given_is_corrected_away(seed, people):
    recorded = record_notice(agreement=seed, acting_user=people["desa1"], today=TODAY,
                             draft=NoticeDraft(kind="letter",
                                               sender=Party.objects.get(kind="united_nations"),
                                               recipient=Party.objects.get(kind="government"),
                                               sent_on=date(2015, 2, 1), received_on=None,
                                               delivery="mail", reference="DESA/15/9"))
    correction = propose_notice_correction(notice=recorded, error="Entered twice.", draft=None,
                                           acting_user=people["desa1"], today=TODAY)
    assert confirm_notice_correction(correction=correction, acting_user=people["desa2"],
                                     today=TODAY) is None
    assert not Notice.objects.get(pk=recorded.pk).in_effect
    assert not Notice.objects.authority_documents().filter(pk=recorded.pk).exists()


@pytest.mark.django_db
def test_bad_corrections_are_refused_and_write_nothing(seed, people):
    recorded = Notice.objects.get(kind="letter")  # the seed's DESA letter of November 2014
    with pytest.raises(ValidationError, match="Say what was recorded in error"):
        propose_notice_correction(notice=recorded, error=" ", draft=None,
                                  acting_user=people["desa1"], today=TODAY)
    with pytest.raises(ValidationError, match="changes nothing"):
        propose_notice_correction(notice=recorded, error="typo", draft=draft_of(recorded),
                                  acting_user=people["desa1"], today=TODAY)
    # A correction must itself be a notice the agreement allows.
    with pytest.raises(ValidationError, match=r"Art\. 11"):
        propose_notice_correction(
            notice=recorded, error="It was an e-mail",
            draft=replace(draft_of(recorded), kind="amendment", delivery="email"),
            acting_user=people["desa1"], today=TODAY)
    assert NoticeCorrection.objects.count() == 0
    correction = propose_notice_correction(notice=recorded, error="Entered twice.",
                                           draft=None, acting_user=people["desa1"],
                                           today=TODAY)
    with pytest.raises(ValidationError, match="Say why"):
        reject_notice_correction(correction=correction, acting_user=people["desa2"], note="")
    reject_notice_correction(correction=correction, acting_user=people["desa2"],
                             note="It was sent once.")
    assert Notice.objects.get(pk=recorded.pk).in_effect


@pytest.mark.django_db
def test_the_entry_into_force_cannot_be_corrected_away_under_a_completion(seed, people):
    record_notice(agreement=seed, acting_user=None, today=TODAY, confirmed=True,
                  draft=NoticeDraft(kind="completion",
                                    sender=Party.objects.get(kind="united_nations"),
                                    recipient=Party.objects.get(kind="government"),
                                    sent_on=date(2015, 3, 10), received_on=date(2015, 3, 16),
                                    delivery="diplomatic",
                                    government_agreement="Note verbale 15-3/201"))
    entry_into_force = Notice.objects.get(kind="domestic_procedures")
    with pytest.raises(ValidationError, match="correct that notice first"):
        propose_notice_correction(notice=entry_into_force, error="Never received", draft=None,
                                  acting_user=people["government"], today=TODAY)
    assert NoticeCorrection.objects.count() == 0
