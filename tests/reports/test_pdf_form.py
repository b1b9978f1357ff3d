"""The form of the report PDFs (issue 24): the verification printed on every issued version
(link, fingerprint, QR code) and the public page it opens, DRAFT across every page of a
draft, tagged PDF/A-3u in the language rendered, and the (c) tables inside the page."""

import hashlib
import io
import re
import shutil
import subprocess

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from agreements.models import Membership
from reports.documents import report_document
from reports.issuing import issue_report, report_fingerprint
from reports.models import IssuedReport
from reports.rendering import print_html, render_pdf

Role = Membership.Role
MM = 96 / 25.4  # CSS pixels in a millimetre


@pytest.fixture
def officers(demo_fund, make_user):
    agreement = demo_fund.agreement
    return {
        "finance": make_user("finance1", agreement=agreement, role=Role.DESA_FINANCE),
        "programme": make_user("programme3", agreement=agreement, role=Role.DESA_PROGRAMME),
    }


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def statement(demo_fund, officers):
    return issue_report(fund=demo_fund, kind="statement", year=2014,
                        acting_user=officers["finance"], confirmed=True)


@pytest.mark.django_db
def test_issued_pdf_prints_its_verification_link_and_the_page_lists_the_files(
        client, demo_fund, statement):
    url = f"{settings.PORTAL_URL}/reports/verify/{statement.fingerprint}/"
    # The fingerprint is of the canonical figures, so it can be recomputed from the record.
    stored = IssuedReport.objects.get(pk=statement.pk)  # read back from the database
    assert stored.fingerprint == report_fingerprint(
        project=demo_fund.project_number, kind="statement", year=2014, version=1,
        figures=stored.figures)
    assert statement.fingerprint != statement.sha256
    for language, pdf in [("en", bytes(statement.pdf))] + [
            (other.language, bytes(other.pdf)) for other in statement.translations.all()]:
        text = flat("\n".join(pages_text(pdf)))
        assert flat(url) in text and statement.fingerprint in text, language
    # Served bytes, hashed here; anyone (no login) opens the printed address.
    served = {}
    for language in ["en", "kk", "ru"]:
        login_client = client
        login_client.force_login(statement.issued_by)
        served[language] = hashlib.sha256(login_client.get(
            reverse("reports:issued_download", args=[demo_fund.agreement.slug, statement.pk,
                                                     "pdf"]) + f"?language={language}"
        ).content).hexdigest()
        login_client.logout()
    page = client.get(url.removeprefix(settings.PORTAL_URL))
    assert page.status_code == 200
    html = page.content.decode()
    assert "(b) Annual financial statement" in html and "INT/14/X46/A" in html
    assert "version 1" in html
    for sha256 in served.values():
        assert sha256 in html
    assert statement.issued_by.username not in html  # no personal data on a public page
    # The page checks an uploaded file against this report's files.
    english = bytes(statement.pdf)
    checked = client.post(url.removeprefix(settings.PORTAL_URL), {
        "pdf": SimpleUploadedFile("statement.pdf", english)}).content.decode()
    assert "Verified." in checked and served["en"] in checked
    changed = client.post(url.removeprefix(settings.PORTAL_URL), {
        "pdf": SimpleUploadedFile("statement.pdf", english + b" ")}).content.decode()
    assert "Not verified." in changed
    assert client.get(f"/reports/verify/{'0' * 64}/").status_code == 404
    for junk in ["%00", "0" * 65, "z" * 64, "0" * 63 + "%00"]:
        assert client.get(f"/reports/verify/{junk}/").status_code == 404, junk


@pytest.mark.django_db
def test_the_qr_code_opens_the_verification_page(statement):
    import pypdfium2 as pdfium
    import zxingcpp

    url = f"{settings.PORTAL_URL}/reports/verify/{statement.fingerprint}/"
    document = pdfium.PdfDocument(bytes(statement.pdf))
    found = []
    for index in range(len(document)):
        image = document[index].render(scale=4).to_pil()
        found += [code.text for code in zxingcpp.read_barcodes(image)]
    assert found == [url]


@pytest.mark.django_db
def test_a_draft_says_draft_on_every_page_in_its_language(demo_fund, officers):
    issue_report(fund=demo_fund, kind="statement", year=2014,
                 acting_user=officers["finance"], confirmed=True)
    document = report_document(demo_fund, "budget_analysis", 2014)
    pages = pages_text(render_pdf(document))
    assert len(pages) >= 2
    assert all("DRAFT" in text for text in pages)
    assert not any("reports/verify/" in text for text in pages)
    with translation.override("ru"):
        russian = render_pdf(report_document(demo_fund, "budget_analysis", 2014))
        watermark = translation.pgettext("watermark across a draft report", "DRAFT")
    assert all(watermark in text for text in pages_text(russian))


