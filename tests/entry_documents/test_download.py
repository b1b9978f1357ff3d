"""A document's download (/funds/<slug>/documents/<pk>/): anyone who may see the fund gets
the file as it was uploaded, as an attachment under its own name; another fund's member gets
404, a visitor is sent to sign in."""

import hashlib

import pytest

from agreements.models import Membership
from documents.actions import attach_document
from documents.models import Document
from tests.entry_documents.conftest import BASE, INVOICE, INVOICE_SHA256, invoice, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def attached(payment, finance) -> Document:
    return attach_document(fund=payment.fund, entry=payment, upload=invoice(), kind="invoice",
                           acting_user=finance)


def download_url(document: Document, slug: str = "int-14-x46-a") -> str:
    return f"/funds/{slug}/documents/{document.pk}/"


def test_a_government_officer_downloads_the_invoice_as_uploaded(government, attached):
    response = government.get(download_url(attached))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == INVOICE and hashlib.sha256(body).hexdigest() == INVOICE_SHA256
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="invoice-INV-2014-117.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(INVOICE))


def test_the_entry_page_links_the_download(government, attached):
    page = government.get(f"{BASE}/ledger/2/").content.decode()
    assert f'href="{download_url(attached)}"' in page


def test_an_auditor_downloads_too(attached, make_user):
    auditor = signed_in(make_user("auditor", agreement=attached.fund.agreement,
                                  role=Membership.Role.AUDITOR))
    assert auditor.get(download_url(attached)).status_code == 200


def test_another_funds_member_gets_404_under_either_fund(attached, second_fund, make_user):
    # A finance officer of the second fund: every capability there, none on the seed's.
    stranger = signed_in(make_user("finance-x01", agreement=second_fund.agreement,
                                   role=Membership.Role.DESA_FINANCE))
    assert stranger.get(download_url(attached)).status_code == 404
    # The number of the seed's document under their own fund finds nothing either.
    assert stranger.get(download_url(attached, "int-15-x01-a")).status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, attached):
    response = client.get(download_url(attached))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_a_document_that_does_not_exist_is_404(government, attached):
    assert government.get(f"{BASE}/documents/{attached.pk + 1}/").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_a_download_is_read_only(government, attached, method):
    assert getattr(government, method)(download_url(attached)).status_code == 405


def test_a_name_in_cyrillic_comes_back_as_it_was(government, payment, finance):
    document = attach_document(fund=payment.fund, entry=payment, kind="contract",
                               upload=invoice("договор-117.pdf"), acting_user=finance)
    response = government.get(download_url(document))
    # RFC 6266: the UTF-8 name, percent-encoded.
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%D0%B4%D0%BE%D0%B3%D0%BE%D0%B2%D0%BE%D1%80-117.pdf")
