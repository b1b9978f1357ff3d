"""A revision takes effect from its own date (docs/revisions.md#effective-dates): the budget
version in force on a date governs the postings dated that day and the year's budget
analysis, however late the revision is approved; only letters that count may authorise it."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from agreements.actions import NoticeDraft, record_notice, withdraw_notice
from agreements.models import Membership, Party
from budget.amounts import usd
from budget.forms import RevisionForm
from budget.layout import current_version
from budget.posting import PostingRefused, close_year, post_commitment, record_contribution
from budget.revisions import approve_revision, propose_revision
from reports.statements import budget_analysis

TODAY = date(2026, 11, 25)


@pytest.fixture
def officers(seed, make_user):
    return (make_user("programme1", agreement=seed, role=Membership.Role.DESA_PROGRAMME),
            make_user("programme2", agreement=seed, role=Membership.Role.DESA_PROGRAMME))


def letter(seed, sent_on, received_on, reference):
    return record_notice(agreement=seed, acting_user=None, today=TODAY, draft=NoticeDraft(
        kind="letter", sender=Party.objects.get(kind="united_nations"),
        recipient=Party.objects.get(kind="government"), sent_on=sent_on,
        received_on=received_on, delivery="mail", reference=reference))


MOVE = {"5201": D("19000.00"), "5301": D("5478.00")}  # 1,000 from 5301 to 5201


@pytest.mark.django_db
def test_a_2016_revision_approved_in_2026_shows_in_the_2016_budget_analysis(seed, officers):
    fund = seed.fund
    proposer, approver = officers
    authority = letter(seed, date(2016, 4, 25), date(2016, 5, 2), "DESA/2016/31")
    revision = propose_revision(fund=fund, new_amounts=MOVE, reason="Publication costs",
                                letter=authority, acting_user=proposer, today=TODAY)
    assert revision.effective_on == date(2016, 5, 2)  # the day the letter was received
    version = approve_revision(revision=revision, acting_user=approver, today=TODAY)
    assert version.effective_on == date(2016, 5, 2)
    analysis_2015, analysis_2016 = budget_analysis(fund, 2015), budget_analysis(fund, 2016)
    assert (analysis_2015.version_number, analysis_2016.version_number) == (1, 2)
    budget_2016 = {row.label: row.figures.budget for row in analysis_2016.rows}
    assert budget_2016["5201 Reports"] == D("19000.00")
    assert budget_2016["Total"] == D("442478.00")


@pytest.mark.django_db
def test_a_posting_is_checked_against_the_budget_in_force_on_its_date(seed, officers):
    fund = seed.fund
    proposer, approver = officers
    record_contribution(fund=fund, amount=usd("500000.00"), value_date=date(2014, 8, 14),
                        acting_user=None)
    authority = letter(seed, date(2016, 4, 25), date(2016, 5, 2), "DESA/2016/31")
    approve_revision(revision=propose_revision(
        fund=fund, new_amounts=MOVE, reason="Publication costs", letter=authority,
        acting_user=proposer, today=TODAY), acting_user=approver, today=TODAY)
    # 18,500 on 5201: more than version 1's 18,000 (in force on 1 April 2016), within
    # version 2's 19,000 (from 2 May 2016).
    with pytest.raises(PostingRefused, match="must fit version 1 of the budget") as refusal:
        post_commitment(fund=fund, line_code="5201", amount=usd("18500.00"),
                        value_date=date(2016, 4, 1), acting_user=proposer)
    assert refusal.value.available == D("18000.00")
    post_commitment(fund=fund, line_code="5201", amount=usd("18500.00"),
                    value_date=date(2016, 5, 2), acting_user=proposer)


@pytest.mark.django_db
def test_effective_dates_that_the_rules_refuse(seed, officers):
    fund = seed.fund
    proposer, approver = officers
    november = letter(seed, date(2014, 11, 24), date(2014, 11, 28), "DESA/2014/212")
    common = {"fund": fund, "new_amounts": MOVE, "reason": "Publication costs",
              "acting_user": proposer, "today": TODAY}
    with pytest.raises(ValidationError, match="before the letter that authorises it"):
        propose_revision(letter=november, effective_on=date(2014, 11, 27), **common)
    with pytest.raises(ValidationError, match="cannot take effect in the future"):
        propose_revision(letter=november, effective_on=date(2027, 1, 1), **common)
    close_year(fund=fund, year=2014, today=date(2015, 1, 2), confirmed=True, acting_user=None)
    with pytest.raises(ValidationError, match="2014 is closed"):
        propose_revision(letter=november, **common)  # default: 28 November 2014
    may = letter(seed, date(2016, 4, 25), date(2016, 5, 2), "DESA/2016/31")
    approve_revision(revision=propose_revision(letter=may, **common), acting_user=approver,
                     today=TODAY)
    # A revision is not slotted in before the version in force: a January letter cannot
    # take effect on 1 March once version 2 runs from 2 May.
    january = letter(seed, date(2016, 1, 5), date(2016, 1, 10), "DESA/2016/02")
    with pytest.raises(ValidationError, match="Version 2 of the budget is in force from "
                                              "2016-05-02"):
        propose_revision(letter=january, effective_on=date(2016, 3, 1), **{
            **common, "new_amounts": {"5201": D("18000.00"), "5301": D("6478.00")}})
    assert current_version(fund).number == 2


@pytest.mark.django_db
def test_only_letters_that_count_authorise_a_revision(seed, officers):
    fund = seed.fund
    proposer, _approver = officers
    pending = letter(seed, date(2016, 4, 25), None, "DESA/2016/30 (not yet received)")
    withdrawn = letter(seed, date(2016, 4, 26), None, "DESA/2016/29 (sent in error)")
    withdraw_notice(notice=withdrawn, reason="Wrong addressee", acting_user=None)
    received = letter(seed, date(2016, 4, 25), date(2016, 5, 2), "DESA/2016/31")
    offered = RevisionForm(fund=fund, version=current_version(fund)).fields["letter"].queryset
    assert received in offered and pending not in offered and withdrawn not in offered
    for refused in (pending, withdrawn):
        with pytest.raises(ValidationError, match="received and has not been withdrawn"):
            propose_revision(fund=fund, new_amounts=MOVE, reason="x", letter=refused,
                             acting_user=proposer, today=TODAY)
    assert fund.revisions.count() == 0