@pytest.mark.django_db
def test_issued_pdf_is_tagged_pdfa_in_its_language(statement):
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils: make system-packages)")
    info = subprocess.run(["pdfinfo", "-"], input=bytes(statement.pdf), capture_output=True,
                          check=True).stdout.decode()
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info
    xmp = PdfReader(io.BytesIO(bytes(statement.pdf))).xmp_metadata
    assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("3", "U")
    assert "DRAFT" not in "".join(pages_text(bytes(statement.pdf)))
    catalog = PdfReader(io.BytesIO(bytes(statement.pdf))).trailer["/Root"]
    assert catalog["/Lang"] == "en" and "/StructTreeRoot" in catalog
    kazakh = statement.translations.get(language="kk")
    assert PdfReader(io.BytesIO(bytes(kazakh.pdf))).trailer["/Root"]["/Lang"] == "kk"


@pytest.mark.django_db
def test_letterhead_names_the_un_desa_and_the_government_in_words(statement):
    first = flat(pages_text(bytes(statement.pdf))[0])
    assert flat("United Nations · Department of Economic and Social Affairs") in first
    assert flat("Government of the Republic of Kazakhstan") in first
    # The running footer prints the title as it is (a hyphen, not a CSS escape).
    assert "e-Government Global Forum 2014" in pages_text(bytes(statement.pdf))[-1]


def boxes(box):
    yield box
    for child in getattr(box, "children", []):
        yield from boxes(child)


def inflated(document: dict, amount: str) -> dict:
    """The same document with this amount in every numeric cell: a large fund."""
    tables = []
    for table in document["tables"]:
        rows = [{**row, "cells": [amount if column.get("num") and cell else cell
                                  for cell, column in zip(row["cells"], table["columns"],
                                                          strict=False)]}
                for row in table["rows"]]
        tables.append({**table, "rows": rows})
    return {**document, "tables": tables}


def table_edges_past_the_page(html: str) -> list:
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import TableBox, TableCellBox

    rendered = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    past, cells = [], 0
    for number, page in enumerate(rendered.pages, start=1):
        assert page.width > page.height  # landscape
        right = page.width - 12 * MM  # the page's right margin: 12 mm
        for box in boxes(page._page_box):
            if isinstance(box, (TableBox, TableCellBox)):
                cells += 1
                edge = box.position_x + box.margin_width()
                if edge > right + 0.5:
                    past.append((number, type(box).__name__, round(edge - right, 1)))
    assert cells > 50, "the tables' boxes were not found: the check would check nothing"
    return past


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "kk", "ru"])
def test_budget_analysis_tables_stay_inside_the_landscape_page(demo_fund, officers,
                                                               language):
    issue_report(fund=demo_fund, kind="statement", year=2014,
                 acting_user=officers["finance"], confirmed=True)
    with translation.override(language):
        document = report_document(demo_fund, "budget_analysis", 2014)
        # Tens of millions, and billions (smaller type), in every cell.
        for variant in [document, inflated(document, "-98765432.99"),
                        inflated(document, "-9876543210.99")]:
            html = print_html(variant, version=1, fingerprint="a" * 64)
            assert table_edges_past_the_page(html) == [], language


@pytest.mark.django_db
def test_the_issued_2014_statement_reads_as_a_certified_statement(demo_fund, make_user):
    officer = make_user("certifier", agreement=demo_fund.agreement, role=Role.DESA_FINANCE)
    officer.first_name, officer.last_name = "Amina", "Certifier"
    officer.job_title = "Chief, Trust Fund Accounts"
    officer.save()
    issued = issue_report(fund=demo_fund, kind="statement", year=2014, acting_user=officer,
                          confirmed=True)
    text = " ".join(" ".join(pages_text(bytes(issued.pdf))).split())
    assert "for the year ended 31 December 2014" in text
    assert "Certified" in text and "Provisional" not in text
    assert "Amina Certifier" in text and "Chief, Trust Fund Accounts" in text
    # The demo's 2014 expenditure is printed as an outflow in parentheses.
    assert re.search(r"\(\d{1,3}(,\d{3})*\.\d{2}\)", text)
    assert issued.fingerprint in "".join(text.split())
