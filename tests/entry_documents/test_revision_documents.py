"""Documents on a budget revision (/funds/<slug>/budget/revisions/<pk>/ and its documents/
upload): those who may propose revisions attach the letter or note behind it; everyone on the
fund reads and downloads it."""

import hashlib
from decimal import Decimal
from html import unescape

import pytest

from agreements.models import Membership
from budget.revisions import propose_revision
from documents.models import Document
from tests.documents import png_bytes
from tests.entry_documents.conftest import BASE, invoice, signed_in, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(fund, make_user):
    return make_user("programme1", agreement=fund.agreement,
                     role=Membership.Role.DESA_PROGRAMME)


@pytest.fixture
def revision(fund, letter, programme):
    # 3,000.00 from 5301 to 5201, as DESA's letter of 1 October 2014 asks.
    return propose_revision(fund=fund, new_amounts={"5201": Decimal("19000.00"),
                                                    "5301": Decimal("5478.00")},
                            reason="Publication costs higher", letter=letter,
                            acting_user=programme)


def test_a_programme_officer_attaches_the_letter_and_everyone_reads_it(revision, programme,
                                                                       government):
    scan = png_bytes()
    response = signed_in(programme).post(
        f"{BASE}/budget/revisions/{revision.pk}/documents/",
        {"kind": "other", "upload": invoice("letter-DESA-2014-41.png", scan)})
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}/budget/revisions/{revision.pk}/"
    document = Document.objects.get()
    assert (document.revision, document.entry, document.sha256) == (
        revision, None, hashlib.sha256(scan).hexdigest())
    page = unescape(government.get(f"{BASE}/budget/revisions/{revision.pk}/").content.decode())
    assert "letter-DESA-2014-41.png" in page and hashlib.sha256(scan).hexdigest() in page
    assert "Attach a document" not in page
    download = government.get(f"{BASE}/documents/{document.pk}/")
    assert download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content) == scan


def test_a_refused_file_is_shown_on_the_revision_page(revision, programme, media):
    response = signed_in(programme).post(
        f"{BASE}/budget/revisions/{revision.pk}/documents/",
        {"kind": "other", "upload": invoice("letter.pdf", b"Dear colleagues, ...")})
    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert "The file is not a PDF document." in page and "Publication costs higher" in page
    assert not Document.objects.exists() and stored_files(media) == []


def test_a_government_officer_cannot_attach_to_a_revision(revision, government, media):
    response = government.post(f"{BASE}/budget/revisions/{revision.pk}/documents/",
                               {"kind": "other", "upload": invoice()})
    assert response.status_code == 403
    assert not Document.objects.exists() and stored_files(media) == []


def test_the_upload_is_posted(revision, programme):
    url = f"{BASE}/budget/revisions/{revision.pk}/documents/"
    assert signed_in(programme).get(url).status_code == 405
    assert signed_in(programme).put(url).status_code == 405
