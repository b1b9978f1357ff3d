"""Only DESA ends the agreement on completion, through diplomatic channels and with the
Government's agreement, and only once the consequence has been confirmed (Art. 6)."""

import pytest

from agreements.models import Membership
from tests.agreements.test_agreement_page_browser import sign_in
from tests.documents import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_completion(page, *, sender: str, recipient: str, delivery: str) -> None:
    page.goto("/funds/int-14-x46-a/notices/new/")
    page.get_by_label("Kind").select_option("completion")
    page.get_by_label("From").select_option(label=sender)
    page.get_by_label("To", exact=True).select_option(label=recipient)
    page.get_by_label("Date sent").fill("2015-03-10")
    page.get_by_label("Date received").fill("2015-03-16")
    page.get_by_label("Delivery method").select_option(delivery)
    page.get_by_label("The Government's agreement").fill("Note verbale 15-3/201, 2 March 2015")


def test_a_government_officer_cannot_end_the_agreement_but_desa_can(page, seed, make_user,
                                                                    tmp_path):
    make_user("government", agreement=seed, role=Membership.Role.GOVERNMENT)
    make_user("finance1", agreement=seed, role=Membership.Role.DESA_FINANCE)

    sign_in(page, "government")
    # DESA's notice "by e-mail": it does not count (Art. 6).
    fill_completion(page, sender="DESA", recipient="Government", delivery="email")
    page.get_by_role("button", name="Record the notice").click()
    assert "Art. 6" in page.get_by_role("alert").first.inner_text()
    # The Government's own completion notice: only DESA sends one.
    fill_completion(page, sender="Government", recipient="DESA", delivery="diplomatic")
    page.get_by_role("button", name="Record the notice").click()
    assert "only DESA sends it" in page.get_by_role("alert").first.inner_text()
    page.goto("/funds/int-14-x46-a/")
    assert "In force (Art. 12.3)" in page.locator("#status-heading + p").inner_text()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "finance1")
    receipt = tmp_path / "acknowledgement.pdf"
    receipt.write_bytes(pdf_bytes("acknowledgement of receipt"))
    fill_completion(page, sender="DESA", recipient="Government", delivery="diplomatic")
    page.get_by_label("Evidence of receipt").set_input_files(str(receipt))
    page.get_by_role("button", name="Record the notice").click()
    # The page states the consequence and asks for a second, explicit step.
    question = page.locator(".confirmation").inner_text()
    assert "This cannot be undone." in question and "expire on that date" in question
    page.get_by_label("Evidence of receipt").set_input_files(str(receipt))
    page.get_by_label("I have read this and confirm the act.").check()
    page.get_by_role("button", name="Record the notice").click()
    page.wait_for_url("**/funds/int-14-x46-a/")
    assert "Expired (Art. 6)" in page.locator("#status-heading + p").inner_text()
    assert "16 March 2015" in page.locator(".key-dates").first.inner_text()
