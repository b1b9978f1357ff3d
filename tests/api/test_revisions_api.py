"""Budget revisions through the API: proposed by one officer, approved or rejected by
another (four eyes), through budget.revisions as the pages do; the budget the API serves
follows an approval; refusals as the pages give them, with nothing written."""

from decimal import Decimal as D

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as examples
from rest_framework.test import APIClient
from schemathesis.specs.openapi.checks import positive_data_acceptance

from agreements.models import Agreement, Membership, Notice
from api.models import IdempotencyKey
from budget.models import BudgetVersion, Revision
from budget.revisions import propose_revision
from tests.api.test_schema_fuzz import GENERATED

Role = Membership.Role
FUND = "/api/v1/funds/int-14-x46-a"
BASE = f"{FUND}/revisions"


@pytest.fixture
def client_for(seed, token_for):
    def make(username: str, role: str, agreement: Agreement | None = None) -> APIClient:
        _user, token = token_for(username, agreement or seed, role)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return make


@pytest.fixture
def finance(client_for):
    return client_for("finance1", Role.DESA_FINANCE)


@pytest.fixture
def programme(client_for):
    return client_for("programme1", Role.DESA_PROGRAMME)


@pytest.fixture
def seed_letter(seed) -> Notice:
    """The seed's letter DESA/DPADM/2014/212, received on 28 November 2014: 1,000 from 5301
    to 5201 (Annex B, section 4.3)."""
    return seed.notices.get(kind="letter")


def reallocation(letter: Notice, **extra) -> dict:
    return {"reason": "Reports cost more than planned", "letter": letter.pk,
            "lines": {"5201": "19000.00", "5301": "5478.00"}, **extra}


def budget_of(client: APIClient) -> dict[str, dict]:
    return {line["code"]: line for line in client.get(f"{FUND}/budget/").json()}


@pytest.mark.django_db
def test_a_revision_is_approved_only_by_a_second_officer_and_moves_the_budget(
        finance, programme, seed_letter):
    proposed = finance.post(f"{BASE}/", reallocation(seed_letter), format="json")
    assert proposed.status_code == 201, proposed.json()
    body = proposed.json()
    assert (body["number"], body["status"], body["proposed_by"], body["effective_on"]) == (
        1, "proposed", "finance1", "2014-11-28")  # the day the letter was received
    assert {c["line"]: (c["old_amount"], c["new_amount"]) for c in body["changes"]} == {
        "5201": ("18000.00", "19000.00"), "5301": ("6478.00", "5478.00")}

    own = finance.post(f"{BASE}/1/approve/", {}, format="json")
    assert own.status_code == 403 and own.json()["code"] == "four_eyes"
    assert Revision.objects.get().status == "proposed"
    assert BudgetVersion.objects.filter(fund__agreement__slug="int-14-x46-a").count() == 1

    approved = programme.post(f"{BASE}/1/approve/", {}, format="json")
    assert approved.status_code == 200, approved.json()
    assert (approved.json()["status"], approved.json()["version"],
            approved.json()["decided_by"]) == ("approved", 2, "programme1")
    # Annex B's 18,000 + 1,000 and 6,478 - 1,000; nothing committed or spent yet.
    lines = budget_of(finance)
    assert (lines["5201"]["budget"], lines["5201"]["available"]) == ("19000.00", "19000.00")
    assert (lines["5301"]["budget"], lines["5301"]["available"]) == ("5478.00", "5478.00")
    again = programme.post(f"{BASE}/1/approve/", {}, format="json")
    assert again.status_code == 409 and "already approved" in again.json()["message"]


@pytest.mark.django_db
def test_a_revision_is_rejected_with_a_note_by_another_officer(finance, programme,
                                                                seed_letter):
    finance.post(f"{BASE}/", reallocation(seed_letter), format="json")
    own = finance.post(f"{BASE}/1/reject/", {"note": "No"}, format="json")
    assert own.status_code == 403 and own.json()["code"] == "four_eyes"
    no_note = programme.post(f"{BASE}/1/reject/", {"note": ""}, format="json")
    assert no_note.status_code == 400 and "note" in no_note.json()["fields"]
    rejected = programme.post(f"{BASE}/1/reject/", {"note": "Wait for the 2015 plan"},
                              format="json")
    assert rejected.status_code == 200
    assert (rejected.json()["status"], rejected.json()["decision_note"]) == (
        "rejected", "Wait for the 2015 plan")
    assert budget_of(finance)["5201"]["budget"] == "18000.00"
    listed = programme.get(f"{BASE}/").json()
    assert [(r["number"], r["status"]) for r in listed] == [(1, "rejected")]
    assert programme.get(f"{BASE}/1/").json()["reason"] == "Reports cost more than planned"


