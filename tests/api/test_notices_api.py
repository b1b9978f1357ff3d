"""The notices register through the API: each side's officers record the notices their side
sent and the receipt of those it received, as the pages let them (agreements.authority);
withdrawal by the sending side only; corrections with four eyes; refusals as the pages give
them, with nothing written."""

from datetime import date

import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck
from hypothesis import settings as examples
from rest_framework.test import APIClient
from schemathesis.specs.openapi.checks import positive_data_acceptance

from agreements.models import Agreement, Membership, Notice, NoticeCorrection, Party
from api.models import IdempotencyKey
from tests.api.test_schema_fuzz import GENERATED
from tests.documents import pdf_bytes

Role = Membership.Role
BASE = "/api/v1/funds/int-14-x46-a/notices"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media")}}}


@pytest.fixture
def client_for(seed, token_for):
    def make(username: str, role: str, agreement: Agreement | None = None) -> APIClient:
        _user, token = token_for(username, agreement or seed, role)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return make


@pytest.fixture
def government(client_for):
    return client_for("gov1", Role.GOVERNMENT)


@pytest.fixture
def desa(client_for):
    return client_for("finance1", Role.DESA_FINANCE)


@pytest.fixture
def desa_programme(client_for):
    return client_for("programme1", Role.DESA_PROGRAMME)


def letter(sender: str, **extra) -> dict:
    return {"kind": "letter", "sender": sender, "sent_on": "2015-03-02", "delivery": "mail",
            "reference": f"{sender}/2015/7", "subject": "Forum venue", **extra}


def letters() -> int:
    return Notice.objects.filter(kind="letter").count()


@pytest.mark.django_db
def test_a_government_officer_records_the_governments_notice(government):
    response = government.post(f"{BASE}/", letter("government"), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["sender"], body["recipient"], body["state"], body["in_effect"]) == (
        "government", "united_nations", "sent", True)
    assert body["recorded_by"] == "gov1"
    notice = Notice.objects.get(pk=body["id"])
    assert notice.sender.kind == "government" and notice.received_on is None


@pytest.mark.django_db
def test_a_desa_officer_records_desas_notice(desa):
    response = desa.post(f"{BASE}/", letter("united_nations"), format="json")
    assert response.status_code == 201
    assert response.json()["sender_name"] == "United Nations"
    assert Notice.objects.get(pk=response.json()["id"]).recorded_by.username == "finance1"


@pytest.mark.django_db
def test_the_other_sides_notice_is_refused_as_the_page_refuses_it(government, desa):
    before = letters()
    response = government.post(f"{BASE}/", letter("united_nations"), format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "recording_side"
    assert response.json()["message"].startswith("Art. 11: the side that sent a notice "
                                                 "records it")
    response = desa.post(f"{BASE}/", letter("government"), format="json")
    assert response.status_code == 403
    assert letters() == before


@pytest.mark.django_db
def test_the_receiving_side_records_a_notice_with_its_date_received(government):
    response = government.post(f"{BASE}/", letter("united_nations", received_on="2015-03-05"),
                               format="json")
    assert response.status_code == 201
    assert (response.json()["state"], response.json()["received_on"]) == ("received",
                                                                         "2015-03-05")


@pytest.mark.django_db
def test_a_notice_the_agreement_does_not_allow_is_refused_with_the_article(desa):
    # Art. 9: a termination goes through diplomatic channels.
    response = desa.post(f"{BASE}/", {"kind": "termination", "sender": "united_nations",
                                      "sent_on": "2015-06-01", "delivery": "mail"},
                         format="json")
    assert response.status_code == 409
    assert response.json()["message"].startswith("Art. 9")
    assert not Notice.objects.filter(kind="termination").exists()


@pytest.mark.django_db
def test_an_irreversible_receipt_asks_for_its_confirmation_first(government, desa):
    termination = {"kind": "termination", "sender": "united_nations",
                   "sent_on": "2015-06-01", "received_on": "2015-06-03",
                   "delivery": "diplomatic"}
    asked = government.post(f"{BASE}/", termination, format="json")
    assert asked.status_code == 409 and asked.json()["code"] == "confirmation_required"
    assert "2015-08-02" in asked.json()["message"]  # 3 June + 60 days (Art. 9)
    assert not Notice.objects.filter(kind="termination").exists()
    done = government.post(f"{BASE}/", {**termination, "confirmed": True}, format="json")
    assert done.status_code == 201


@pytest.mark.django_db
def test_the_list_shows_each_notice_with_its_state(government, desa):
    sent = desa.post(f"{BASE}/", letter("united_nations"), format="json").json()
    withdrawn = desa.post(f"{BASE}/", letter("united_nations", reference="DESA/2"),
                          format="json").json()
    desa.post(f"{BASE}/{withdrawn['id']}/withdraw/", {"reason": "Sent twice"}, format="json")
    listed = {n["id"]: n for n in government.get(f"{BASE}/").json()}
    # The seed's letter (received 28 November 2014) and domestic procedures notice
    # (received 9 January 2015), then the two letters, in the order sent.
    assert [n["state"] for n in listed.values()] == ["received", "received", "sent",
                                                     "withdrawn"]
    assert listed[sent["id"]]["in_effect"] is True
    assert listed[withdrawn["id"]]["withdrawal_reason"] == "Sent twice"
    assert government.get(f"{BASE}/{sent['id']}/").json()["reference"] == \
        "united_nations/2015/7"


@pytest.mark.django_db
def test_the_receiving_side_records_the_receipt(government, desa):
    notice = desa.post(f"{BASE}/", letter("united_nations"), format="json").json()
    response = government.post(f"{BASE}/{notice['id']}/receipt/",
                               {"received_on": "2015-03-04"}, format="json")
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["receipt_recorded_by"]) == (
        "received", "gov1")
    assert Notice.objects.get(pk=notice["id"]).received_on == date(2015, 3, 4)


