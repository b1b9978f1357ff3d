"""The entry page (/funds/<slug>/ledger/<sequence>/): everyone on the fund reads an entry's
figures and documents; those who post to the ledger attach a contract, invoice or travel
authorisation there, checked by its content and size and kept with its SHA-256."""

import hashlib
from datetime import date
from html import unescape

import pytest

from budget.amounts import usd
from budget.models import Entry
from budget.posting import post_commitment, post_expenditure
from documents.models import Document
from tests.entry_documents.conftest import (
    BASE,
    INVOICE,
    INVOICE_SHA256,
    entry_url,
    invoice,
    stored_files,
)

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


def page_text(response) -> str:
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_an_invoice_uploaded_to_an_expenditure_is_shown_with_its_sha256(officer, payment,
                                                                          media):
    response = officer.post(entry_url(2), {"kind": "invoice", "upload": invoice()})
    assert response.status_code == 302 and response["Location"] == entry_url(2)
    page = page_text(officer.get(entry_url(2)))
    # Computed here from the bytes sent, not read back from the portal.
    expected = hashlib.sha256(INVOICE).hexdigest()
    assert f"<code>{expected}</code>" in page
    assert "invoice-INV-2014-117.pdf" in page and "Invoice" in page
    document = Document.objects.get()
    assert (document.entry, document.kind, document.size, document.sha256) == (
        payment, "invoice", len(INVOICE), expected)
    assert document.uploaded_by.username == "finance1"
    # Stored under the fund's number and the hash: the path does not give the name away.
    assert document.file.name == f"documents/{payment.fund_id}/{expected}"
    assert [path.read_bytes() for path in stored_files(media)] == [INVOICE]


def test_the_entry_page_shows_the_entrys_figures_and_the_commitment_it_liquidates(
        officer, fund, finance):
    booking = post_commitment(fund=fund, line_code="5201", amount=usd("2000.00"),
                              value_date=date(2014, 10, 1), payee="Astana printing house",
                              reference="PO-2014-31", acting_user=finance)
    paid = post_expenditure(fund=fund, line_code="5201", amount=usd("1500.00"),
                            value_date=date(2014, 10, 20), commitment=booking,
                            payee="Astana printing house", reference="INV-2014-117",
                            description="Forum programme booklets", acting_user=finance)
    # #1 the contribution, #2 the commitment, #3 the payment and #4 its PSC:
    # 13% of 1,500.00 = 195.00.
    assert (booking.sequence, paid.sequence) == (2, 3)
    page = page_text(officer.get(entry_url(3)))
    for shown in ("Entry #3: Expenditure", "5201", "2014-10-20", "1,500.00",
                  "Astana printing house", "INV-2014-117", "Forum programme booklets",
                  f'href="{entry_url(2)}">#2</a>', "2,000.00", "finance1",
                  "No documents attached."):
        assert shown in page, shown
    psc = Entry.objects.get(fund=fund, sequence=4)
    assert psc.amount == usd("195.00").amount
    assert f'href="{entry_url(3)}">#3</a>' in page_text(officer.get(entry_url(4)))
    ledger = page_text(officer.get(f"{BASE}/ledger/"))
    assert f'<a href="{entry_url(3)}">3</a>' in ledger


def test_a_text_file_named_pdf_is_refused_with_its_reason_and_nothing_is_written(
        officer, payment, media):
    disguised = invoice(content=b"%PDF-1.4\nThis is really a text file, not an invoice.\n")
    page = page_text(officer.post(entry_url(2), {"kind": "invoice", "upload": disguised}))
    assert "The file is not a PDF document." in page
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_a_decompression_bomb_named_png_is_refused_not_an_error(officer, payment, media):
    import struct
    import zlib

    # A valid PNG header claiming 100,000 x 100,000 pixels in a few dozen bytes.
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))
    bomb = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 100_000, 100_000,
                                                              8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))
    page = page_text(officer.post(entry_url(2), {
        "kind": "invoice", "upload": invoice(name="scan.png", content=bomb)}))
    assert "The file is not a PNG document." in page
    assert not Document.objects.exists() and stored_files(media) == []


