"""A fund's audit trail after a scripted day of work: every act with who, when and what, a
changed record's fields before and after, sign-ins and failed sign-ins of the fund's people,
the filters, and the CSV and XLSX with the same lines. The expected lines are written out
by hand from the script in conftest.py."""

import csv
import io
import re
from html import unescape

import time_machine
from django.test import Client
from openpyxl import load_workbook

from accounts.actions import deactivate_user
from agreements.models import Membership
from budget.models import Entry
from reports.models import IssuedReport
from tests.audit.conftest import at
from tests.conftest import PASSWORD

Role = Membership.Role
TRAIL = "/funds/int-14-x46-a/audit/"


def lines(page: str) -> list[tuple[str, str, str, str]]:
    """(when, who, kind, what) of each line of the trail's table."""
    body = re.search(r'<table class="audit-trail">.*?<tbody>(.*?)</tbody>', page, re.S)[1]
    found = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [unescape(re.sub(r"<[^>]+>", "", re.sub(r"<br>.*", "", cell, flags=re.S)))
                 .strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if len(cells) == 5:
            found.append(tuple(cells[:4]))
    return found


# The day's lines, newest first, as the auditor must read them (worked out from the script:
# the revision, the statement and its closing of 2014 are finance1's; an issued report and
# the closing of its year share one instant, the report first).
THE_DAY = [
    ("2027-02-01 10:10:00", "finance1", "People and roles",
     "programme2's role changed (Auditor)"),
    ("2027-02-01 10:00:00", "finance1", "People and roles",
     "auditor2@example.org invited as Auditor"),
    ("2027-02-01 09:30:00", "government", "Reports issued and answered",
     "Receipt of a report acknowledged"),
    ("2027-02-01 09:00:00", "finance1", "Reports issued and answered",
     "(b) Annual financial statement for 2014 issued, version 1"),
    ("2027-02-01 09:00:00", "finance1", "Years closed", "Year closed"),
    ("2027-02-01 08:40:00", "finance1", "Budget revisions", "Budget revision #{rev}: Approved"),
    ("2027-02-01 08:30:00", "programme1", "Budget revisions",
     "Budget revision #{rev} proposed"),
    ("2027-02-01 08:20:00", "government", "Notices and disputes",
     "Notice recorded: Letter or request (Art. 11) MFA/2014/7, Names of the delegation"),
    ("2027-02-01 08:10:00", "finance1", "Ledger postings and imports",
     "Commitment #{seq} of 2014-10-20, line 5201: 1,200.00 USD"),
    ("2027-02-01 08:06:00", "government", "Sign-ins", "Signed in as government"),
    ("2027-02-01 08:05:00", "government", "Failed sign-ins", "Failed sign-in as government"),
    ("2027-02-01 08:00:00", "finance1", "Sign-ins", "Signed in as finance1"),
]


def expected(loaded_fund, rows=THE_DAY):
    from budget.models import Entry, Revision
    numbers = {"rev": Revision.objects.get(fund=loaded_fund, reason="Publication costs higher").pk,
               "seq": Entry.objects.get(fund=loaded_fund, payee="Printing house").sequence}
    return [(when, who, kind, what.format(**numbers)) for when, who, kind, what in rows]


def auditor_reads(people, query: str = "") -> str:
    client = Client()
    client.force_login(people["auditor"])
    response = client.get(TRAIL + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_auditor_reads_the_days_acts_newest_first(loaded_fund, day):
    page = auditor_reads(day, "?date_from=2027-02-01&date_to=2027-02-01")
    assert lines(page) == expected(loaded_fund)


def test_a_changed_record_shows_its_fields_before_and_after(loaded_fund, day):
    page = auditor_reads(day, "?date_from=2027-02-01&kind=membership")
    role_change = re.search(r"<tr>(?:(?!</tr>).)*role changed.*?</tr>", page, re.S)[0]
    assert "role: <del>DESA programme officer</del> → <ins>Auditor</ins>" in role_change
    approval = re.search(r"<tr>(?:(?!</tr>).)*: Approved.*?</tr>",
                         auditor_reads(day, "?date_from=2027-02-01&kind=revision"), re.S)[0]
    assert "status: <del>Proposed</del> → <ins>Approved</ins>" in approval


def test_the_failed_sign_in_names_the_address_it_came_from(day):
    page = auditor_reads(day, "?kind=sign_in_failed")
    assert "Failed sign-in as government" in page and "from 127.0.0.1" in page
    # The password typed is nowhere.
    assert "not the password" not in page


def test_filters_by_person_and_kind(loaded_fund, day):
    government = day["government"].pk
    page = auditor_reads(day, f"?date_from=2027-02-01&person={government}")
    assert lines(page) == [row for row in expected(loaded_fund) if row[1] == "government"]
    page = auditor_reads(day, "?date_from=2027-02-01&kind=sign_in")
    assert [row[3] for row in lines(page)] == ["Signed in as government",
                                               "Signed in as finance1"]


def test_a_day_before_shows_none_of_the_days_acts(day):
    page = auditor_reads(day, "?date_from=2027-01-31&date_to=2027-01-31")
    assert lines(page) == []
    assert "No acts match these filters." in page


def test_a_from_date_after_the_to_date_is_explained_and_lists_nothing(day):
    page = auditor_reads(day, "?date_from=2027-02-02&date_to=2027-02-01")
    assert ("The From date (2027-02-02) is after the To date (2027-02-01): nothing can be "
            "between them.") in unescape(page)
    assert 'class="audit-trail"' not in page


def test_nonsense_in_the_query_string_is_answered_not_crashed(day):
    client = Client()
    client.force_login(day["auditor"])
    for query in ("?person=abc", "?person=999999", "?kind=everything", "?date_from=2027-13-01",
                  "?before=garbage", "?before=99991231T000000.000000~entry~0",
                  "?date_from=0001-01-01"):
        assert client.get(TRAIL + query).status_code == 200, query


def test_the_whole_trail_pages_without_gaps_or_repeats(loaded_fund, day):
    """The load of the fund made hundreds of lines, many of one instant (an import writes
    its entries at once): page after page, each line is older than the one before, none
    comes twice, and every posting of the ledger is there once."""
    client = Client()
    client.force_login(day["auditor"])
    query, seen, pages = "", [], 0
    while True:
        page = client.get(TRAIL + query).content.decode()
        pages += 1
        seen.extend(lines(page))
        older = re.search(r'href="\?([^"]*)" rel="next"', page)
        if older is None:
            break
        query = "?" + unescape(older[1])
    postings = [line for line in seen if line[2] == "Ledger postings and imports"
                and " of 20" in line[3]]
    # The entries a person posted (their PSC and reserve charges are not acts of their own),
    # counted here from the ledger itself.
    assert len(postings) == Entry.objects.filter(fund=loaded_fund, caused_by=None).count()
    assert len({line[3] for line in postings}) == len(postings)  # each "#sequence" once
    assert pages > 2
    assert [line[0] for line in seen] == sorted((line[0] for line in seen), reverse=True)
    export = client.get("/funds/int-14-x46-a/audit.csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert [row[3] for row in rows[1:]] == [line[3] for line in seen]


def test_the_csv_and_xlsx_have_the_pages_lines(loaded_fund, day):
    client = Client()
    client.force_login(day["auditor"])
    query = "?date_from=2027-02-01&date_to=2027-02-01"
    response = client.get("/funds/int-14-x46-a/audit.csv" + query)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode(
        "utf-8-sig"))))
    assert rows[0] == ["When", "Who", "Kind", "What", "Changes", "Details"]
    want = expected(loaded_fund)
    assert [(row[0], row[1], row[2], row[3]) for row in rows[1:]] == [
        (when.replace(" ", "T") + "+00:00", who, kind, what) for when, who, kind, what in want]
    role_change = rows[1]
    assert role_change[4] == "role: DESA programme officer → Auditor"
    book = load_workbook(io.BytesIO(b"".join(
        client.get("/funds/int-14-x46-a/audit.xlsx" + query).streaming_content)))
    # The sheet has the CSV's cells (an empty cell reads back as None).
    sheet = [[cell or "" for cell in row] for row in book.active.iter_rows(values_only=True)]
    assert sheet == rows


