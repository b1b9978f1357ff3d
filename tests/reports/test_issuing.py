"""Issuing the Article 5 reports: PDF, XLSX and CSV with the hand-worked 2014 figures,
versions that never change, and the verification page."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from agreements.models import Membership
from budget.amounts import usd
from budget.models import ClosedYear
from reports.issuing import issue_report
from reports.models import IssuedReport

Role = Membership.Role


@pytest.fixture
def officers(demo_fund, make_user):
    agreement = demo_fund.agreement
    return {
        "finance": make_user("finance1", agreement=agreement, role=Role.DESA_FINANCE),
        "programme": make_user("programme3", agreement=agreement, role=Role.DESA_PROGRAMME),
        "government": make_user("government", agreement=agreement, role=Role.GOVERNMENT),
        "auditor": make_user("auditor", agreement=agreement, role=Role.AUDITOR),
    }


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def embedded_fonts(pdf: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                if "/FontFile2" in descriptor:
                    fonts.add(str(descriptor["/FontName"]))
    return fonts


@pytest.mark.django_db
def test_issued_statement_pdf_holds_the_2014_figures_and_closes_the_year(demo_fund, officers):
    issued = issue_report(fund=demo_fund, kind="statement", year=2014,
                          acting_user=officers["finance"], confirmed=True)
    text = text_of(bytes(issued.pdf))
    # Hand-worked in tests/reports/test_statements.py; what leaves the fund in parentheses,
    # as a certified statement prints it (docs/reports.md#the-statements-form).
    for figure in ["500,000.00", "185.40", "(333,512.74)", "(43,356.66)", "123,316.00",
                   "(19,500.00)", "(2,544.75)", "101,196.25"]:
        assert figure in text, figure
    assert "-333,512.74" not in text
    # The statement, then its notes and certification: every page numbered "page i of n".
    pages = len(PdfReader(io.BytesIO(bytes(issued.pdf))).pages)
    assert pages >= 2 and all(f"page {n} of {pages}" in " ".join(text.split())
                              for n in range(1, pages + 1))
    assert "United Nations Accounts Division" in text
    assert "INT/14/X46/A" in text and "Government of the Republic of Kazakhstan" in text
    # The Kazakh title, with its letters (qaf, eng, straight u...), extracted back.
    assert "Қазақстан Республикасының Үкіметі мен Біріккен Ұлттар Ұйымы арасындағы " \
        "Техникалық ынтымақтастықтың нысаналы қоры туралы келісім" in " ".join(text.split())
    assert embedded_fonts(bytes(issued.pdf)) and all(
        "Report-Sans" in name for name in embedded_fonts(bytes(issued.pdf)))
    xmp = PdfReader(io.BytesIO(bytes(issued.pdf))).xmp_metadata  # PDF/A-3u identification
    assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("3", "U")
    assert ClosedYear.objects.filter(fund=demo_fund, year=2014).exists()


@pytest.mark.django_db
def test_budget_analysis_waits_for_the_statement_and_holds_its_figures(demo_fund, officers):
    with pytest.raises(ValidationError, match="Issue the financial statement"):
        issue_report(fund=demo_fund, kind="budget_analysis", year=2014,
                     acting_user=officers["programme"], confirmed=True)
    issue_report(fund=demo_fund, kind="statement", year=2014, acting_user=officers["finance"],
                 confirmed=True)
    issued = issue_report(fund=demo_fund, kind="budget_analysis", year=2014,
                          acting_user=officers["programme"], confirmed=True)
    text = text_of(bytes(issued.pdf))
    for figure in ["442,478.00", "45,325.00", "333,512.74", "19,500.00", "89,390.26",
                   "43,356.66", "11,620.59", "101,010.85"]:
        assert figure in text, figure
    # Landscape pages, each numbered "page i of n" (the heading in words takes more room).
    pages = len(PdfReader(io.BytesIO(bytes(issued.pdf))).pages)
    flat = " ".join(text.split())
    assert pages >= 2 and all(f"page {n} of {pages}" in flat for n in range(1, pages + 1))


@pytest.mark.django_db
def test_only_the_right_officer_issues_each_report(demo_fund, officers):
    with pytest.raises(PermissionDenied):
        issue_report(fund=demo_fund, kind="statement", year=2014, acting_user=officers["programme"],
                     confirmed=True)
    with pytest.raises(PermissionDenied):
        issue_report(fund=demo_fund, kind="progress", year=2014, acting_user=officers["auditor"],
                     confirmed=True)


@pytest.mark.django_db
def test_reissue_needs_a_reason_and_keeps_the_old_file_byte_for_byte(demo_fund, officers):
    first = issue_report(fund=demo_fund, kind="progress", year=2014,
                         acting_user=officers["programme"], confirmed=True)
    original = bytes(first.pdf)
    with pytest.raises(ValidationError, match="re-issuing needs a reason"):
        issue_report(fund=demo_fund, kind="progress", year=2014, acting_user=officers["programme"],
                     confirmed=True)
    second = issue_report(fund=demo_fund, kind="progress", year=2014,
                          acting_user=officers["programme"], reason="Activity 7 completed",
                          confirmed=True)
    assert second.version == 2
    assert bytes(IssuedReport.objects.get(pk=first.pk).pdf) == original
    assert "Hold the forum" in text_of(original)


@pytest.mark.django_db
def test_auditor_downloads_the_issued_pdf_and_xlsx_and_verifies_the_pdf(client, demo_fund,
                                                                       officers):
    issued = issue_report(fund=demo_fund, kind="statement", year=2014,
                          acting_user=officers["finance"], confirmed=True)
    client.force_login(officers["auditor"])
    slug = demo_fund.agreement.slug
    calendar = client.get(reverse("reports:calendar", args=[slug])).content.decode()
    assert "(b) Annual financial statement" in calendar and "issued" in calendar
    pdf = client.get(reverse("reports:issued_download", args=[slug, issued.pk, "pdf"]))
    assert pdf.content == bytes(issued.pdf)
    xlsx = client.get(reverse("reports:issued_download", args=[slug, issued.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert ("Cash balance at 31 December", 123316) in [
        (row[0], float(row[1])) for row in values if row and isinstance(row[1], (int, float))]
    verified = client.post(reverse("reports:verify"), {
        "pdf": SimpleUploadedFile("statement.pdf", pdf.content)}).content.decode()
    assert "Verified." in verified and "version 1" in verified
    changed = pdf.content.replace(b"123,316.00", b"123,316.01")
    refused = client.post(reverse("reports:verify"), {
        "pdf": SimpleUploadedFile("statement.pdf", changed + b" ")}).content.decode()
    assert "Not verified." in refused
    by_hash = client.post(reverse("reports:verify"), {"sha256": issued.sha256})
    assert "Verified." in by_hash.content.decode()


@pytest.mark.django_db
def test_government_sees_issued_versions_only(client, demo_fund, officers):
    client.force_login(officers["government"])
    slug = demo_fund.agreement.slug
    assert client.get(reverse("reports:report", args=[slug, "statement", 2014])).status_code \
        == 404
    assert client.get(reverse("reports:draft_download",
                              args=[slug, "statement", 2014, "pdf"])).status_code == 403
    issue_report(fund=demo_fund, kind="statement", year=2014, acting_user=officers["finance"],
                 confirmed=True)
    page = client.get(reverse("reports:report", args=[slug, "statement", 2014]))
    assert page.status_code == 200 and "Issued version 1." in page.content.decode()


@pytest.mark.django_db
def test_users_without_access_get_404(client, demo_fund, officers, make_user):
    issued = issue_report(fund=demo_fund, kind="statement", year=2014,
                          acting_user=officers["finance"], confirmed=True)
    client.force_login(make_user("stranger"))
    slug = demo_fund.agreement.slug
    for url in [reverse("reports:calendar", args=[slug]),
                reverse("reports:report", args=[slug, "statement", 2014]),
                reverse("reports:issued_download", args=[slug, issued.pk, "pdf"])]:
        assert client.get(url).status_code == 404, url
    # The verification page does not name a report the user may not see.
    response = client.post(reverse("reports:verify"), {"sha256": issued.sha256})
    assert "Not verified." in response.content.decode()


@pytest.mark.django_db
def test_bad_report_requests_get_clear_answers(client, demo_fund, officers):
    client.force_login(officers["programme"])
    slug = demo_fund.agreement.slug
    page = client.get(reverse("reports:report", args=[slug, "final", 2014]))
    assert "after the agreement has expired or terminated" in page.content.decode()
    page = client.get(reverse("reports:report", args=[slug, "statement", 2013]))
    assert "has no report for 2013" in page.content.decode()
    assert client.get(reverse("reports:report", args=[slug, "gossip", 2014])).status_code \
        == 404
    response = client.post(reverse("reports:issue", args=[slug, "final", 2014]), follow=True)
    assert "after the agreement has expired or terminated" in response.content.decode()
    assert not IssuedReport.objects.exists()
    response = client.post(reverse("reports:verify"), {"sha256": "xyz"})
    assert "A SHA-256 is 64 hexadecimal characters." in response.content.decode()


def end_agreement(fund, received):
    from datetime import timedelta

    from agreements.actions import NoticeDraft, record_notice
    from agreements.models import Party

    record_notice(agreement=fund.agreement, acting_user=None, draft=NoticeDraft(
        kind="completion", sender=Party.objects.get(kind="united_nations"),
        recipient=Party.objects.get(kind="government"), sent_on=received - timedelta(days=3),
        received_on=received, delivery="diplomatic",
        government_agreement="Note verbale agreeing to the completion"), confirmed=True)


@pytest.mark.django_db
def test_final_report_covers_closing_entries_posted_after_the_end(demo_fund, officers):
    from datetime import date
    from decimal import Decimal as D

    from budget.posting import record_income
    from reports.statements import final_report

    end_agreement(demo_fund, date(2015, 3, 16))
    record_income(fund=demo_fund, amount=usd("100.00"), value_date=date(2016, 2, 1),
                  reference="Interest 2015-16", acting_user=None)
    report = final_report(demo_fund)
    # 2014 closes at 123,316.00; interest of 100.00 in 2016 -> 123,416.00 unspent.
    assert [s.year for s in report.statements] == [2014, 2015, 2016]
    assert report.unspent == D("123416.00")
    with pytest.raises(ValidationError, match="covers the project to 2016"):
        issue_report(fund=demo_fund, kind="final", year=2015, acting_user=officers["programme"],
                     confirmed=True)
    issued = issue_report(fund=demo_fund, kind="final", year=2016,
                          acting_user=officers["programme"], confirmed=True)
    assert "123,416.00" in text_of(bytes(issued.pdf))


@pytest.mark.django_db
def test_the_final_report_is_due_30_june_after_the_end_however_late_the_last_entry(
        demo_fund, officers):
    from datetime import date

    from budget.posting import post_expenditure
    from reports.issuing import report_calendar

    end_agreement(demo_fund, date(2015, 3, 16))  # expired on 16 March 2015
    # The 5201 printer's last invoice is paid in 2017, liquidating its 2014 commitment.
    printer = demo_fund.entries.get(reference="PO-2014-5201")
    post_expenditure(fund=demo_fund, line_code="5201", amount=usd("4500.00"),
                     value_date=date(2017, 2, 1), commitment=printer, acting_user=None)
    final = [entry for entry in report_calendar(demo_fund, today=date(2017, 3, 1))
             if entry.kind == "final"]
    # Art. 5(d): by 30 June of the year after the expiry, 2016, not after 2017's entry.
    assert [(entry.year, entry.due) for entry in final] == [(2017, date(2016, 6, 30))]
    assert str(final[0].status) == "overdue"


@pytest.mark.django_db
def test_issuing_the_statement_asks_to_confirm_that_it_closes_the_year(client, demo_fund,
                                                                       officers):
    client.force_login(officers["finance"])
    url = reverse("reports:issue", args=[demo_fund.agreement.slug, "statement", 2014])
    asked = client.post(url, {"reason": ""})
    page = asked.content.decode()
    assert asked.status_code == 200 and "closes 2014" in page and 'name="confirmed"' in page
    assert not IssuedReport.objects.exists() and not ClosedYear.objects.exists()
    with pytest.raises(Exception, match="closes 2014"):
        issue_report(fund=demo_fund, kind="statement", year=2014,
                     acting_user=officers["finance"])
    done = client.post(url, {"reason": "", "confirmed": "yes"})
    assert done.status_code == 302
    assert IssuedReport.objects.filter(kind="statement", year=2014).count() == 1
    assert ClosedYear.objects.filter(fund=demo_fund, year=2014).exists()


@pytest.mark.django_db
def test_report_csv_writes_amounts_as_numbers_and_counts_without_decimals(demo_fund):
    import csv
    import io

    from reports.documents import report_document
    from reports.rendering import render_csv

    rows = list(csv.reader(io.StringIO(render_csv(report_document(demo_fund, "statement",
                                                                  2014)))))
    expenditure = next(row for row in rows if row and row[0].startswith("Total expenditure"))
    # 333,512.74 spent in 2014, shown as a negative figure: a number, no formula guard.
    assert expenditure[1] == "-333512.74"
    from reports.templatetags.report_cells import cells

    progress = report_document(demo_fund, "progress", 2014)
    table = progress["tables"][1]
    # forum.yaml: 7 recommendations (IA1) and 9 national initiatives (IA2), as on the page
    # and in the PDF: whole numbers, not amounts.
    assert [cells(row, table["columns"])[-1] for row in table["rows"]] == [("7", True),
                                                                           ("9", True)]


@pytest.mark.django_db
def test_odd_years_get_clear_answers_not_errors(client, demo_fund, officers):
    with pytest.raises(ValidationError, match="has no report for 10000"):
        issue_report(fund=demo_fund, kind="statement", year=10000, acting_user=officers["finance"],
                     confirmed=True)
    client.force_login(officers["programme"])
    slug = demo_fund.agreement.slug
    assert client.get(reverse("reports:narrative", args=[slug, 40000])).status_code == 404


@pytest.mark.django_db
def test_report_spreadsheets_never_carry_live_formulas(demo_fund, officers):
    from forum.models import Activity
    from reports.documents import report_document
    from reports.rendering import render_csv, render_xlsx

    Activity.objects.filter(fund=demo_fund, number=8).update(title="=1+1 print the book")
    document = report_document(demo_fund, "progress", 2014)
    assert "'=1+1 print the book" in render_csv(document)
    sheet = load_workbook(io.BytesIO(render_xlsx(document))).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "'=1+1 print the book" in values


@pytest.mark.django_db
def test_the_progress_narrative_is_in_every_format(client, demo_fund, officers):
    from reports.documents import report_document
    from reports.rendering import render_csv, render_xlsx

    client.force_login(officers["programme"])
    slug = demo_fund.agreement.slug
    client.post(reverse("reports:narrative", args=[slug, 2014]), {
        "summary": "The forum was held in Astana with 41 participants.",
        "challenges": "Visas for eight participants came late.", "next_steps": "Publish."})
    document = report_document(demo_fund, "progress", 2014)
    assert "Visas for eight participants came late." in render_csv(document)
    sheet = load_workbook(io.BytesIO(render_xlsx(document)))["Narrative"]
    assert "The forum was held in Astana with 41 participants." in [
        row[0] for row in sheet.iter_rows(values_only=True)]
    from reports.rendering import render_pdf

    pdf_text = text_of(render_pdf(document))
    assert "Visas for eight participants came late." in " ".join(pdf_text.split())