def test_a_file_of_another_kind_is_refused_by_its_name(officer, payment, media):
    page = page_text(officer.post(entry_url(2), {
        "kind": "other", "upload": invoice(name="invoice.html", content=b"<html></html>")}))
    assert "The file must be one of: DOCX, JPEG, PDF, PNG, XLSX." in page
    assert not Document.objects.exists() and stored_files(media) == []


def test_a_file_over_10_mb_is_refused_with_the_limit(officer, payment, media):
    # One byte over the attachments' 10 MB (10,485,760 bytes), well under the request limit.
    big = invoice(content=INVOICE + b"\0" * (10 * MB + 1 - len(INVOICE)))
    page = page_text(officer.post(entry_url(2), {"kind": "invoice", "upload": big}))
    assert "A file may be at most 10 MB." in page
    assert not Document.objects.exists() and stored_files(media) == []


def test_a_request_over_the_portals_limit_gets_a_page_that_says_so(officer, payment, media,
                                                                   settings):
    settings.MAX_REQUEST_BYTES = 1 * MB
    response = officer.post(entry_url(2), {
        "kind": "invoice", "upload": invoice(content=INVOICE + b"\0" * (2 * MB))})
    assert response.status_code == 413
    assert "The request is larger than 1 MB; nothing was read or written." in (
        unescape(response.content.decode()))
    assert not Document.objects.exists() and stored_files(media) == []


def test_the_same_file_twice_on_an_entry_is_refused(officer, payment):
    officer.post(entry_url(2), {"kind": "invoice", "upload": invoice()})
    page = page_text(officer.post(entry_url(2), {"kind": "invoice", "upload": invoice()}))
    assert f"This file (SHA-256 {INVOICE_SHA256}) is already attached to entry #2." in page
    assert Document.objects.count() == 1


def test_a_charge_takes_no_documents_of_its_own(officer, payment):
    page = page_text(officer.post(entry_url(3), {"kind": "invoice", "upload": invoice()}))
    assert ("Entry #3 is a charge the system computes; attach the documents to the entry "
            "that caused it, #2.") in page
    assert not Document.objects.exists()


def test_a_government_officer_reads_the_entry_but_cannot_upload(government, payment, media):
    page = page_text(government.get(entry_url(2)))
    assert "INV-2014-117" in page and "Attach a document" not in page
    assert government.post(entry_url(2), {"kind": "invoice",
                                          "upload": invoice()}).status_code == 403
    assert not Document.objects.exists() and stored_files(media) == []


def test_another_funds_member_and_a_visitor_get_no_entry(client, payment, make_user,
                                                         other_fund):
    client.force_login(make_user("ruritania", agreement=other_fund, role="government"))
    assert client.get(entry_url(2)).status_code == 404
    client.logout()
    response = client.get(entry_url(2))
    assert response.status_code == 302 and response["Location"].startswith(
        "/accounts/login/")


def test_an_entry_that_does_not_exist_is_404(officer, payment):
    assert officer.get(entry_url(99)).status_code == 404


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused(officer, payment, method):
    assert getattr(officer, method)(entry_url(2)).status_code == 405


def test_the_page_costs_the_same_queries_with_three_documents(officer, payment,
                                                             django_assert_max_num_queries):
    for number in range(3):
        officer.post(entry_url(2), {"kind": "invoice", "upload": invoice(
            f"invoice-{number}.pdf", INVOICE + b"%" * (number + 1))})
    assert Document.objects.count() == 3
    # As pinned in tests/test_page_queries.py: session, user, fund, entry, documents, year.
    with django_assert_max_num_queries(6):
        page = page_text(officer.get(entry_url(2)))
    assert all(f"invoice-{number}.pdf" in page for number in range(3))
