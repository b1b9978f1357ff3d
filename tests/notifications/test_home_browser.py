"""In Chromium: a Government officer signs in, finds the issued statement on the home page,
follows it and acknowledges its receipt; the item is then gone."""

import pytest

from agreements.models import Membership
from reports.issuing import issue_report
from tests.agreements.test_agreement_page_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_government_acknowledges_a_report_from_its_home_page(page, demo_fund, make_user):
    agreement = demo_fund.agreement
    finance = make_user("finance1", agreement=agreement, role=Membership.Role.DESA_FINANCE)
    make_user("government", agreement=agreement, role=Membership.Role.GOVERNMENT)
    issue_report(fund=demo_fund, kind="statement", year=2014, acting_user=finance,
                 confirmed=True)
    sign_in(page, "government")
    assert page.get_by_role("heading", level=1).inner_text() == "What needs your attention"
    item = ("(b) Annual financial statement for 2014 (version 1) was issued to the "
            "Government: acknowledge its receipt or return it")
    page.get_by_role("link", name=item).click()
    page.get_by_role("button", name="Acknowledge receipt").click()
    assert "Recorded: receipt acknowledged." in page.locator(".messages").inner_text()
    page.get_by_role("link", name="What needs your attention").click()
    assert page.get_by_role("link", name=item).count() == 0
    assert "Nothing needs your attention today." in page.locator("main").inner_text()
