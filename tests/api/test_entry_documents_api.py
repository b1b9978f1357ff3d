"""Documents on entries through the API: upload by the entry page's act (checked by content),
list with their SHA-256, download as an attachment; the same access as the pages."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from budget.models import Entry
from documents.models import Document
from tests.api.clients import BASE, Role, client_of, stranger
from tests.documents import pdf_bytes

INVOICE = pdf_bytes("Invoice INV-2014-117")
DOCUMENTS = f"{BASE}/entries/2/documents/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """The uploaded files go to this test's folder."""
    folder = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(folder)}}}
    return folder


@pytest.fixture
def payment(finance_client):
    """Entry #2: the printing house's invoice paid on 5201 (#3: its PSC)."""
    response = finance_client.post(f"{BASE}/expenditures/", {
        "line": "5201", "amount": "1200.00", "value_date": "2014-10-20",
        "payee": "Astana printing house", "reference": "INV-2014-117"}, format="json")
    assert response.status_code == 201
    return finance_client


def upload(client, content: bytes = INVOICE, name: str = "invoice-INV-2014-117.pdf",
           kind: str = "invoice", **headers):
    return client.post(DOCUMENTS, {"kind": kind, "upload": SimpleUploadedFile(
        name, content, "application/pdf")}, format="multipart", **headers)


@pytest.mark.django_db
def test_an_invoice_is_uploaded_listed_and_downloaded_with_its_sha256(payment):
    expected = hashlib.sha256(INVOICE).hexdigest()
    response = upload(payment)
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["kind"], body["size"], body["sha256"], body["uploaded_by"],
            body["removed"]) == ("invoice-INV-2014-117.pdf", "invoice", len(INVOICE), expected,
                                 "finance1", False)
    listed = payment.get(DOCUMENTS).json()
    assert [(d["id"], d["sha256"]) for d in listed] == [(body["id"], expected)]
    download = payment.get(body["download"])
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert hashlib.sha256(content).hexdigest() == expected
    assert download["Content-Disposition"] == 'attachment; filename="invoice-INV-2014-117.pdf"'
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_a_text_file_named_pdf_is_refused_and_nothing_is_written(payment, media):
    response = upload(payment, content=b"Not a PDF at all, just text.\n")
    assert response.status_code == 400
    assert response.json()["fields"] == {"upload": ["The file is not a PDF document."]}
    assert not Document.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*"))


@pytest.mark.django_db
def test_the_same_file_twice_is_refused_but_the_same_key_replays(payment):
    headers = {"HTTP_IDEMPOTENCY_KEY": "inv-2014-117-scan"}
    first = upload(payment, **headers)
    again = upload(payment, **headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    twice = upload(payment)
    assert twice.status_code == 400
    assert twice.json()["fields"]["upload"] == [
        f"This file (SHA-256 {hashlib.sha256(INVOICE).hexdigest()}) is already attached to "
        "entry #2."]
    # Another file under the same key is another request: refused, not replayed.
    other = upload(payment, content=pdf_bytes("Another invoice"), **headers)
    assert other.status_code == 422
    assert Document.objects.count() == 1


@pytest.mark.django_db
def test_a_charge_takes_no_documents_and_bad_input_is_refused(payment):
    psc = payment.post(f"{BASE}/entries/3/documents/", {"kind": "invoice", "upload":
                       SimpleUploadedFile("x.pdf", INVOICE, "application/pdf")},
                       format="multipart")
    assert psc.status_code == 400 and "attach the documents to the entry that caused it, #2" \
        in psc.json()["message"]
    bad = payment.post(DOCUMENTS, {"kind": "receipt"}, format="multipart")
    assert bad.status_code == 400 and set(bad.json()["fields"]) == {"kind", "upload"}
    assert payment.get(f"{BASE}/entries/99/documents/").status_code == 404
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_the_entry_itself_is_read_by_its_sequence(payment):
    response = payment.get(f"{BASE}/entries/2/")
    assert response.status_code == 200
    assert (response.json()["kind"], response.json()["amount"], response.json()["payee"]) == (
        "expenditure", "1200.00", "Astana printing house")
    assert payment.get(f"{BASE}/entries/999/").status_code == 404
    assert payment.get(f"{BASE}/entries/{10 ** 20}/documents/1/").status_code == 404


@pytest.mark.django_db
def test_the_government_reads_and_downloads_but_does_not_attach(payment, funded, token_for):
    document_id = upload(payment).json()["id"]
    government = client_of(token_for, "government", funded.agreement, Role.GOVERNMENT)
    assert government.get(DOCUMENTS).status_code == 200
    assert government.get(f"{DOCUMENTS}{document_id}/").status_code == 200
    refused = upload(government, content=pdf_bytes("Government's copy"))
    assert refused.status_code == 403 and Document.objects.count() == 1


@pytest.mark.django_db
def test_another_fund_s_token_gets_404_for_the_entry_its_documents_and_their_files(
        payment, token_for):
    document_id = upload(payment).json()["id"]
    other = stranger(token_for)
    for url in [f"{BASE}/entries/2/", DOCUMENTS, f"{DOCUMENTS}{document_id}/"]:
        assert other.get(url).status_code == 404, url
    assert upload(other, content=pdf_bytes("Stranger's")).status_code == 404
    assert Document.objects.count() == 1 and Entry.objects.count() == 3


@pytest.mark.django_db
def test_documents_take_no_put_and_a_download_no_post(payment):
    document_id = upload(payment).json()["id"]
    assert payment.put(DOCUMENTS, {}, format="json").status_code == 405
    assert payment.post(f"{DOCUMENTS}{document_id}/", {}, format="json").status_code == 405