@pytest.mark.django_db
def test_a_revision_changing_the_total_without_an_amendment_is_refused_with_the_figure(
        finance, seed_letter):
    response = finance.post(f"{BASE}/", reallocation(
        seed_letter, lines={"5201": "19000.00"}), format="json")
    assert response.status_code == 409
    assert "by 1,000.00" in response.json()["message"]
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_the_government_may_not_propose_a_revision(client_for, seed_letter):
    government = client_for("gov1", Role.GOVERNMENT)
    assert government.get(f"{BASE}/").status_code == 200
    response = government.post(f"{BASE}/", reallocation(seed_letter), format="json")
    assert response.status_code == 403
    assert not Revision.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "fields"), [
    ({"reason": "", "lines": {}}, {"reason", "lines"}),
    ({"lines": {"9999": "1.00"}}, {"lines"}),
    ({"lines": {"5601": "50000.00"}}, {"lines"}),  # programme support follows the rate
    ({"lines": {"5201": 19000}}, {"lines"}),
    ({"lines": {"5201": "-1.00"}}, {"lines"}),
    ({"effective_on": "28/11/2014", "amendment": "x"}, {"effective_on", "amendment"}),
])
def test_bad_input_is_refused_field_by_field_and_nothing_written(finance, seed_letter,
                                                                   change, fields):
    response = finance.post(f"{BASE}/", reallocation(seed_letter, **change), format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == fields
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_only_a_received_letter_or_amendment_is_cited(finance, seed):
    domestic = seed.notices.get(kind="domestic_procedures")
    response = finance.post(f"{BASE}/", reallocation(domestic), format="json")
    assert response.status_code == 400 and set(response.json()["fields"]) == {"letter"}
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_a_revision_dated_before_its_letter_is_refused_on_its_field(finance, seed_letter):
    response = finance.post(f"{BASE}/", reallocation(seed_letter, effective_on="2014-11-01"),
                            format="json")
    assert response.status_code == 400
    assert "effective_on" in response.json()["fields"]
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_another_funds_member_gets_404_and_writes_nothing(client_for, finance, seed_letter):
    other = Agreement.objects.create(slug="other", title="Another fund", reference="Y/2",
                                     signed_on="2015-01-01", signed_at="Geneva")
    stranger = client_for("stranger", Role.DESA_PROGRAMME, other)
    finance.post(f"{BASE}/", reallocation(seed_letter), format="json")
    assert stranger.get(f"{BASE}/").status_code == 404
    assert stranger.get(f"{BASE}/1/").status_code == 404
    assert stranger.post(f"{BASE}/", reallocation(seed_letter), format="json"
                         ).status_code == 404
    assert stranger.post(f"{BASE}/1/approve/", {}, format="json").status_code == 404
    assert Revision.objects.get().status == "proposed"


@pytest.mark.django_db
@pytest.mark.parametrize("number", [0, 2, 99999999999999])
def test_a_revision_not_there_is_404(finance, seed_letter, number):
    finance.post(f"{BASE}/", reallocation(seed_letter), format="json")
    assert finance.get(f"{BASE}/{number}/").status_code == 404
    assert finance.post(f"{BASE}/{number}/approve/", {}, format="json").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), [
    ("delete", "/"), ("put", "/1/"), ("post", "/1/"), ("get", "/1/approve/"),
    ("get", "/1/reject/"),
])
def test_a_wrong_method_is_405(finance, seed_letter, method, path):
    finance.post(f"{BASE}/", reallocation(seed_letter), format="json")
    response = getattr(finance, method)(f"{BASE}{path}", {}, format="json")
    assert response.status_code == 405
    assert Revision.objects.get().status == "proposed"


@pytest.mark.django_db
def test_a_retried_proposal_with_its_idempotency_key_proposes_once(finance, seed_letter):
    key = {"HTTP_IDEMPOTENCY_KEY": "revision-5301-5201"}
    first = finance.post(f"{BASE}/", reallocation(seed_letter), format="json", **key)
    again = finance.post(f"{BASE}/", reallocation(seed_letter), format="json", **key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Revision.objects.count() == 1
    assert IdempotencyKey.objects.get(key="revision-5301-5201").status_code == 201


@pytest.mark.django_db
def test_a_retried_approval_with_its_idempotency_key_approves_once(finance, programme,
                                                                  seed_letter):
    finance.post(f"{BASE}/", reallocation(seed_letter), format="json")
    key = {"HTTP_IDEMPOTENCY_KEY": "approve-1"}
    first = programme.post(f"{BASE}/1/approve/", {}, format="json", **key)
    again = programme.post(f"{BASE}/1/approve/", {}, format="json", **key)
    assert (first.status_code, again.status_code) == (200, 200)
    assert again["Idempotent-Replayed"] == "true"
    assert BudgetVersion.objects.filter(fund__agreement__slug="int-14-x46-a").count() == 2


REVISION_PATHS = schemathesis.openapi.from_dict(GENERATED).include(path_regex=r"/revisions/")


@pytest.fixture
def fuzz_token(seed, token_for, make_user) -> str:
    """A DESA finance officer's token, and revision 1 proposed by another officer, so that
    its approval and rejection reach the rules rather than a 404."""
    proposer = make_user("programme1", agreement=seed, role=Role.DESA_PROGRAMME)
    propose_revision(fund=seed.fund, new_amounts={"5201": D("19000.00"),
                                                  "5301": D("5478.00")},
                     reason="Reports", letter=seed.notices.get(kind="letter"),
                     acting_user=proposer)
    return token_for("finance1", seed, Role.DESA_FINANCE)[1]


@pytest.mark.django_db(transaction=True)
@REVISION_PATHS.parametrize()
@examples(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_revision_endpoints_conform_to_their_schema(case, live_server, fuzz_token):
    case.path_parameters["slug"] = "int-14-x46-a"
    if "number" in case.path_parameters:
        case.path_parameters["number"] = 1
    case.call_and_validate(base_url=live_server.url,
                           headers={"Authorization": f"Token {fuzz_token}"},
                           excluded_checks=[positive_data_acceptance])
