"""Attaching and removing a document are acts in the fund's audit trail: who, when, the file
and its SHA-256 (docs/documents.md#audit-trail)."""

from html import unescape

import pytest

from agreements.models import Membership
from tests.entry_documents.conftest import BASE, INVOICE_SHA256, entry_url, invoice, signed_in

pytestmark = pytest.mark.django_db


def test_the_auditor_reads_the_upload_and_the_removal_in_the_trail(officer, payment,
                                                                   make_user):
    officer.post(entry_url(2), {"kind": "invoice", "upload": invoice()})
    document = payment.documents.get()
    officer.post(f"{BASE}/documents/{document.pk}/remove/", {
        "reason": "Scanned twice", "confirmed": "yes"})
    auditor = signed_in(make_user("auditor", agreement=payment.fund.agreement,
                                  role=Membership.Role.AUDITOR))
    page = unescape(auditor.get(f"{BASE}/audit/?kind=document").content.decode())
    assert "Documents on entries and revisions" in page
    assert "Document attached" in page and "Document removed" in page
    assert (f"invoice-INV-2014-117.pdf (invoice) on entry #2 · SHA-256 {INVOICE_SHA256}"
            in page)
    assert "invoice-INV-2014-117.pdf removed from entry #2: Scanned twice" in page
    assert page.count("finance1") >= 2
