"""The ledger's CSV and XLSX exports: every entry once, a trailer that counts them, the
filters of the ledger, formulas quoted, another fund's member refused."""

import csv
import io
from decimal import Decimal

import pytest
from knox.models import AuthToken
from openpyxl import load_workbook
from rest_framework.test import APIClient

from agreements.models import Agreement, Membership
from budget.models import Entry

BASE = "/api/v1/funds/int-14-x46-a"


@pytest.fixture
def auditor(demo_fund, make_user):
    user = make_user("auditor1", agreement=demo_fund.agreement, role=Membership.Role.AUDITOR)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
    return client


def csv_lines(client, **filters) -> list[list[str]]:
    response = client.get(f"{BASE}/entries.csv", filters)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


@pytest.mark.django_db
def test_the_csv_has_every_entry_once_and_a_trailer_that_counts_them(demo_fund, auditor):
    lines = csv_lines(auditor)
    header, rows, trailer = lines[0], lines[1:-1], lines[-1]
    entries = Entry.objects.filter(fund=demo_fund)
    assert header[:5] == ["sequence", "kind", "line_code", "value_date", "amount"]
    assert [int(row[0]) for row in rows] == list(range(1, entries.count() + 1))
    assert trailer == ["#end", str(entries.count())]
    # The seed ledger's receipts: the Government's 500,000.00 and 185.40 of interest.
    received = sum(Decimal(row[4]) for row in rows if row[1] in ("contribution", "income"))
    assert received == Decimal("500185.40")


@pytest.mark.django_db
def test_the_csv_takes_the_ledgers_filters(demo_fund, auditor):
    lines = csv_lines(auditor, kind="psc", value_date_from="2014-10-01")
    rows = lines[1:-1]
    assert rows and {row[1] for row in rows} == {"psc"}
    assert min(row[3] for row in rows) >= "2014-10-01"
    assert lines[-1] == ["#end", str(len(rows))]


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"after": "10000000000000000000"},
                                   {"value_date_from": "9999-12-31"}, {"line": "12"}])
def test_filters_out_of_range_are_refused_with_their_field(demo_fund, auditor, query):
    response = auditor.get(f"{BASE}/entries.csv", query)
    assert response.status_code == 400
    assert set(response.json()["fields"]) == set(query)


@pytest.mark.django_db
def test_the_xlsx_holds_the_same_entries_with_numbers_and_quoted_formulas(demo_fund, auditor,
                                                                         make_user):
    finance = APIClient()
    finance.force_authenticate(make_user("finance9", agreement=demo_fund.agreement,
                                         role=Membership.Role.DESA_FINANCE))
    posted = finance.post(f"{BASE}/expenditures/", {
        "line": "1601", "amount": "10.00", "value_date": "2014-12-01",
        "payee": "=HYPERLINK(\"http://x\")"}, format="json")
    assert posted.status_code == 201
    response = auditor.get(f"{BASE}/entries.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("sequence", "kind", "line_code", "value_date", "amount")
    assert len(rows) - 1 == Entry.objects.filter(fund=demo_fund).count()
    mine = next(row for row in rows[1:] if row[0] == posted.json()["sequence"])
    assert mine[4] == 10 and mine[6] == "'=HYPERLINK(\"http://x\")"


@pytest.mark.django_db
@pytest.mark.parametrize("export", ["entries.csv", "entries.xlsx"])
def test_a_member_of_another_agreement_gets_404(demo_fund, make_user, export):
    other = Agreement.objects.create(slug="other", title="Another fund", reference="Y/2",
                                     signed_on="2015-01-01", signed_at="Geneva")
    client = APIClient()
    client.force_authenticate(make_user("stranger", agreement=other,
                                        role=Membership.Role.DESA_FINANCE))
    assert client.get(f"{BASE}/{export}").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("export", ["entries.csv", "entries.xlsx"])
def test_an_export_cannot_be_posted_to(demo_fund, auditor, export):
    count = Entry.objects.count()
    assert auditor.post(f"{BASE}/{export}", {}).status_code == 405
    assert Entry.objects.count() == count