@pytest.mark.django_db
def test_the_sending_side_records_a_receipt_only_with_its_evidence(desa):
    notice = desa.post(f"{BASE}/", letter("united_nations"), format="json").json()
    refused = desa.post(f"{BASE}/{notice['id']}/receipt/", {"received_on": "2015-03-04"},
                        format="json")
    assert refused.status_code == 403 and "acknowledgement" in refused.json()["message"]
    assert Notice.objects.get(pk=notice["id"]).received_on is None
    scan = SimpleUploadedFile("ack.pdf", pdf_bytes("ack"), content_type="application/pdf")
    done = desa.post(f"{BASE}/{notice['id']}/receipt/",
                     {"received_on": "2015-03-04", "receipt_scan": scan}, format="multipart")
    assert done.status_code == 200, done.json()
    assert done.json()["has_receipt_scan"] is True


@pytest.mark.django_db
def test_a_notice_is_recorded_with_its_scans_as_multipart_once_for_its_key(desa):
    def body() -> dict:
        return {**letter("united_nations", received_on="2015-03-04"), "confirmed": "false",
                "scan": SimpleUploadedFile("letter.pdf", pdf_bytes("letter")),
                "receipt_scan": SimpleUploadedFile("ack.pdf", pdf_bytes("ack"))}

    before = letters()
    key = {"HTTP_IDEMPOTENCY_KEY": "desa-letter-with-scans"}
    first = desa.post(f"{BASE}/", body(), format="multipart", **key)
    assert first.status_code == 201, first.json()
    assert (first.json()["has_scan"], first.json()["has_receipt_scan"],
            first.json()["state"]) == (True, True, "received")
    again = desa.post(f"{BASE}/", body(), format="multipart", **key)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert letters() == before + 1


@pytest.mark.django_db
def test_a_receipt_before_the_notice_was_sent_is_refused(government, desa):
    notice = desa.post(f"{BASE}/", letter("united_nations"), format="json").json()
    response = government.post(f"{BASE}/{notice['id']}/receipt/",
                               {"received_on": "2015-03-01"}, format="json")
    assert response.status_code == 409
    assert Notice.objects.get(pk=notice["id"]).received_on is None


