"""The budget page lays out Annex B as signed."""

import pytest
from django.urls import reverse

from agreements.models import Membership
from budget.amounts import usd


@pytest.mark.django_db
def test_budget_page_shows_annex_b_lines_subtotals_and_totals(client, seed, make_user):
    client.force_login(make_user("auditor", agreement=seed, role=Membership.Role.AUDITOR))
    page = client.get(reverse("budget:overview", args=[seed.slug])).content.decode()
    # Annex B as printed: personnel 55,000 + 50,000 + 40,000 = 145,000; the forum subtotal
    # is cumulative, 145,000 + 273,000 = 418,000; miscellaneous 18,000 + 6,478 = 24,478;
    # total 418,000 + 24,478 = 442,478; PSC 57,522; grand total 500,000.
    expected_order = ["55,000.00", "50,000.00", "40,000.00", "145,000.00", "273,000.00",
                      "418,000.00", "18,000.00", "6,478.00", "24,478.00", "442,478.00",
                      "57,522.00", "500,000.00"]
    positions = [page.index(f">{amount}<") for amount in expected_order]
    assert positions == sorted(positions)
    assert "Subtotal for forum costs" in page


@pytest.mark.django_db
def test_budget_page_shows_committed_spent_and_available_beside_the_budget(client, seed,
                                                                           make_user):
    from datetime import date

    from budget.posting import post_commitment, post_expenditure, record_contribution

    fund = seed.fund
    record_contribution(fund=fund, amount=usd("500000.00"), value_date=date(2014, 8, 15),
                        acting_user=None)
    post_expenditure(fund=fund, line_code="1101", amount=usd("12000.00"),
                     value_date=date(2014, 8, 31), acting_user=None)
    post_commitment(fund=fund, line_code="3201", amount=usd("2000.00"),
                    value_date=date(2014, 9, 1), acting_user=None)
    client.force_login(make_user("finance1", agreement=seed,
                                 role=Membership.Role.DESA_FINANCE))
    page = client.get(reverse("budget:overview", args=[seed.slug])).content.decode()
    # 1101: 12,000 + 120 reserve spent, 55,000 - 12,120 = 42,880 available, 22.0% used.
    # 3201: 2,000 committed, 271,000 available. 5601: PSC 13% of 12,120 = 1,575.60.
    # Personnel subtotal: 145,000 - 12,120 = 132,880 available.
    for figure in ["12,120.00", "42,880.00", "22.0%", "271,000.00", "1,575.60",
                   "132,880.00"]:
        assert f">{figure}<" in page, figure
