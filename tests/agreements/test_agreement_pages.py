"""The agreement page, its texts, and recording a notice through the page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import Membership, Notice, Party
from tests.documents import pdf_bytes

Role = Membership.Role


@pytest.fixture
def officer_client(client, seed, make_user):
    client.force_login(make_user("programme1", agreement=seed, role=Role.DESA_PROGRAMME))
    return client


@pytest.mark.django_db
def test_agreement_page_shows_parties_dates_and_timeline(officer_client, seed):
    page = officer_client.get(reverse("agreements:agreement", args=[seed.slug])).content.decode()
    for expected in ["INT/14/X46/A", "New York", "4 August 2014", "Mr. Askar Zhumagaliyev",
                     "Mr. Wu Hongbo", "Orynbor Street 8", "9 January 2015",
                     "In force (Art. 12.3)", "Timeline", "Notices register"]:
        assert expected in page, expected


@pytest.mark.django_db
def test_agreement_texts_read_in_english_and_kazakh(officer_client, seed):
    english = officer_client.get(reverse("agreements:text", args=[seed.slug, "en"]))
    kazakh = officer_client.get(reverse("agreements:text", args=[seed.slug, "kk"]))
    assert "<h3>Article 9</h3>" in english.content.decode()
    assert "ЭӘМД" in kazakh.content.decode()
    assert officer_client.get(reverse("agreements:text", args=[seed.slug, "fr"])).status_code == 404


def notice_form(**changes) -> dict:
    desa = Party.objects.get(kind="united_nations")
    government = Party.objects.get(kind="government")
    form = {"kind": "letter", "sender": desa.pk, "recipient": government.pk,
            "sent_on": "2014-10-01", "received_on": "", "delivery": "mail",
            "reference": "DESA/DPADM/2014/17", "subject": "Budget revision proposal"}
    form.update(changes)
    return form


@pytest.mark.django_db
def test_notice_recorded_through_the_page_appears_in_the_register(officer_client, seed):
    letter = pdf_bytes("letter")
    scan = SimpleUploadedFile("letter.pdf", letter, content_type="application/pdf")
    response = officer_client.post(reverse("agreements:notice_create", args=[seed.slug]),
                                   {**notice_form(), "scan": scan})
    assert response.status_code == 302
    notice = Notice.objects.get(reference="DESA/DPADM/2014/17")
    assert notice.recorded_by.username == "programme1"
    assert notice.history.first().history_user.username == "programme1"
    page = officer_client.get(reverse("agreements:agreement", args=[seed.slug])).content.decode()
    assert "DESA/DPADM/2014/17" in page
    download = officer_client.get(reverse("agreements:notice_scan", args=[seed.slug, notice.pk]))
    assert b"".join(download.streaming_content) == letter


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "message"), [
    ({"received_on": "2014-09-30"}, "cannot be received (2014-09-30) before it was sent"),
    ({"kind": "domestic_procedures", "sender": None}, "already recorded"),
    ({"sent_on": "not a date"}, "Enter a valid date."),
    ({"sender": 999999}, "Select a valid choice"),
])
def test_bad_notice_gets_a_clear_message_and_saves_nothing(officer_client, seed, changes,
                                                           message):
    if changes.get("sender", 0) is None:
        changes = {**changes, "sender": Party.objects.get(kind="government").pk,
                   "recipient": Party.objects.get(kind="united_nations").pk}
    before = Notice.objects.count()
    response = officer_client.post(reverse("agreements:notice_create", args=[seed.slug]),
                                   notice_form(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Notice.objects.count() == before


@pytest.mark.django_db
def test_scan_of_another_type_is_refused(officer_client, seed):
    scan = SimpleUploadedFile("letter.exe", b"MZ", content_type="application/octet-stream")
    response = officer_client.post(reverse("agreements:notice_create", args=[seed.slug]),
                                   {**notice_form(), "scan": scan})
    assert response.status_code == 200
    assert "File extension “exe” is not allowed" in response.content.decode()
    assert not Notice.objects.filter(reference="DESA/DPADM/2014/17").exists()


@pytest.mark.django_db
def test_a_cleared_scan_field_records_the_notice_without_a_scan(officer_client, seed):
    response = officer_client.post(reverse("agreements:notice_create", args=[seed.slug]),
                                   {**notice_form(), "scan-clear": "on"})
    assert response.status_code == 302
    assert not Notice.objects.get(reference="DESA/DPADM/2014/17").scan


@pytest.mark.django_db
def test_receipt_of_a_pending_termination_notice_is_recorded_on_its_page(officer_client, seed):
    url = reverse("agreements:notice_create", args=[seed.slug])
    officer_client.post(url, notice_form(kind="termination", sent_on="2016-02-01",
                                         received_on="", delivery="diplomatic",
                                         reference="NV-2016-3"))
    notice = Notice.objects.get(reference="NV-2016-3")
    receipt = reverse("agreements:notice_receipt", args=[seed.slug, notice.pk])
    refused = officer_client.post(receipt, {"received_on": "2016-01-15"})
    assert "cannot be received (2016-01-15) before it was sent (2016-02-01)" in \
        refused.content.decode()
    # DESA sent it: its officer records the receipt only with the evidence of it (Art. 11).
    without_evidence = officer_client.post(receipt, {"received_on": "2016-02-08"})
    assert "attach the acknowledgement of receipt" in without_evidence.content.decode()
    evidence = {"received_on": "2016-02-08", "receipt_scan": SimpleUploadedFile(
        "receipt.pdf", pdf_bytes("receipt"), content_type="application/pdf")}
    # Received 8 February 2016 (a leap year): + 60 days = 8 April 2016. The page says so
    # and asks to confirm before it records anything.
    asked = officer_client.post(receipt, evidence).content.decode()
    assert "This cannot be undone." in asked and "2016-04-08" in asked
    assert Notice.objects.get(pk=notice.pk).received_on is None
    evidence["receipt_scan"].seek(0)
    confirmed = officer_client.post(receipt, {**evidence, "confirmed": "yes"})
    assert confirmed.status_code == 302
    page = officer_client.get(reverse("agreements:agreement", args=[seed.slug])).content.decode()
    assert "8 April 2016" in page


@pytest.mark.django_db
def test_a_scan_whose_content_is_not_what_its_name_says_is_refused(officer_client, seed):
    scan = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf",
                              content_type="application/pdf")
    response = officer_client.post(reverse("agreements:notice_create", args=[seed.slug]),
                                   {**notice_form(), "scan": scan})
    assert "The file is not a PDF document." in response.content.decode()
    assert not Notice.objects.filter(reference="DESA/DPADM/2014/17").exists()


@pytest.mark.django_db
def test_a_notice_sent_in_error_is_withdrawn_and_no_longer_blocks_its_kind(officer_client,
                                                                          seed):
    from agreements.actions import lifecycle_of

    url = reverse("agreements:notice_create", args=[seed.slug])
    officer_client.post(url, notice_form(kind="termination", sent_on="2016-02-01",
                                         received_on="", delivery="diplomatic",
                                         reference="NV-2016-3 (in error)"))
    notice = Notice.objects.get(reference="NV-2016-3 (in error)")
    withdraw = reverse("agreements:notice_withdraw", args=[seed.slug, notice.pk])
    refused = officer_client.post(withdraw, {"reason": ""}, follow=True).content.decode()
    assert "Say why the notice is withdrawn." in refused
    officer_client.post(withdraw, {"reason": "Sent to the wrong mission"})
    notice.refresh_from_db()
    assert notice.withdrawn_on is not None
    receipt = reverse("agreements:notice_receipt", args=[seed.slug, notice.pk])
    assert "This notice was withdrawn" in officer_client.post(
        receipt, {"received_on": "2016-02-08"}).content.decode()
    # A new termination notice may now be recorded, and it is the one that counts.
    officer_client.post(url, {**notice_form(kind="termination", sent_on="2016-03-01",
                                            received_on="2016-03-02", delivery="diplomatic",
                                            reference="NV-2016-4"),
                              "receipt_scan": SimpleUploadedFile("ack.pdf", pdf_bytes("ack")),
                              "confirmed": "yes"})
    assert str(lifecycle_of(seed).terminates_on) == "2016-05-01"
    received = Notice.objects.get(reference="NV-2016-4")
    response = officer_client.post(reverse("agreements:notice_withdraw",
                                           args=[seed.slug, received.pk]),
                                   {"reason": "Changed our mind"}, follow=True)
    assert "cannot be withdrawn" in response.content.decode()
