"""The auditor in Chromium: from the fund's navigation to the audit trail, a filter chosen
in the form, and the CSV downloaded from the page's link."""

import csv
import io

import pytest

from tests.conftest import PASSWORD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_auditor_filters_the_trail_and_downloads_what_it_shows(day, page):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "auditor")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.goto("/funds/int-14-x46-a/")
    page.click("nav.fund-nav >> text=Audit trail")
    page.select_option("select[name=kind]", "sign_in_failed")
    page.click("form.filters button[type=submit]")
    rows = page.locator("table.audit-trail tbody tr")
    assert rows.count() == 1
    assert "Failed sign-in as government" in rows.first.inner_text()
    with page.expect_download() as download:
        page.click("text=Download CSV")
    path = download.value.path()
    with open(path, encoding="utf-8-sig") as exported:
        lines = list(csv.reader(io.StringIO(exported.read())))
    assert [line[1:4] for line in lines[1:]] == [
        ["government", "Failed sign-ins", "Failed sign-in as government"]]
    assert download.value.suggested_filename == "int-14-x46-a-audit-trail.csv"
