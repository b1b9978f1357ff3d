"""A document's removal (/funds/<slug>/documents/<pk>/remove/): while its year is open, one
who may attach it marks it removed, with a reason, after a confirmation; it stays on the
record with its file. Once the year is closed it cannot be removed."""

from datetime import date
from html import unescape

import pytest

from budget.posting import close_year
from documents.actions import attach_document
from documents.models import Document
from tests.entry_documents.conftest import BASE, INVOICE, entry_url, invoice

pytestmark = pytest.mark.django_db


@pytest.fixture
def attached(payment, finance) -> Document:
    return attach_document(fund=payment.fund, entry=payment, upload=invoice(), kind="invoice",
                           acting_user=finance)


def remove_url(document: Document) -> str:
    return f"{BASE}/documents/{document.pk}/remove/"


def test_a_document_is_removed_after_a_confirmation_and_stays_on_the_record(officer,
                                                                             attached):
    asked = unescape(officer.post(remove_url(attached), {
        "reason": "The invoice of another order"}).content.decode())
    assert ("Removing invoice-INV-2014-117.pdf from entry #2 cannot be undone" in asked
            and 'name="confirmed"' in asked)
    attached.refresh_from_db()
    assert attached.removed_at is None
    response = officer.post(remove_url(attached), {"reason": "The invoice of another order",
                                                   "confirmed": "yes"})
    assert response.status_code == 302 and response["Location"] == entry_url(2)
    attached.refresh_from_db()
    assert attached.removed_by.username == "finance1"
    assert attached.removal_reason == "The invoice of another order"
    page = unescape(officer.get(entry_url(2)).content.decode())
    assert "invoice-INV-2014-117.pdf is removed; it stays on the record." in page
    assert "Removed by finance1" in page and ": The invoice of another order" in page
    # The file is kept, and may be attached again.
    download = officer.get(f"{BASE}/documents/{attached.pk}/")
    assert b"".join(download.streaming_content) == INVOICE
    officer.post(entry_url(2), {"kind": "invoice", "upload": invoice()})
    assert Document.objects.filter(removed_at=None).count() == 1
    assert Document.objects.count() == 2


def test_a_document_of_a_closed_year_cannot_be_removed(officer, attached, finance):
    close_year(fund=attached.fund, year=2014, acting_user=finance, today=date(2015, 1, 5),
               confirmed=True)
    page = unescape(officer.get(entry_url(2)).content.decode())
    assert "2014 is closed: its documents are kept as they are" in page
    assert remove_url(attached) not in page
    response = officer.post(remove_url(attached), {"reason": "Wrong file",
                                                   "confirmed": "yes"}, follow=True)
    assert ("2014 is closed: the documents of entry #2 are kept as they are."
            in unescape(response.content.decode()))
    attached.refresh_from_db()
    assert attached.removed_at is None and attached.removal_reason == ""
    # A paper found later may still be attached to the closed year's entry.
    officer.post(entry_url(2), {"kind": "contract", "upload": invoice(
        "contract.pdf", INVOICE + b"\n% signed copy\n")})
    assert Document.objects.filter(entry=attached.entry).count() == 2


def test_a_removal_needs_a_reason(officer, attached):
    response = officer.post(remove_url(attached), {"reason": "  ", "confirmed": "yes"},
                            follow=True)
    assert "This field is required." in response.content.decode()
    attached.refresh_from_db()
    assert attached.removed_at is None


def test_a_government_officer_cannot_remove(government, attached):
    assert government.post(remove_url(attached), {"reason": "Not ours",
                                                  "confirmed": "yes"}).status_code == 403
    attached.refresh_from_db()
    assert attached.removed_at is None


def test_a_removal_is_posted(officer, attached):
    assert officer.get(remove_url(attached)).status_code == 405
    assert officer.delete(remove_url(attached)).status_code == 405