@pytest.mark.django_db
def test_only_the_sending_side_withdraws_a_notice_not_yet_received(government, desa):
    notice = desa.post(f"{BASE}/", letter("united_nations"), format="json").json()
    refused = government.post(f"{BASE}/{notice['id']}/withdraw/", {"reason": "Not ours"},
                              format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "recording_side"
    assert Notice.objects.get(pk=notice["id"]).withdrawn_on is None
    done = desa.post(f"{BASE}/{notice['id']}/withdraw/", {"reason": "Wrong address"},
                     format="json")
    assert done.status_code == 200 and done.json()["state"] == "withdrawn"
    again = desa.post(f"{BASE}/{notice['id']}/withdraw/", {"reason": "Twice"}, format="json")
    assert again.status_code == 409


@pytest.mark.django_db
def test_a_received_notice_is_corrected_not_withdrawn(government, desa):
    notice = desa.post(f"{BASE}/", letter("united_nations"), format="json").json()
    government.post(f"{BASE}/{notice['id']}/receipt/", {"received_on": "2015-03-04"},
                    format="json")
    response = desa.post(f"{BASE}/{notice['id']}/withdraw/", {"reason": "Oops"},
                         format="json")
    assert response.status_code == 409 and "corrected instead" in response.json()["message"]
    assert Notice.objects.get(pk=notice["id"]).withdrawn_on is None


@pytest.mark.django_db
def test_a_correction_is_proposed_by_one_officer_and_confirmed_by_another(desa,
                                                                           desa_programme):
    notice = desa.post(f"{BASE}/", letter("united_nations"), format="json").json()
    proposed = desa.post(f"{BASE}/{notice['id']}/correct/",
                         {"error": "Sent on the 3rd", "sent_on": "2015-03-03"}, format="json")
    assert proposed.status_code == 201, proposed.json()
    correction = proposed.json()
    assert (correction["status"], correction["sent_on"], correction["kind"]) == (
        "proposed", "2015-03-03", "letter")
    assert desa.get(f"{BASE}/{notice['id']}/").json()["pending_correction"] == correction["id"]
    own = desa.post(f"{BASE}/corrections/{correction['id']}/confirm/", {}, format="json")
    assert own.status_code == 403 and own.json()["code"] == "four_eyes"
    assert Notice.objects.get(pk=notice["id"]).corrected_on is None
    confirmed = desa_programme.post(f"{BASE}/corrections/{correction['id']}/confirm/", {},
                                    format="json")
    assert confirmed.status_code == 200, confirmed.json()
    replacement = confirmed.json()["replacement"]
    original = desa.get(f"{BASE}/{notice['id']}/").json()
    assert (original["state"], original["corrected_by"]) == ("corrected", replacement)
    assert desa.get(f"{BASE}/{replacement}/").json()["sent_on"] == "2015-03-03"


@pytest.mark.django_db
def test_the_other_side_does_not_confirm_a_correction_of_a_notice_it_did_not_send(
        desa, government):
    notice = desa.post(f"{BASE}/", letter("united_nations"), format="json").json()
    correction = desa.post(f"{BASE}/{notice['id']}/correct/",
                           {"error": "Wrong reference", "reference": "DESA/2015/8"},
                           format="json").json()
    response = government.post(f"{BASE}/corrections/{correction['id']}/confirm/", {},
                               format="json")
    assert response.status_code == 403
    assert NoticeCorrection.objects.get(pk=correction["id"]).status == "proposed"
    rejected = government.post(f"{BASE}/corrections/{correction['id']}/reject/",
                               {"note": "The reference was right"}, format="json")
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"


@pytest.mark.django_db
def test_a_correction_that_changes_nothing_is_refused(desa):
    notice = desa.post(f"{BASE}/", letter("united_nations"), format="json").json()
    response = desa.post(f"{BASE}/{notice['id']}/correct/", {"error": "Nothing"},
                         format="json")
    assert response.status_code == 409
    assert not NoticeCorrection.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "fields"), [
    ({}, {"kind", "sender", "sent_on", "delivery"}),
    ({"kind": "postcard", "sender": "desa", "sent_on": "3 March", "delivery": "pigeon"},
     {"kind", "sender", "sent_on", "delivery"}),
    ({**letter("government"), "reference": "x" * 121}, {"reference"}),
])
def test_bad_input_is_refused_field_by_field_and_nothing_written(government, body, fields):
    before = Notice.objects.count()
    response = government.post(f"{BASE}/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == fields
    assert Notice.objects.count() == before


@pytest.mark.django_db
def test_an_empty_withdrawal_reason_is_refused(desa):
    notice = desa.post(f"{BASE}/", letter("united_nations"), format="json").json()
    response = desa.post(f"{BASE}/{notice['id']}/withdraw/", {"reason": " "}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["fields"]
    assert Notice.objects.get(pk=notice["id"]).withdrawn_on is None


@pytest.mark.django_db
def test_another_funds_member_gets_404_and_writes_nothing(seed, client_for, desa):
    other = Agreement.objects.create(slug="other", title="Another fund", reference="Y/2",
                                     signed_on="2015-01-01", signed_at="Geneva")
    stranger = client_for("stranger", Role.DESA_FINANCE, other)
    notice = desa.post(f"{BASE}/", letter("united_nations"), format="json").json()
    before = Notice.objects.count()
    assert stranger.get(f"{BASE}/").status_code == 404
    assert stranger.get(f"{BASE}/{notice['id']}/").status_code == 404
    assert stranger.post(f"{BASE}/", letter("united_nations"), format="json"
                         ).status_code == 404
    assert stranger.post(f"{BASE}/{notice['id']}/withdraw/", {"reason": "x"},
                         format="json").status_code == 404
    assert Notice.objects.count() == before
    assert Notice.objects.get(pk=notice["id"]).withdrawn_on is None


@pytest.mark.django_db
def test_an_auditor_reads_the_register_but_records_nothing(client_for):
    auditor = client_for("auditor1", Role.AUDITOR)
    assert auditor.get(f"{BASE}/").status_code == 200
    before = letters()
    assert auditor.post(f"{BASE}/", letter("government"), format="json").status_code == 403
    assert letters() == before


@pytest.mark.django_db
def test_a_notice_of_another_agreement_is_not_found(desa, seed):
    other = Agreement.objects.create(slug="other", title="Another fund", reference="Y/2",
                                     signed_on="2015-01-01", signed_at="Geneva")
    foreign = Notice.objects.create(
        agreement=other, kind="letter", sender=Party.objects.get(kind="government"),
        recipient=Party.objects.get(kind="united_nations"), sent_on=date(2015, 2, 1),
        delivery="mail")
    assert desa.get(f"{BASE}/{foreign.pk}/").status_code == 404
    assert desa.post(f"{BASE}/{foreign.pk}/withdraw/", {"reason": "x"},
                     format="json").status_code == 404
    assert Notice.objects.get(pk=foreign.pk).withdrawn_on is None


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), [
    ("delete", "/"), ("put", "/1/"), ("get", "/1/receipt/"), ("get", "/1/withdraw/"),
    ("patch", "/1/correct/"), ("get", "/corrections/1/confirm/"),
])
def test_a_wrong_method_is_405(government, method, path):
    before = Notice.objects.count()
    response = getattr(government, method)(f"{BASE}{path}")
    assert response.status_code == 405
    assert Notice.objects.count() == before


