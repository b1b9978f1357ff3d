"""A Government officer opens the visa page and sees an overdue participant."""

import pytest

from agreements.models import Membership
from tests.agreements.test_agreement_page_browser import sign_in
from tests.conftest import load_seed_files

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_government_officer_sees_overdue_visas_and_exit_permits(page, seed, make_user):
    load_seed_files()
    make_user("government", agreement=seed, role=Membership.Role.GOVERNMENT)
    sign_in(page, "government")
    page.goto("/funds/int-14-x46-a/forum/")
    page.get_by_role("link", name="Visas and exit permits").click()
    # The forum closed on 30 October 2014: the board shows the position at the close.
    # Merdan Orazov's exit permit was due on 27 October and never issued.
    assert "Position on Thursday 30 October 2014." in page.locator("main").inner_text()
    assert page.locator("#overdue").inner_text() == "Overdue (1)"
    assert "Merdan Orazov" in page.locator("#overdue + .table-scroll table").inner_text()
    # On the eve of the opening, eight visas were overdue (tests/forum/test_forum_records).
    page.get_by_label("As of").fill("2014-10-27")
    page.get_by_role("button", name="Show").click()
    assert page.locator("#overdue").inner_text() == "Overdue (8)"
    overdue = page.locator("#overdue + .table-scroll table").inner_text()
    assert "Kwame Mensah" in overdue and "2014-10-25" in overdue
    page.get_by_label("As of").fill("2014-10-08")
    page.get_by_role("button", name="Show").click()
    assert page.locator("#overdue").inner_text() == "Overdue (0)"
    assert "Rahim Hossain" in page.locator("#due + .table-scroll table").inner_text()
