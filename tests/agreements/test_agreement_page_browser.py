"""A Government officer signs in with a real browser and reads the agreement page."""

import pytest

from agreements.models import Membership
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str) -> None:
    page.goto("/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_government_officer_signs_in_and_reads_the_agreement(page, seed, make_user):
    make_user("government", agreement=seed, role=Membership.Role.GOVERNMENT)
    sign_in(page, "government")

    page.get_by_role("link", name="INT/14/X46/A").click()
    page.wait_for_url("**/funds/int-14-x46-a/")
    assert page.get_by_role("heading", level=1).inner_text().startswith(
        "Agreement between the Government of the Republic of Kazakhstan")
    status = page.locator("#status-heading + p").inner_text()
    assert "In force (Art. 12.3)" in status
    parties = page.locator(".party").all_inner_texts()
    assert any("Mr. Askar Zhumagaliyev" in text for text in parties)
    assert any("Mr. Wu Hongbo" in text and "S-2922" in text for text in parties)
    timeline = page.locator(".timeline li").all_inner_texts()
    assert timeline[0].startswith("4 August 2014")
    assert timeline[1].startswith("28 November 2014") and "Reallocation" in timeline[1]
    assert timeline[2].startswith("9 January 2015") and "Entry into force" in timeline[2]

    page.get_by_role("link", name="Қазақша").click()
    assert "Техникалық ынтымақтастықтың нысаналы қоры" in page.locator("article").inner_text()


def test_wrong_password_is_told_plainly(page, seed, make_user):
    make_user("auditor", agreement=seed, role=Membership.Role.AUDITOR)
    page.goto("/")
    page.get_by_label("Username").fill("auditor")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    assert "didn't match" in page.get_by_role("alert").inner_text()