@pytest.mark.django_db
def test_a_retried_record_with_its_idempotency_key_records_one_notice(government):
    key = {"HTTP_IDEMPOTENCY_KEY": "gov-letter-2015-03-02"}
    before = letters()
    first = government.post(f"{BASE}/", letter("government"), format="json", **key)
    again = government.post(f"{BASE}/", letter("government"), format="json", **key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert letters() == before + 1
    other = government.post(f"{BASE}/", letter("government", subject="Another"),
                            format="json", **key)
    assert other.status_code == 422 and letters() == before + 1
    assert IdempotencyKey.objects.filter(key="gov-letter-2015-03-02").count() == 1


@pytest.mark.django_db
def test_a_refused_record_is_replayed_for_its_key(government):
    key = {"HTTP_IDEMPOTENCY_KEY": "gov-records-desa"}
    before = letters()
    first = government.post(f"{BASE}/", letter("united_nations"), format="json", **key)
    again = government.post(f"{BASE}/", letter("united_nations"), format="json", **key)
    assert first.status_code == again.status_code == 403
    assert again["Idempotent-Replayed"] == "true" and letters() == before


NOTICE_PATHS = schemathesis.openapi.from_dict(GENERATED).include(path_regex=r"/notices/")


@pytest.fixture
def fuzz_setup(seed, token_for) -> tuple[str, int]:
    """A DESA officer's token, and the seed's letter, so that the acts reach the register's
    rules rather than a 404."""
    _user, token = token_for("finance1", seed, Role.DESA_FINANCE)
    return token, seed.notices.get(kind="letter").pk


@pytest.mark.django_db(transaction=True)
@NOTICE_PATHS.parametrize()
@examples(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_notice_endpoints_conform_to_their_schema(case, live_server, fuzz_setup):
    token, letter_id = fuzz_setup
    case.path_parameters["slug"] = "int-14-x46-a"
    if "pk" in case.path_parameters and "corrections" not in case.path:
        case.path_parameters["pk"] = letter_id
    case.call_and_validate(base_url=live_server.url,
                           headers={"Authorization": f"Token {token}"},
                           excluded_checks=[positive_data_acceptance])
