"""The seed fund with a contribution and one expenditure, its people, and the files they
attach: a real PDF made with pypdf (tests.documents), stored in a media folder of the test's
own."""

import hashlib
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from agreements.models import Agreement, Membership, Party, Signatory
from budget.amounts import usd
from budget.models import Entry
from budget.posting import post_expenditure, record_contribution
from tests.documents import pdf_bytes

Role = Membership.Role
BASE = "/funds/int-14-x46-a"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """The uploaded files go to this test's folder (and are looked for there)."""
    folder = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(folder)}}}
    return folder


@pytest.fixture
def other_fund(db) -> Agreement:
    """Another agreement, with parties of its own: its members are strangers to the seed's."""
    agreement = Agreement.objects.create(
        slug="int-15-x01-a", title="Another trust fund", reference="INT/15/X01/A",
        signed_on=date(2015, 3, 1), signed_at="Geneva")
    for order, (name, kind) in enumerate([("Government of Ruritania", "government"),
                                          ("United Nations", "united_nations")]):
        party, _ = Party.objects.get_or_create(name=name, defaults={"short_name": name[:20],
                                                                    "kind": kind})
        Signatory.objects.create(agreement=agreement, party=party, representative_name="X",
                                 representative_title="Y", notice_address="Z", order=order)
    return agreement


@pytest.fixture
def fund(seed):
    record_contribution(fund=seed.fund, amount=usd("500000.00"), value_date=date(2014, 8, 14),
                        acting_user=None)
    return seed.fund


@pytest.fixture
def payment(fund) -> Entry:
    """Entry #2: the printing house's invoice paid on line 5201 (`other`, so no reserve;
    PSC 13% of 1,200.00 = 156.00 is #3)."""
    return post_expenditure(fund=fund, line_code="5201", amount=usd("1200.00"),
                            value_date=date(2014, 10, 20), payee="Astana printing house",
                            reference="INV-2014-117", description="Forum programme booklets",
                            acting_user=None)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def finance(fund, make_user):
    return make_user("finance1", agreement=fund.agreement, role=Role.DESA_FINANCE)


@pytest.fixture
def officer(finance) -> Client:
    return signed_in(finance)


@pytest.fixture
def government(fund, make_user) -> Client:
    return signed_in(make_user("government", agreement=fund.agreement, role=Role.GOVERNMENT))


INVOICE = pdf_bytes("Invoice INV-2014-117")
INVOICE_SHA256 = hashlib.sha256(INVOICE).hexdigest()


def invoice(name: str = "invoice-INV-2014-117.pdf", content: bytes = INVOICE
            ) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def entry_url(sequence: int) -> str:
    return f"{BASE}/ledger/{sequence}/"


def stored_files(media) -> list:
    return sorted(path for path in media.rglob("*") if path.is_file())
