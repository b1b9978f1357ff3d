"""The seed fund's demo ledger for 2014, imported through import_ledger and the forum's
travel grants, with every figure worked out by hand from Annex B,
funds/int-14-x46-a/ledger-2014.csv and forum.yaml."""

from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.urls import reverse

from agreements.models import Membership
from budget.layout import annex_b_rows, current_version
from budget.models import FundBalance
from budget.verification import ledger_differences
from tests.conftest import SEED_DEFINITION

SEED = SEED_DEFINITION.parent


# Line by line (budget after the revision: 5201 18,000 + 1,000; 5301 6,478 - 1,000):
# 1101: salary 5,000 + 12,500 x 3 = 42,500, reserve 1% = 425, allowance 2,400
#       -> spent 45,325.00; open 50,000 - 42,500 = 7,500 + its reserve 75 -> 7,575.00
# 1150: fees 15,000 + 12,000 with reserve 150 + 120, tickets 8,600 -> spent 35,870.00
# 1601: 9,800 + 24,300 -> spent 34,100.00
# 3201: 32 travel grants of 6,600.00 = 211,200.00 committed (forum.yaml); 30 paid in full
#       (198,000.00) and one 5,700.00 -> spent 203,700.00; open 900.00 + 6,600.00 = 7,500.00
# 5201: 9,500 spent; open 14,000 - 9,500 = 4,500.00
# 5301: 546,000 KZT / 182.00 = 3,000.00; 364,000 KZT / 180.40 = 2,017.74;
#       courier 450.00 reversed -> spent 5,017.74
EXPECTED = {  # label: (budget, committed, spent, available)
    "1101 Project coordinator": ("55000.00", "7575.00", "45325.00", "2100.00"),
    "1150 Consultants/Experts": ("50000.00", "0.00", "35870.00", "14130.00"),
    "1601 Travel of DESA staff": ("40000.00", "0.00", "34100.00", "5900.00"),
    "Subtotal for personnel costs": ("145000.00", "7575.00", "115295.00", "22130.00"),
    "3201 UN International Forum 2014": ("273000.00", "7500.00", "203700.00", "61800.00"),
    "Subtotal for forum costs": ("418000.00", "15075.00", "318995.00", "83930.00"),
    "5201 Reports": ("19000.00", "4500.00", "9500.00", "5000.00"),
    "5301 Miscellaneous": ("5478.00", "0.00", "5017.74", "460.26"),
    "Subtotal for miscellaneous": ("24478.00", "4500.00", "14517.74", "5460.26"),
    "Total": ("442478.00", "19575.00", "333512.74", "89390.26"),
    # PSC: 13% of 333,512.74 = 43,356.6562 -> 43,356.66 charged; on the 19,575.00 held by
    # open commitments 13% = 2,544.75 more to come.
    "5601 Programme support costs (13%)": ("57522.00", "2544.75", "43356.66", "11620.59"),
    "Total (US dollars)": ("500000.00", "22119.75", "376869.40", "101010.85"),
}


@pytest.mark.django_db
def test_demo_ledger_gives_the_hand_worked_figures_per_annex_b_line(demo_fund):
    rows = {row.label: tuple(str(x) for x in (row.figures.budget, row.figures.committed,
                                              row.figures.spent, row.figures.available))
            for row in annex_b_rows(current_version(demo_fund),
                                    FundBalance.objects.get(fund=demo_fund))}
    assert rows == EXPECTED
    assert ledger_differences(demo_fund) == []


@pytest.mark.django_db
def test_demo_ledger_cash(demo_fund):
    balance = FundBalance.objects.get(fund=demo_fund)
    # 500,000.00 + 185.40 interest - 333,512.74 - 43,356.66 PSC = 123,316.00 in the bank;
    # open commitments hold 19,575.00 and the PSC on them 13% = 2,544.75, so 101,196.25 is
    # free to commit.
    assert balance.cash == D("123316.00")
    assert (balance.held, balance.psc_held) == (D("19575.00"), D("2544.75"))
    assert balance.available == D("101196.25")


@pytest.mark.django_db
def test_budget_page_shows_the_demo_figures(client, demo_fund, make_user):
    client.force_login(make_user("auditor", agreement=demo_fund.agreement,
                                 role=Membership.Role.AUDITOR))
    page = client.get(reverse("budget:overview", args=[demo_fund.agreement.slug]))
    html = page.content.decode()
    for figure in ["442,478.00", "57,522.00", "500,000.00", "333,512.74", "43,356.66",
                   "89,390.26", "460.26"]:
        assert f">{figure}<" in html, figure


@pytest.mark.django_db
def test_verify_ledger_command_passes_on_the_demo_ledger(demo_fund, capsys):
    call_command("verify_ledger", "--fund", "INT/14/X46/A")
    assert "every balance and charge agrees" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_refusal_says_the_reserve_is_included_and_the_most_that_fits(demo_fund):
    from datetime import date

    from budget.amounts import usd
    from budget.posting import PostingRefused, post_commitment

    # 1150 has 14,130.00 available (50,000 - 35,870). A fee of 14,130.00 carries 141.30 of
    # reserve (1%): 14,271.30 needed. The most that fits: x + round(1% of x) <= 14,130.00
    # gives 13,990.10 (with its 139.90 of reserve, exactly 14,130.00; 13,990.11 needs
    # 14,130.01).
    with pytest.raises(PostingRefused) as refusal:
        post_commitment(fund=demo_fund, line_code="1150", amount=usd("14130.00"),
                        value_date=date(2014, 12, 15), acting_user=None)
    assert refusal.value.message == (
        "Line 1150 has 14,130.00 available; this needs 14,271.30: 14,130.00 and 141.30 of "
        "reserve for claims (1%). The most it can take now is 13,990.10.")
    post_commitment(fund=demo_fund, line_code="1150", amount=usd("13990.10"),
                    value_date=date(2014, 12, 15), acting_user=None)
