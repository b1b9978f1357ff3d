"""Art. 5: the Government receives the reports. Issuing delivers a version to the Government's
officers by mail (its link and SHA-256); a Government officer acknowledges its receipt or
returns it with comments; the calendar shows issued, delivered, acknowledged or returned;
a returned version is answered by the next one."""

import hashlib
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from agreements.models import Agreement, Membership
from notifications.models import OutboxMessage
from reports.issuing import issue_report
from reports.models import IssuedReport, ReportResponse
from reports.receipts import acknowledge_report, return_report
from tests.mail_server import MailServer, text_of
from tests.worker import run_queued_tasks

Role = Membership.Role
REPORT = "/funds/int-14-x46-a/reports/statement/2014/"


@pytest.fixture
def officers(demo_fund, make_user):
    agreement = demo_fund.agreement
    found = {}
    for key, username, role in (("finance", "finance1", Role.DESA_FINANCE),
                                ("government", "government", Role.GOVERNMENT),
                                ("auditor", "auditor", Role.AUDITOR)):
        user = make_user(username, agreement=agreement, role=role)
        user.email = f"{username}@example.org"
        user.save()
        found[key] = user
    return found


@pytest.fixture
def statement(demo_fund, officers) -> IssuedReport:
    return issue_report(fund=demo_fund, kind="statement", year=2014,
                        acting_user=officers["finance"], confirmed=True)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def calendar_status(client: Client) -> str:
    page = client.get("/funds/int-14-x46-a/reports/").content.decode()
    row = re.search(r"<tr[^>]*>\s*<td><a href=\"/funds/int-14-x46-a/reports/statement/2014/\">"
                    r".*?</tr>", page, re.S).group(0)
    return re.findall(r"<td>([^<]*)</td>", row)[2]


@pytest.mark.django_db(transaction=True)
def test_issuing_delivers_the_report_with_its_sha256_and_the_calendar_says_so(
        demo_fund, officers):
    issued = issue_report(fund=demo_fund, kind="statement", year=2014,
                          acting_user=officers["finance"], confirmed=True)
    finance = signed_in(officers["finance"])
    assert calendar_status(finance) == "issued"
    with MailServer() as server:
        run_queued_tasks(EMAIL_URL=server.url)
    [delivery] = server.mailbox.to("government@example.org")
    text = text_of(delivery)
    assert "under Article 5 of the agreement" in text
    # The file at the mail's link is the file whose SHA-256 the mail gives.
    link = re.search(r"https://localhost(/funds/\S+\.pdf\?language=en)", text).group(1)
    sha = re.search(r"SHA-256: ([0-9a-f]{64})", text).group(1)
    pdf = signed_in(officers["government"]).get(link).content
    assert hashlib.sha256(pdf).hexdigest() == sha
    # The verification address printed on the report is in the mail too, and anyone (no
    # sign-in) who opens it finds the file's SHA-256 there.
    verify = re.search(r"https://localhost(/reports/verify/[0-9a-f]{64}/)", text).group(1)
    assert verify == f"/reports/verify/{issued.fingerprint}/"
    public = Client().get(verify)
    assert public.status_code == 200 and sha in public.content.decode()
    # The auditor is told too (not the formal delivery); the issuer is not.
    assert len(server.mailbox.to("auditor@example.org")) == 1
    assert server.mailbox.to("finance1@example.org") == []
    assert calendar_status(finance) == "delivered"
    assert delivery["Subject"].strip() == (
        f"INT/14/X46/A: (b) Annual financial statement for 2014 (version {issued.version}) "
        "delivered to the Government")


@pytest.mark.django_db
def test_the_government_acknowledges_receipt_on_the_report_page(statement, officers):
    government = signed_in(officers["government"])
    assert "Acknowledge receipt" in government.get(REPORT).content.decode()
    response = government.post(f"/funds/int-14-x46-a/reports/issued/{statement.pk}/answer/",
                               {"answer": "acknowledged"})
    assert response.status_code == 302
    answer = ReportResponse.objects.get(report=statement)
    assert (answer.kind, answer.answered_by) == ("acknowledged", officers["government"])
    page = government.get(REPORT).content.decode()
    assert "receipt acknowledged: government," in page and "Acknowledge receipt" not in page
    assert f'href="/reports/verify/{statement.fingerprint}/"' in page
    assert calendar_status(government) == "acknowledged"
    # The issuer hears of it.
    told = OutboxMessage.objects.get(event="report_answered")
    assert told.recipient == officers["finance"]
    assert "acknowledged (b) Annual financial statement for 2014 (version 1)" in told.subject


