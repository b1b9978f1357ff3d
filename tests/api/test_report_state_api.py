"""An issued report's state through the API: delivered to the Government's officers (as the
outbox recorded it), acknowledged by the Government, each language's PDF with its SHA-256,
the version's fingerprint and its verification URL."""

import hashlib

import pytest
from django.utils import timezone

from notifications.models import OutboxMessage
from reports.issuing import issue_report
from reports.models import IssuedReport
from reports.receipts import acknowledge_report, return_report
from tests.api.clients import BASE, Role, client_with, stranger


@pytest.fixture
def people(funded, token_for):
    found = {}
    for username, role in (("finance1", Role.DESA_FINANCE), ("government", Role.GOVERNMENT),
                           ("auditor", Role.AUDITOR)):
        user, token = token_for(username, funded.agreement, role)
        user.email = f"{username}@example.org"
        user.save()
        found[username] = (user, client_with(token))
    return found


@pytest.fixture
def statement(funded, people) -> IssuedReport:
    return issue_report(fund=funded, kind="statement", year=2014,
                        acting_user=people["finance1"][0], confirmed=True)


@pytest.mark.django_db
def test_an_issued_statement_is_delivered_then_acknowledged(statement, people):
    auditor = people["auditor"][1]
    url = f"{BASE}/reports/{statement.pk}/"
    issued = auditor.get(url).json()
    assert (issued["kind"], issued["year"], issued["version"], issued["issued_by"]) == (
        "statement", 2014, 1, "finance1")
    # Queued for the Government's officer when issued; not yet at a mail server.
    assert [(d["recipient"], d["status"], d["sent_at"]) for d in issued["deliveries"]] == [
        ("government", "queued", None)]
    assert (issued["delivered"], issued["answer"]) == (False, None)

    sent_at = timezone.now()
    # What the mail worker records once the Government's mail server took the message.
    OutboxMessage.objects.filter(topic=f"report:{statement.pk}",
                                 event="report_delivered").update(status="sent",
                                                                  sent_at=sent_at)
    acknowledge_report(report=statement, acting_user=people["government"][0])
    state = auditor.get(url).json()
    assert state["delivered"] is True
    assert state["deliveries"][0]["status"] == "sent"
    assert state["deliveries"][0]["sent_at"] is not None
    assert (state["answer"]["kind"], state["answer"]["answered_by"],
            state["answer"]["comments"]) == ("acknowledged", "government", "")
    # Each language's PDF by its SHA-256, computed here from the stored files.
    stored = IssuedReport.objects.get(pk=statement.pk)
    files = {"en": hashlib.sha256(bytes(stored.pdf)).hexdigest()} | {
        other.language: hashlib.sha256(bytes(other.pdf)).hexdigest()
        for other in stored.translations.all()}
    assert set(files) == {"en", "kk", "ru"}
    assert {language: entry["sha256"] for language, entry in
            state["languages"].items()} == files
    assert state["fingerprint"] == stored.fingerprint and len(state["fingerprint"]) == 64
    assert state["verification_url"].endswith(f"/reports/verify/{stored.fingerprint}/")


@pytest.mark.django_db
def test_a_returned_version_and_the_one_that_answers_it(statement, people, funded):
    return_report(report=statement, comments="Note 3 omits the September rate.",
                  acting_user=people["government"][0])
    second = issue_report(fund=funded, kind="statement", year=2014, reason="Note 3 completed",
                          acting_user=people["finance1"][0])
    versions = people["government"][1].get(f"{BASE}/reports/statement/2014/").json()
    assert [(v["version"], v["answer"]["kind"] if v["answer"] else None, v["answers_version"])
            for v in versions] == [(1, "returned", None), (2, None, 1)]
    assert versions[0]["answer"]["comments"] == "Note 3 omits the September rate."
    assert versions[1]["id"] == second.pk


@pytest.mark.django_db
def test_report_state_is_refused_to_another_fund_and_to_unknown_reports(statement, people,
                                                                        token_for):
    other = stranger(token_for)
    assert other.get(f"{BASE}/reports/{statement.pk}/").status_code == 404
    assert other.get(f"{BASE}/reports/statement/2014/").status_code == 404
    reader = people["auditor"][1]
    assert reader.get(f"{BASE}/reports/{statement.pk + 1000}/").status_code == 404
    assert reader.get(f"{BASE}/reports/gazette/2014/").status_code == 404
    assert reader.get(f"{BASE}/reports/{10 ** 20}/").status_code == 404
    assert reader.get(f"{BASE}/reports/statement/{10 ** 20}/").json() == []
    assert reader.get(f"{BASE}/reports/budget_analysis/2014/").json() == []
    assert reader.post(f"{BASE}/reports/{statement.pk}/", {},
                       format="json").status_code == 405


@pytest.mark.django_db
def test_a_token_downloads_each_languages_pdf_whose_sha256_the_version_lists(statement,
                                                                           people,
                                                                           token_for):
    government = people["government"][1]
    languages = government.get(f"{BASE}/reports/{statement.pk}/").json()["languages"]
    assert set(languages) == {"en", "kk", "ru"}
    for language, listed in languages.items():
        assert f"/api/v1/funds/int-14-x46-a/reports/{statement.pk}/files/pdf/" in listed["pdf"]
        answer = government.get(listed["pdf"].split("testserver", 1)[1])
        assert answer.status_code == 200, language
        assert answer["Content-Type"] == "application/pdf"
        assert hashlib.sha256(answer.content).hexdigest() == listed["sha256"], language
    assert government.get(f"{BASE}/reports/{statement.pk}/files/exe/").status_code == 404
    assert government.get(f"{BASE}/reports/{statement.pk}/files/pdf/?language=de"
                          ).status_code == 404
    assert government.post(f"{BASE}/reports/{statement.pk}/files/pdf/").status_code == 405
    # Another fund's officer: as if there were no such report.
    assert stranger(token_for).get(f"{BASE}/reports/{statement.pk}/files/pdf/"
                                   ).status_code == 404
