"""The figures of the seed fund's 2014 financial statement (Art. 5(b)) and budget analysis
(Art. 5(c)) as JSON, draft and issued, worked out by hand from the postings made here; drafts
only for those who may see drafts, issued versions for everyone who may download reports."""

import pytest

from reports.issuing import issue_report
from reports.models import IssuedReport
from tests.api.clients import BASE, Role, client_of, client_with, stranger


@pytest.fixture
def finance(funded, token_for):
    """The year posted through the API: 500,000.00 received (the fixture's #1); 1,000.00
    interest; the coordinator paid 12,000.00 on 1101 (a salary: reserve 1% = 120.00, PSC 13%
    of 12,120.00 = 1,575.60); the printing house's 2,000.00 on 5201 still committed at
    31 December."""
    user, token = token_for("finance1", funded.agreement, Role.DESA_FINANCE)
    client = client_with(token)
    for what, body in [
            ("income", {"amount": "1000.00", "value_date": "2014-12-01"}),
            ("expenditures", {"line": "1101", "amount": "12000.00",
                              "value_date": "2014-08-31", "payee": "Project coordinator"}),
            ("commitments", {"line": "5201", "amount": "2000.00", "value_date": "2014-11-03",
                             "payee": "Astana printing house"})]:
        assert client.post(f"{BASE}/{what}/", body, format="json").status_code == 201
    return user, client


@pytest.fixture
def year_2014(funded, finance):
    return funded


# By hand: closing cash 500,000.00 + 1,000.00 - 12,120.00 - 1,575.60 = 487,304.40; open
# commitments 2,000.00 with no reserve (5201 is no salary) and PSC 13% of it = 260.00;
# available 487,304.40 - 2,000.00 - 260.00 = 485,044.40. What leaves the fund is negative.
STATEMENT_2014 = {
    "Cash balance at 1 January": "0.00",
    "Contributions received": "500000.00",
    "Interest and other income": "1000.00",
    "Total expenditure (reserve for claims included)": "-12120.00",
    "Programme support costs": "-1575.60",
    "Cash balance at 31 December": "487304.40",
    "Open commitments at 31 December": "-2000.00",
    "Programme support they will carry": "-260.00",
    "Balance available after open commitments": "485044.40",
}


def statement_rows(body: dict) -> dict[str, str]:
    table = body["document"]["tables"][0]
    return {row["cells"][0]: row["cells"][1] for row in table["rows"]
            if row["cells"][0] in STATEMENT_2014}


def analysis_row(body: dict, code: str) -> list[str]:
    rows = body["document"]["tables"][0]["rows"]
    return next(row["cells"][1:] for row in rows if row["cells"][0].startswith(code))


@pytest.mark.django_db
def test_the_draft_statement_s_figures_are_the_ledger_s_worked_out_by_hand(finance):
    _user, client = finance
    response = client.get(f"{BASE}/statements/2014/")
    assert response.status_code == 200
    body = response.json()
    assert (body["kind"], body["year"], body["state"], body["version"]) == (
        "statement", 2014, "draft", None)
    assert statement_rows(body) == STATEMENT_2014


@pytest.mark.django_db
def test_the_draft_budget_analysis_s_figures_worked_out_by_hand(finance):
    _user, client = finance
    body = client.get(f"{BASE}/budget-analyses/2014/").json()
    assert body["state"] == "draft"
    # Budget, earlier years, the year, cumulative, open commitments, reserve they hold,
    # unspent, needs in later years.
    assert analysis_row(body, "1101") == ["55000.00", "0.00", "12120.00", "12120.00", "0.00",
                                          "0.00", "42880.00", "42880.00"]
    assert analysis_row(body, "5201") == ["18000.00", "0.00", "0.00", "0.00", "2000.00",
                                          "0.00", "18000.00", "16000.00"]
    # 5601: the PSC charged, and the PSC the open commitment will carry (13% of 2,000.00).
    assert analysis_row(body, "5601") == ["57522.00", "0.00", "1575.60", "1575.60", "260.00",
                                          "0.00", "55946.40", "55686.40"]


@pytest.mark.django_db
def test_issued_figures_are_what_the_version_recorded(finance, year_2014, token_for,
                                                      make_user):
    user, client = finance
    government = client_of(token_for, "government", year_2014.agreement, Role.GOVERNMENT)
    assert client.get(f"{BASE}/statements/2014/issued/").status_code == 404  # none yet
    report = issue_report(fund=year_2014, kind="statement", year=2014, acting_user=user,
                          confirmed=True)
    for reader in (client, government):
        response = reader.get(f"{BASE}/statements/2014/issued/")
        assert response.status_code == 200
        body = response.json()
        assert (body["state"], body["version"], body["fingerprint"], body["sha256"]) == (
            "issued", 1, report.fingerprint, report.sha256)
        assert statement_rows(body) == STATEMENT_2014
        assert body["document"] == IssuedReport.objects.get(pk=report.pk).figures
    russian = client.get(f"{BASE}/statements/2014/issued/", {"language": "ru"}).json()
    assert russian["sha256"] == report.translations.get(language="ru").sha256
    assert russian["document"]["tables"][0]["rows"][1]["cells"][1] == "500000.00"
    assert client.get(f"{BASE}/statements/2014/issued/", {"version": 2}).status_code == 404
    assert client.get(f"{BASE}/statements/2014/issued/",
                      {"language": "xx"}).status_code == 400
    # The budget analysis is DESA's, issued by a programme officer.
    programme = make_user("programme1", agreement=year_2014.agreement,
                          role=Role.DESA_PROGRAMME)
    analysis = issue_report(fund=year_2014, kind="budget_analysis", year=2014,
                            acting_user=programme)
    issued = government.get(f"{BASE}/budget-analyses/2014/issued/", {"version": 1}).json()
    assert (issued["version"], issued["fingerprint"]) == (1, analysis.fingerprint)
    assert analysis_row(issued, "5201")[4] == "2000.00"


@pytest.mark.django_db
def test_the_government_may_not_read_draft_figures(year_2014, token_for):
    government = client_of(token_for, "government", year_2014.agreement, Role.GOVERNMENT)
    assert government.get(f"{BASE}/statements/2014/").status_code == 403
    assert government.get(f"{BASE}/budget-analyses/2014/").status_code == 403


@pytest.mark.django_db
def test_another_fund_s_token_gets_404_and_a_year_without_a_report_too(finance, token_for):
    other = stranger(token_for)
    for url in ["statements/2014/", "statements/2014/issued/", "budget-analyses/2014/",
                "budget-analyses/2014/issued/"]:
        assert other.get(f"{BASE}/{url}").status_code == 404, url
    _user, client = finance
    before_start = client.get(f"{BASE}/statements/2013/")
    assert before_start.status_code == 404
    assert "has no report for 2013" in before_start.json()["message"]
    huge = 10 ** 20  # beyond any database integer: still a plain 404
    assert client.get(f"{BASE}/statements/{huge}/issued/").status_code == 404
    assert client.get(f"{BASE}/budget-analyses/{huge}/").status_code == 404
    assert client.post(f"{BASE}/statements/2014/", {}, format="json").status_code == 405