@pytest.mark.django_db
def test_a_returned_report_is_reissued_as_a_version_that_cites_the_comments(
        demo_fund, statement, officers):
    government = signed_in(officers["government"])
    url = f"/funds/int-14-x46-a/reports/issued/{statement.pk}/answer/"
    # Returning needs comments: refused on the page, nothing written.
    refused = government.post(url, {"answer": "returned", "comments": "  "})
    assert refused.status_code == 200
    assert "Say what needs correcting" in refused.content.decode()
    assert not ReportResponse.objects.exists()
    government.post(url, {"answer": "returned", "comments": "Note 3 lacks the KZT rate."})
    assert calendar_status(government) == "returned"
    # The finance officer who issues (b) sees it on the home page, until the next version.
    returned = ("(b) Annual financial statement for 2014 (version 1) was returned by the "
                "Government: issue a corrected version")
    finance = signed_in(officers["finance"])
    assert returned in finance.get("/").content.decode()
    second = issue_report(fund=demo_fund, kind="statement", year=2014,
                          acting_user=officers["finance"], reason="Rate added to note 3")
    assert second.version == 2 and second.answers.report == statement
    page = finance.get(REPORT).content.decode()
    assert returned not in finance.get("/").content.decode()
    assert "In answer to the comments on version 1:" in page
    assert "«Note 3 lacks the KZT rate.»" in page
    # The new version awaits its own answer: "issued" again on the calendar.
    assert calendar_status(government) == "issued"
    delivered = OutboxMessage.objects.filter(event="report_delivered",
                                             topic=f"report:{second.pk}").get()
    assert "It answers the comments the Government returned on version 1" in delivered.body


@pytest.mark.django_db
def test_a_version_is_answered_once_and_only_the_latest(demo_fund, statement, officers):
    acknowledge_report(report=statement, acting_user=officers["government"])
    with pytest.raises(ValidationError, match="already answered"):
        return_report(report=statement, comments="Late", acting_user=officers["government"])
    issue_report(fund=demo_fund, kind="statement", year=2014,
                 acting_user=officers["finance"], reason="Typo")
    fresh = IssuedReport.objects.get(kind="statement", version=1)
    with pytest.raises(ValidationError, match="replaced by a later version"):
        acknowledge_report(report=fresh, acting_user=officers["government"])
    assert ReportResponse.objects.count() == 1


@pytest.mark.django_db
def test_only_the_governments_officers_answer(statement, officers, make_user):
    for role in ("finance", "auditor"):
        with pytest.raises(PermissionDenied):
            acknowledge_report(report=statement, acting_user=officers[role])
        response = signed_in(officers[role]).post(
            f"/funds/int-14-x46-a/reports/issued/{statement.pk}/answer/",
            {"answer": "acknowledged"})
        assert response.status_code == 403
    # Not an administrator on the Government's behalf either.
    admin = make_user("admin", superuser=True)
    with pytest.raises(PermissionDenied):
        acknowledge_report(report=statement, acting_user=admin)
    assert "Acknowledge receipt" not in signed_in(admin).get(REPORT).content.decode()
    # Another fund's Government officer does not learn the fund exists.
    other = Agreement.objects.create(slug="other-fund", reference="OTHER/1", title="Other",
                                     signed_on=statement.issued_at.date())
    stranger = make_user("stranger", agreement=other, role=Role.GOVERNMENT)
    response = signed_in(stranger).post(
        f"/funds/int-14-x46-a/reports/issued/{statement.pk}/answer/", {"answer": "acknowledged"})
    assert response.status_code == 404
    assert not ReportResponse.objects.exists()


@pytest.mark.django_db
def test_answering_takes_only_a_post_and_a_known_answer(statement, officers):
    government = signed_in(officers["government"])
    url = f"/funds/int-14-x46-a/reports/issued/{statement.pk}/answer/"
    assert government.get(url).status_code == 405
    assert government.post(url, {"answer": "ignored"}).status_code == 200
    assert government.post("/funds/int-14-x46-a/reports/issued/999999/answer/",
                           {"answer": "acknowledged"}).status_code == 404
    assert not ReportResponse.objects.exists()
