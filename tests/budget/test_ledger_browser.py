"""A DESA finance officer posts through the browser and reads a refusal."""

from datetime import date

import pytest

from agreements.models import Membership
from budget.amounts import usd
from budget.models import Entry
from budget.posting import record_contribution
from tests.agreements.test_agreement_page_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_finance_officer_is_told_why_a_commitment_is_refused(page, seed, make_user):
    record_contribution(fund=seed.fund, amount=usd("500000.00"), value_date=date(2014, 8, 14),
                        acting_user=None)
    make_user("finance1", agreement=seed, role=Membership.Role.DESA_FINANCE)
    sign_in(page, "finance1")
    page.goto("/funds/int-14-x46-a/ledger/")
    page.get_by_role("link", name="Commitment").click()
    page.get_by_label("Budget line").select_option("5301")
    page.get_by_label("Value date").fill("2014-12-15")
    page.get_by_label("Amount").fill("7000")
    page.get_by_role("button", name="Post").click()
    assert "Line 5301 has 6,478.00 available; this needs 7,000.00." in \
        page.locator(".refusal").inner_text()
    assert Entry.objects.filter(kind="commitment").count() == 0

    page.get_by_label("Amount").fill("6000")
    page.get_by_role("button", name="Post").click()
    page.wait_for_url("**/ledger/")
    assert "Posted as entry #2." in page.locator(".messages").inner_text()