def test_the_csv_is_in_the_readers_language(loaded_fund, day):
    client = Client()
    client.force_login(day["auditor"])
    client.post("/language/", {"language": "ru", "next": "/"})
    response = client.get("/funds/int-14-x46-a/audit.csv?date_from=2027-02-01&kind=sign_in")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode(
        "utf-8-sig"))))
    assert rows == [
        ["Когда", "Кто", "Вид", "Что", "Изменения", "Подробности"],
        ["2027-02-01T08:06:00+00:00", "government", "Входы в систему",
         "Вход под именем government", "", "с адреса 127.0.0.1"],
        ["2027-02-01T08:00:00+00:00", "finance1", "Входы в систему",
         "Вход под именем finance1", "", "с адреса 127.0.0.1"],
    ]


def test_a_download_with_bad_filters_goes_back_to_the_page_with_the_reason(day):
    client = Client()
    client.force_login(day["auditor"])
    response = client.get("/funds/int-14-x46-a/audit.csv?date_from=2027-02-02"
                          "&date_to=2027-02-01", follow=True)
    assert response.redirect_chain[-1][0].startswith(TRAIL)
    assert "The download was not made: correct the filters first." in unescape(
        response.content.decode())


def test_issued_report_lines_carry_their_sha256(loaded_fund, day):
    page = auditor_reads(day, "?date_from=2027-02-01&kind=report")
    sha = IssuedReport.objects.get(fund=loaded_fund, kind="statement", year=2014).sha256
    assert f"SHA-256 {sha}" in page


def test_a_page_costs_one_query_per_source_not_per_line(loaded_fund, day,
                                                       django_assert_num_queries):
    """The session, the user, the fund, the people's memberships and the people (5); one query
    per source (15); and
    for the sources whose lines on the page changed a record, one for the rows before them
    (revision and membership here: 2). A filter on one kind asks that kind's source only."""
    client = Client()
    client.force_login(day["auditor"])
    with django_assert_num_queries(22):
        client.get(TRAIL + "?date_from=2027-02-01")
    with django_assert_num_queries(6):
        client.get(TRAIL + "?kind=sign_in")


def test_account_acts_of_the_funds_people_are_in_the_trail(day, make_user):
    """A Government officer changes their password; the portal's administrator deactivates a
    programme officer: both under "Accounts", the deactivation with active yes → no."""
    admin = make_user("root", superuser=True)
    with time_machine.travel(at(11, 0), tick=False) as clock:
        client = Client()
        client.force_login(day["government"])
        new = "another long passphrase 2027"
        response = client.post("/accounts/password/", {
            "old_password": PASSWORD, "new_password1": new, "new_password2": new})
        assert response.status_code == 302
        clock.move_to(at(11, 10))
        deactivate_user(user=day["programme2"], acting_user=admin)
    page = auditor_reads(day, "?date_from=2027-02-01&kind=account")
    assert lines(page) == [
        ("2027-02-01 11:10:00", "root", "Accounts, passwords, second factor, tokens",
         "Account of programme2 deactivated"),
        ("2027-02-01 11:00:00", "government", "Accounts, passwords, second factor, tokens",
         "Password changed"),
    ]
    assert "active: <del>yes</del> → <ins>no</ins>" in page
