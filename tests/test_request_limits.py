"""Limits and timeouts (docs/operations.md#limits): a request over the size limit is refused
before a byte is written to disk; uploads are checked by content; a request that would wait
on a busy fund gets a clear 503 instead of hanging a worker."""

import threading
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections, transaction
from django.urls import reverse

from agreements.models import Membership, Notice
from budget.models import Entry, FundBalance
from tests.documents import pdf_bytes

MB = 1024 * 1024


@pytest.mark.django_db
def test_an_oversized_upload_is_refused_before_anything_is_written(client, make_user,
                                                                   settings, tmp_path):
    settings.MAX_REQUEST_BYTES = 1 * MB
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024  # bigger uploads would go to disk
    client.force_login(make_user("auditor"))
    big = SimpleUploadedFile("report.pdf", b"%PDF-1.7\n" + b"0" * (2 * MB))
    response = client.post(reverse("reports:verify"), {"pdf": big})
    assert response.status_code == 413
    assert "larger than 1 MB" in response.content.decode()
    assert list(tmp_path.iterdir()) == []
    api = client.post("/api/v1/funds/", data=b"{" + b" " * (2 * MB) + b"}",
                      content_type="application/json")
    assert api.status_code == 413 and api.json()["code"] == "too_large"


@pytest.mark.django_db
def test_a_file_named_pdf_must_read_as_a_pdf(client, seed, make_user):
    client.force_login(make_user("programme1", agreement=seed,
                                 role=Membership.Role.DESA_PROGRAMME))
    from agreements.models import Party

    form = {"kind": "letter", "sender": Party.objects.get(kind="united_nations").pk,
            "recipient": Party.objects.get(kind="government").pk, "sent_on": "2015-02-01",
            "received_on": "", "delivery": "mail", "reference": "DESA/15/11", "subject": ""}
    disguised = b"%PDF-1.4\n<html><script>alert(1)</script></html>"
    response = client.post(reverse("agreements:notice_create", args=[seed.slug]),
                           {**form, "scan": SimpleUploadedFile("letter.pdf", disguised)})
    assert "The file is not a PDF document." in response.content.decode()
    assert not Notice.objects.filter(reference="DESA/15/11").exists()
    real = SimpleUploadedFile("letter.pdf", pdf_bytes("letter"))
    assert client.post(reverse("agreements:notice_create", args=[seed.slug]),
                       {**form, "scan": real}).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_a_posting_that_would_wait_on_a_busy_fund_gets_503_and_writes_nothing(
        client, seed, make_user):
    from knox.models import AuthToken

    from budget.amounts import usd
    from budget.posting import record_contribution

    fund = seed.fund
    record_contribution(fund=fund, amount=usd("500000.00"), value_date=date(2014, 8, 14),
                        acting_user=None)
    user = make_user("finance1", agreement=seed, role=Membership.Role.DESA_FINANCE)
    token = AuthToken.objects.create(user=user)[1]
    holding, release = threading.Event(), threading.Event()

    def hold_the_fund() -> None:
        # Another act in progress: it holds the fund's lock (as a long posting would).
        try:
            with transaction.atomic():
                FundBalance.objects.select_for_update().get(fund=fund)
                holding.set()
                release.wait(30)
        finally:
            connections.close_all()

    other = threading.Thread(target=hold_the_fund)
    other.start()
    assert holding.wait(10)
    before = Entry.objects.count()
    try:
        response = client.post(f"/api/v1/funds/{seed.slug}/commitments/", {
            "line": "5201", "amount": "100.00", "value_date": "2014-09-01"},
            content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}")
    finally:
        release.set()
        other.join()
    assert response.status_code == 503
    assert response.json()["code"] == "busy" and response["Retry-After"] == "5"
    assert Entry.objects.count() == before
