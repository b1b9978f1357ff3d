"""End of the project: the unspent balance (Art. 10) and the assets (Art. 1.4)."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from agreements.actions import NoticeDraft, record_notice
from agreements.models import Notice, Party
from budget.amounts import usd
from budget.models import Entry, FundBalance
from budget.posting import (
    PostingRefused,
    cancel_commitment,
    post_commitment,
    post_expenditure,
    record_contribution,
    record_disposition,
    register_asset,
    transfer_asset,
)
from budget.verification import ledger_differences


def letter(agreement, kind, sent, received, reference=""):
    government = Party.objects.get(kind="government")
    desa = Party.objects.get(kind="united_nations")
    agreed = "Note verbale agreeing to the completion" if kind == "completion" else ""
    return record_notice(agreement=agreement, acting_user=None, confirmed=True,
                         draft=NoticeDraft(kind=kind, sender=desa, recipient=government,
                                           sent_on=sent, received_on=received,
                                           delivery="diplomatic", reference=reference,
                                           government_agreement=agreed))


@pytest.fixture
def ended_fund(seed):
    fund = seed.fund
    record_contribution(fund=fund, amount=usd("500000.00"), value_date=date(2014, 8, 14),
                        acting_user=None)
    post_expenditure(fund=fund, line_code="1101", amount=usd("10000.00"),
                     value_date=date(2014, 9, 30), acting_user=None)
    commitment = post_commitment(fund=fund, line_code="5201", amount=usd("2000.00"),
                                 value_date=date(2015, 1, 20), reference="PO-1", acting_user=None)
    # Purposes achieved: DESA's completion notice delivered on 16 March 2015 (Art. 6).
    letter(seed, "completion", date(2015, 3, 10), date(2015, 3, 16))
    return fund, commitment


@pytest.mark.django_db
def test_no_new_commitment_after_expiry_but_earlier_ones_are_still_paid(ended_fund):
    fund, commitment = ended_fund
    with pytest.raises(PostingRefused, match="ended on 2015-03-16"):
        post_commitment(fund=fund, line_code="5201", amount=usd("10.00"),
                        value_date=date(2015, 3, 16), acting_user=None)
    with pytest.raises(PostingRefused, match="ended on 2015-03-16"):
        post_expenditure(fund=fund, line_code="5201", amount=usd("10.00"),
                         value_date=date(2015, 3, 20), acting_user=None)
    post_expenditure(fund=fund, line_code="5201", amount=usd("1500.00"),
                     value_date=date(2015, 3, 20), commitment=commitment, acting_user=None)
    post_expenditure(fund=fund, line_code="5301", amount=usd("120.00"),
                     value_date=date(2015, 3, 25), orderly_conclusion="Final bank charges",
                     acting_user=None)


@pytest.mark.django_db
def test_disposition_waits_for_open_commitments_then_returns_the_cash(ended_fund):
    fund, commitment = ended_fund
    consultation = letter(fund.agreement, "letter", date(2015, 4, 1), date(2015, 4, 3),
                          reference="DESA/2015/40")
    with pytest.raises(ValidationError, match="1 commitment"):
        record_disposition(fund=fund, kind="returned", letter=consultation,
                           decided_on=date(2015, 4, 10), confirmed=True, acting_user=None)
    cancel_commitment(commitment=commitment, value_date=date(2015, 4, 5), reason="Not needed",
                      acting_user=None)
    disposition = record_disposition(fund=fund, kind="returned", letter=consultation,
                                     decided_on=date(2015, 4, 10), confirmed=True, acting_user=None)
    # 500,000 - (10,000 + 100 reserve) - 13% of 10,100 (1,313.00) = 488,587.00 returned;
    # the 100.00 reserve stays with the UN (Art. 2.3).
    assert disposition.amount == D("488587.00")
    assert Entry.objects.get(kind="refund").amount == D("488587.00")
    balance = FundBalance.objects.get(fund=fund)
    assert balance.cash == D("0.00") and balance.reserve_charged == D("100.00")
    assert ledger_differences(fund) == []
    with pytest.raises(ValidationError, match="already returned or moved"):
        record_disposition(fund=fund, kind="held", letter=consultation,
                           decided_on=date(2015, 4, 10), confirmed=True, acting_user=None)


@pytest.mark.django_db
def test_disposition_is_refused_while_the_agreement_runs(seed):
    consultation = Notice.objects.get(reference="DESA/DPADM/2014/212 (illustrative)")
    with pytest.raises(ValidationError, match="once the agreement has expired or terminated"):
        record_disposition(fund=seed.fund, kind="held", letter=consultation,
                           decided_on=date(2015, 2, 1), confirmed=True, acting_user=None)


@pytest.mark.django_db
def test_assets_are_registered_and_transferred_to_the_government(ended_fund):
    fund, _commitment = ended_fund
    laptop_payment = post_expenditure(fund=fund, line_code="5301", amount=usd("1800.00"),
                                      value_date=date(2015, 2, 2), acting_user=None)
    asset = register_asset(fund=fund, description="Laptop for the Project Coordinator",
                           cost=usd("1800.00"), acquired_on=date(2015, 2, 2), tag="UN-KZ-0001",
                           expenditure=laptop_payment, acting_user=None)
    with pytest.raises(ValidationError, match="cannot cost more"):
        register_asset(fund=fund, description="Projector", cost=usd("2000.00"),
                       acquired_on=date(2015, 2, 2), expenditure=laptop_payment, acting_user=None)
    handover = letter(fund.agreement, "letter", date(2015, 4, 20), date(2015, 4, 22),
                      reference="Handover 2015/1")
    transfer_asset(asset=asset, transferred_on=date(2015, 4, 22), letter=handover, acting_user=None)
    with pytest.raises(ValidationError, match="already transferred"):
        transfer_asset(asset=asset, transferred_on=date(2015, 4, 23), letter=handover,
                       acting_user=None)


@pytest.mark.django_db
def test_an_asset_is_not_acquired_or_handed_over_in_the_future(ended_fund):
    from agreements.dates import portal_today

    fund, _commitment = ended_fund
    ahead = portal_today().replace(year=portal_today().year + 3)
    with pytest.raises(ValidationError, match="cannot be acquired in the future"):
        register_asset(fund=fund, description="Server", cost=usd("900.00"), acquired_on=ahead,
                       acting_user=None)
    asset = register_asset(fund=fund, description="Server", cost=usd("900.00"),
                           acquired_on=date(2015, 2, 2), acting_user=None)
    handover = letter(fund.agreement, "letter", date(2015, 4, 20), date(2015, 4, 22),
                      reference="Handover 2015/2")
    with pytest.raises(ValidationError, match="cannot be dated in the future"):
        transfer_asset(asset=asset, transferred_on=ahead, letter=handover, acting_user=None)
    assert fund.assets.get().transferred_on is None


@pytest.mark.django_db
def test_closing_page_records_the_disposition_and_shows_refusals(client, ended_fund,
                                                                 make_user):
    from django.urls import reverse

    from agreements.models import Membership

    fund, commitment = ended_fund
    client.force_login(make_user("finance1", agreement=fund.agreement,
                                 role=Membership.Role.DESA_FINANCE))
    consultation = letter(fund.agreement, "letter", date(2015, 4, 1), date(2015, 4, 3),
                          reference="DESA/2015/40")
    slug = fund.agreement.slug
    form = {"kind": "held", "decided_on": "2015-04-10", "letter": consultation.pk}
    response = client.post(reverse("budget:disposition_create", args=[slug]), form,
                           follow=True)
    assert "1 commitment(s) are still open" in response.content.decode()
    cancel_commitment(commitment=commitment, value_date=date(2015, 4, 5), reason="Not needed",
                      acting_user=None)
    # An irreversible act: the page states it and asks to confirm before recording it.
    asked = client.post(reverse("budget:disposition_create", args=[slug]), form)
    assert "held in the account pending further consultation cannot be undone" in \
        asked.content.decode()
    assert fund.dispositions.count() == 0
    response = client.post(reverse("budget:disposition_create", args=[slug]),
                           {**form, "confirmed": "yes"}, follow=True)
    page = response.content.decode()
    assert "Held in the account pending further consultation: 488,587.00 USD" in page
    auditor = make_user("auditor", agreement=fund.agreement, role=Membership.Role.AUDITOR)
    client.force_login(auditor)
    assert client.get(reverse("budget:closing", args=[slug])).status_code == 200
    assert client.post(reverse("budget:asset_create", args=[slug]), {}).status_code == 403


@pytest.mark.django_db
def test_a_held_balance_can_later_be_returned(ended_fund):
    fund, commitment = ended_fund
    cancel_commitment(commitment=commitment, value_date=date(2015, 4, 5), reason="Not needed",
                      acting_user=None)
    consultation = letter(fund.agreement, "letter", date(2015, 4, 1), date(2015, 4, 3),
                          reference="DESA/2015/40")
    record_disposition(fund=fund, kind="held", letter=consultation,
                       decided_on=date(2015, 4, 10), confirmed=True, acting_user=None)
    returned = record_disposition(fund=fund, kind="returned", letter=consultation,
                                  decided_on=date(2015, 6, 1), confirmed=True, acting_user=None)
    assert returned.amount == D("488587.00")
    assert FundBalance.objects.get(fund=fund).cash == D("0.00")
