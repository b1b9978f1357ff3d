"""The budget page lays out Annex B as signed."""

import pytest
from django.urls import reverse

from agreements.models import Membership


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
