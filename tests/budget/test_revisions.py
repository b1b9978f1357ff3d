"""Budget revisions move money between lines with a reason and a letter, four eyes."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from agreements.models import Membership
from budget.amounts import usd
from budget.layout import annex_b_rows, current_version
from budget.models import FundBalance, LineBalance, Revision
from budget.posting import PostingRefused, post_commitment, record_contribution
from budget.revisions import approve_revision, propose_revision, reject_revision

Role = Membership.Role


@pytest.fixture
def officers(seed, make_user):
    return (make_user("programme1", agreement=seed, role=Role.DESA_PROGRAMME),
            make_user("programme2", agreement=seed, role=Role.DESA_PROGRAMME))


@pytest.mark.django_db
def test_approved_revision_makes_version_2_and_keeps_version_1(seed, letter, officers):
    proposer, approver = officers
    fund = seed.fund
    revision = propose_revision(fund=fund, new_amounts={"5201": D("21000.00"),
                                                        "5301": D("3478.00")},
                                reason="Publication costs higher", letter=letter,
                                acting_user=proposer)
    version = approve_revision(revision=revision, acting_user=approver, today=date(2014, 10, 6))
    assert version.number == 2
    assert current_version(fund) == version
    balance = FundBalance.objects.get(fund=fund)
    rows = {row.label: row.figures.budget for row in annex_b_rows(version, balance)}
    # 18,000 + 3,000 = 21,000 on 5201; 6,478 - 3,000 = 3,478 on 5301; subtotal and total
    # unchanged: 24,478 and 442,478.
    assert rows["5201 Reports"] == D("21000.00") and rows["5301 Miscellaneous"] == D("3478.00")
    assert rows["Subtotal for miscellaneous"] == D("24478.00")
    assert rows["Total"] == D("442478.00")
    first = fund.budget_versions.get(number=1)
    assert {row.label: row.figures.budget
            for row in annex_b_rows(first, balance)}["5201 Reports"] == D("18000")
    assert LineBalance.objects.get(fund=fund, code="5201").budget == D("21000.00")


@pytest.mark.django_db
def test_the_proposer_cannot_approve_their_own_revision(seed, letter, officers):
    proposer, _approver = officers
    revision = propose_revision(fund=seed.fund, new_amounts={"5201": D("21000.00"),
                                                             "5301": D("3478.00")},
                                reason="r", letter=letter, acting_user=proposer)
    with pytest.raises(ValidationError, match="Four eyes"):
        approve_revision(revision=revision, acting_user=proposer)
    assert Revision.objects.get(pk=revision.pk).status == "proposed"
    assert seed.fund.budget_versions.count() == 1


@pytest.mark.django_db
def test_revision_that_changes_the_total_needs_an_amendment(seed, letter, officers):
    with pytest.raises(ValidationError, match=r"changes the programme total by 1,000\.00"):
        propose_revision(fund=seed.fund, new_amounts={"5201": D("19000.00")}, reason="r",
                         letter=letter, acting_user=officers[0])
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_revision_below_what_a_line_has_used_is_refused(seed, letter, officers):
    record_contribution(fund=seed.fund, amount=usd("500000.00"), value_date=date(2014, 8, 15),
                        acting_user=None)
    post_commitment(fund=seed.fund, line_code="5301", amount=usd("4000.00"),
                    value_date=date(2014, 9, 1), acting_user=None)
    with pytest.raises(ValidationError, match=r"Line 5301 has 4,000\.00 spent and committed"):
        propose_revision(fund=seed.fund, new_amounts={"5201": D("21000.00"),
                                                      "5301": D("3478.00")},
                         reason="r", letter=letter, acting_user=officers[0])


@pytest.mark.django_db
def test_psc_line_is_not_revised(seed, letter, officers):
    with pytest.raises(ValidationError, match="5601 is programme support"):
        propose_revision(fund=seed.fund, new_amounts={"5601": D("50000.00")}, reason="r",
                         letter=letter, acting_user=officers[0])


@pytest.mark.django_db
def test_the_revised_budget_is_what_the_line_control_uses(seed, letter, officers):
    fund = seed.fund
    record_contribution(fund=fund, amount=usd("500000.00"), value_date=date(2014, 8, 15),
                        acting_user=None)
    with pytest.raises(PostingRefused, match=r"Line 5201 has 18,000\.00 available"):
        post_commitment(fund=fund, line_code="5201", amount=usd("20000.00"),
                        value_date=date(2014, 10, 7), acting_user=None)
    revision = propose_revision(fund=fund, new_amounts={"5201": D("21000.00"),
                                                        "5301": D("3478.00")},
                                reason="r", letter=letter, acting_user=officers[0])
    approve_revision(revision=revision, acting_user=officers[1])
    post_commitment(fund=fund, line_code="5201", amount=usd("20000.00"),
                    value_date=date(2014, 10, 7), acting_user=None)


@pytest.mark.django_db
def test_a_rejected_revision_changes_nothing_and_says_why(seed, letter, officers):
    revision = propose_revision(fund=seed.fund, new_amounts={"5201": D("21000.00"),
                                                             "5301": D("3478.00")},
                                reason="r", letter=letter, acting_user=officers[0])
    reject_revision(revision=revision, acting_user=officers[1], note="Wait for the printer's quote")
    with pytest.raises(ValidationError, match="already rejected"):
        approve_revision(revision=revision, acting_user=officers[1])
    assert seed.fund.budget_versions.count() == 1


@pytest.mark.django_db
def test_a_revision_proposed_on_an_older_budget_cannot_be_approved(seed, letter, officers):
    proposer, approver = officers
    first = propose_revision(fund=seed.fund, new_amounts={"5201": D("19000.00"),
                                                          "5301": D("5478.00")},
                             reason="A", letter=letter, acting_user=proposer)
    second = propose_revision(fund=seed.fund, new_amounts={"5201": D("18500.00"),
                                                           "5301": D("5978.00")},
                              reason="B", letter=letter, acting_user=proposer)
    approve_revision(revision=first, acting_user=approver)
    with pytest.raises(ValidationError, match=r"budget changed since this revision was "
                                              r"proposed \(line 5201, 5301\)"):
        approve_revision(revision=second, acting_user=approver)


@pytest.mark.django_db
def test_a_total_change_may_cite_an_exchange_of_letters(seed, letter, officers):
    revision = propose_revision(fund=seed.fund, new_amounts={"5201": D("19000.00")},
                                reason="Government adds 1,000 for printing", letter=letter,
                                amendment=letter, acting_user=officers[0])
    version = approve_revision(revision=revision, acting_user=officers[1])
    assert sum(line.amount for line in version.lines.filter(is_programme_support=False)) == \
        D("443478.00")
