"""The REST API: token access, ledger sync by sequence, idempotent posting, errors."""

from decimal import Decimal as D

import pytest
from rest_framework.test import APIClient

from agreements.models import Agreement, Membership
from budget.models import Entry

BASE = "/api/v1/funds/int-14-x46-a"
EXPENDITURE = {"line": "1101", "amount": "12000.00", "value_date": "2014-08-31",
               "payee": "Project coordinator", "reference": "PAY-2014-08"}


@pytest.mark.django_db
def test_a_client_posts_an_expenditure_and_reads_it_with_its_charges(finance_client):
    response = finance_client.post(f"{BASE}/expenditures/", EXPENDITURE, format="json")
    assert response.status_code == 201
    assert response.json()["sequence"] == 2
    page = finance_client.get(f"{BASE}/entries/", {"after": 1}).json()
    # 12,000 salary: reserve 120.00; PSC 13% of 12,120 = 1,575.60.
    assert [(e["sequence"], e["kind"], e["amount"]) for e in page["results"]] == [
        (2, "expenditure", "12000.00"), (3, "reserve", "120.00"), (4, "psc", "1575.60")]


@pytest.mark.django_db
def test_the_same_key_twice_posts_once_and_another_body_is_refused(finance_client):
    headers = {"HTTP_IDEMPOTENCY_KEY": "pay-2014-08-coordinator"}
    first = finance_client.post(f"{BASE}/expenditures/", EXPENDITURE, format="json", **headers)
    again = finance_client.post(f"{BASE}/expenditures/", EXPENDITURE, format="json", **headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Entry.objects.filter(kind="expenditure").count() == 1
    other = finance_client.post(f"{BASE}/expenditures/", {**EXPENDITURE, "amount": "1.00"},
                                format="json", **headers)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert Entry.objects.filter(kind="expenditure").count() == 1


@pytest.mark.django_db
def test_ledger_pages_follow_the_sequence_with_a_cursor(finance_client):
    for day in range(1, 6):
        finance_client.post(f"{BASE}/commitments/", {
            "line": "5301", "amount": "10.00", "value_date": f"2014-09-0{day}"},
            format="json")
    seen, url = [], f"{BASE}/entries/?page_size=2"
    while url:
        page = finance_client.get(url).json()
        seen += [e["sequence"] for e in page["results"]]
        url = page["next"]
    assert seen == [1, 2, 3, 4, 5, 6]
    csv_body = b"".join(finance_client.get(f"{BASE}/entries.csv",
                                           {"kind": "commitment"}).streaming_content).decode()
    lines = csv_body.splitlines()
    assert lines[0].startswith("sequence,kind,line_code")
    # The header, the 5 commitments (#2..#6), and the trailer that counts them.
    assert [line.split(",")[0] for line in lines] == ["sequence", "2", "3", "4", "5", "6",
                                                      "#end"]
    assert lines[-1] == "#end,5"


@pytest.mark.django_db
def test_errors_are_json_with_a_code(finance_client):
    bad = finance_client.post(f"{BASE}/expenditures/", {**EXPENDITURE, "amount": "1.001",
                                                        "line": "x"}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()["fields"]) == {"amount", "line"}
    refused = finance_client.post(f"{BASE}/commitments/", {
        "line": "5301", "amount": "7000.00", "value_date": "2014-09-01"}, format="json")
    assert refused.status_code == 409
    assert refused.json() == {"code": "line_budget",
                              "message": "Line 5301 has 6,478.00 available; this needs "
                                         "7,000.00. The most it can take now is 6,478.00.",
                              "available": "6478.00", "needed": "7000.00",
                              "largest": "6478.00"}
    assert finance_client.get("/api/v1/funds/no-such-fund/").json()["code"] == "not_found"
    bad_filter = finance_client.get(f"{BASE}/entries/", {"after": "x", "kind": "gift"})
    assert bad_filter.status_code == 400 and set(bad_filter.json()["fields"]) == {"after",
                                                                                  "kind"}
    assert APIClient().get(f"{BASE}/entries/").status_code == 401


@pytest.mark.django_db
def test_a_token_of_fund_a_reads_and_writes_nothing_of_fund_b(funded, token_for):
    other = Agreement.objects.create(slug="int-15-x01-a", title="Another", reference="X/1",
                                     signed_on="2015-01-01", signed_at="Geneva")
    _user, token = token_for("ruritania", other, Membership.Role.DESA_FINANCE)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert [f["slug"] for f in client.get("/api/v1/funds/").json()["results"]] == []
    for url in [f"{BASE}/", f"{BASE}/entries/", f"{BASE}/budget/", f"{BASE}/agreement/",
                f"{BASE}/reports/", f"{BASE}/participants/"]:
        assert client.get(url).status_code == 404, url
    before = Entry.objects.count()
    response = client.post(f"{BASE}/expenditures/", EXPENDITURE, format="json")
    assert response.status_code == 404 and Entry.objects.count() == before


@pytest.mark.django_db
def test_an_auditor_reads_but_may_not_post(funded, token_for):
    _user, token = token_for("auditor", funded.agreement, Membership.Role.AUDITOR)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(f"{BASE}/budget/").status_code == 200
    assert client.post(f"{BASE}/expenditures/", EXPENDITURE, format="json").status_code == 403


@pytest.mark.django_db
def test_budget_resource_shows_the_line_figures(finance_client):
    finance_client.post(f"{BASE}/expenditures/", EXPENDITURE, format="json")
    lines = {line["code"]: line for line in finance_client.get(f"{BASE}/budget/").json()}
    assert (lines["1101"]["spent"], lines["1101"]["available"]) == ("12120.00", "42880.00")
    assert lines["5601"]["spent"] == "1575.60"
    assert D(lines["3201"]["budget"]) == D("273000")


@pytest.mark.django_db
def test_tokens_are_made_and_revoked_on_a_page(client, seed, make_user):
    from knox.models import AuthToken

    client.force_login(make_user("finance1", agreement=seed,
                                 role=Membership.Role.DESA_FINANCE))
    page = client.post("/api/tokens/", {"days": 30}).content.decode()
    token = AuthToken.objects.get()
    assert "copy it now" in page and token.token_key in page
    api = APIClient()
    import re

    full = re.search(r"<code>([0-9a-f]{64})</code>", page).group(1)
    api.credentials(HTTP_AUTHORIZATION=f"Token {full}")
    assert api.get("/api/v1/funds/").status_code == 200
    client.post(f"/api/tokens/{token.token_key}/revoke/")
    assert api.get("/api/v1/funds/").status_code == 401


@pytest.mark.django_db
def test_personal_data_only_for_forum_organisers(funded, token_for):
    from tests.conftest import load_seed_files

    load_seed_files(ledger=False)
    for username, role, sees in [("programme1", Membership.Role.DESA_PROGRAMME, True),
                                 ("auditor", Membership.Role.AUDITOR, False)]:
        _user, token = token_for(username, funded.agreement, role)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        first = client.get(f"{BASE}/participants/").json()["results"][0]
        assert ("passport_number" in first) is sees


@pytest.mark.django_db
def test_docs_page_and_its_assets_are_served_by_the_portal(client, seed, make_user):
    client.force_login(make_user("finance1", agreement=seed,
                                 role=Membership.Role.DESA_FINANCE))
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn" not in docs.lower()
    schema = client.get("/api/schema/?format=json").json()
    assert "/api/v1/funds/{slug}/entries/" in schema["paths"]


@pytest.mark.django_db
def test_entries_csv_quotes_cells_that_look_like_formulas(finance_client):
    finance_client.post(f"{BASE}/expenditures/", {**EXPENDITURE,
                                                  "payee": "=cmd|' /C calc'!A0"},
                        format="json")
    body = b"".join(finance_client.get(f"{BASE}/entries.csv").streaming_content).decode()
    assert "'=cmd" in body


@pytest.mark.django_db
def test_a_member_of_an_agreement_without_a_fund_gets_404(token_for):
    agreement = Agreement.objects.create(slug="no-fund", title="No fund yet", reference="Y/1",
                                         signed_on="2015-01-01", signed_at="Geneva")
    _user, token = token_for("early", agreement, Membership.Role.DESA_FINANCE)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/funds/no-fund/entries/").status_code == 404


@pytest.mark.django_db
def test_an_idempotency_key_with_control_characters_is_refused(finance_client):
    response = finance_client.post(f"{BASE}/expenditures/", EXPENDITURE, format="json",
                                   HTTP_IDEMPOTENCY_KEY="key\x00with-nul")
    assert response.status_code == 400 and Entry.objects.filter(kind="expenditure").count() == 0


@pytest.mark.django_db
def test_the_agreement_shows_a_withdrawn_notice_with_its_withdrawal(finance_client, funded):
    from datetime import date

    from agreements.actions import NoticeDraft, record_notice, withdraw_notice
    from agreements.models import Party

    notice = record_notice(agreement=funded.agreement, acting_user=None, draft=NoticeDraft(
        kind="termination", sender=Party.objects.get(kind="united_nations"),
        recipient=Party.objects.get(kind="government"), sent_on=date(2016, 2, 1),
        received_on=None, delivery="diplomatic", reference="DESA/16/2"))
    withdraw_notice(notice=notice, reason="Sent to the wrong mission", acting_user=None,
                    today=date(2016, 2, 3))
    notices = finance_client.get(f"{BASE}/agreement/").json()["notices"]
    shown = next(n for n in notices if n["reference"] == "DESA/16/2")
    assert (shown["withdrawn_on"], shown["withdrawal_reason"], shown["in_effect"]) == (
        "2016-02-03", "Sent to the wrong mission", False)
    assert finance_client.get(f"{BASE}/agreement/").json()["lifecycle"]["terminates_on"] is None
