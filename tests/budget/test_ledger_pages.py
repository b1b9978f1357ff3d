"""The ledger pages: filters, posting forms whose refusals read clearly, revisions."""

import re
from datetime import date

import pytest
from django.urls import reverse

from agreements.models import Membership, Notice
from budget.amounts import usd
from budget.models import Entry, Revision
from budget.posting import record_contribution

Role = Membership.Role


@pytest.fixture
def fund(seed):
    record_contribution(fund=seed.fund, amount=usd("500000.00"), value_date=date(2014, 8, 14),
                        reference="KZ-MOF-2014-0814", acting_user=None)
    return seed.fund


def url(name, fund, *args):
    return reverse(f"budget:{name}", args=[fund.agreement.slug, *args])


@pytest.mark.django_db
def test_finance_officer_posts_an_expenditure_and_sees_it_with_its_charges(client, fund,
                                                                           make_user):
    client.force_login(make_user("finance1", agreement=fund.agreement, role=Role.DESA_FINANCE))
    response = client.post(url("post_expenditure", fund), {
        "line": "1101", "value_date": "2014-08-31", "amount": "12000.00", "currency": "USD",
        "payee": "Project coordinator", "reference": "PAY-2014-08"})
    assert response.status_code == 302
    page = client.get(url("ledger", fund)).content.decode()
    # 12,000 salary: reserve 120.00, PSC 13% of 12,120 = 1,575.60
    for figure in [">12,000.00<", ">120.00<", ">1,575.60<", "PAY-2014-08"]:
        assert figure in page


@pytest.mark.django_db
def test_commitment_over_the_line_is_refused_on_the_page_with_the_figures(client, fund,
                                                                          make_user):
    client.force_login(make_user("finance1", agreement=fund.agreement, role=Role.DESA_FINANCE))
    count = Entry.objects.count()
    response = client.post(url("post_commitment", fund), {
        "line": "5301", "value_date": "2014-09-01", "amount": "7000.00", "currency": "USD"})
    assert response.status_code == 200
    assert "Line 5301 has 6,478.00 available; this needs 7,000.00." in response.content.decode()
    assert Entry.objects.count() == count


@pytest.mark.django_db
@pytest.mark.parametrize(("form", "message"), [
    ({"amount": "10.001"}, "Ensure that there are no more than 2 decimal places."),
    ({"amount": "-5"}, "Ensure this value is greater than or equal to 0.01."),
    ({"currency": "QQQ"}, "QQQ is not an ISO 4217 currency code."),
    ({"currency": "EURO"}, "Ensure this value has at most 3 characters"),
    ({"currency": "KZT"}, "No UN operational rate of exchange for KZT"),
    ({"value_date": "31/08/2014"}, "Enter a valid date."),
])
def test_bad_posting_input_gets_a_clear_message(client, fund, make_user, form, message):
    client.force_login(make_user("finance1", agreement=fund.agreement, role=Role.DESA_FINANCE))
    count = Entry.objects.count()
    data = {"line": "5301", "value_date": "2014-09-01", "amount": "10.00", "currency": "USD",
            **form}
    response = client.post(url("post_expenditure", fund), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Entry.objects.count() == count


@pytest.mark.django_db
def test_ledger_filters_by_kind_line_and_dates_and_ignores_bad_input(client, fund, make_user):
    client.force_login(make_user("auditor", agreement=fund.agreement, role=Role.AUDITOR))
    page = client.get(url("ledger", fund), {"kind": "contribution"}).content.decode()
    assert "KZ-MOF-2014-0814" in page
    page = client.get(url("ledger", fund), {"kind": "expenditure"}).content.decode()
    assert "KZ-MOF-2014-0814" not in page
    page = client.get(url("ledger", fund), {"date_from": "2014-09-01"}).content.decode()
    assert "KZ-MOF-2014-0814" not in page
    response = client.get(url("ledger", fund), {"date_from": "yesterday", "page": "x"})
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()


@pytest.mark.django_db
def test_auditor_and_government_may_read_but_not_post(client, fund, make_user):
    for username, role in [("auditor", Role.AUDITOR), ("government", Role.GOVERNMENT)]:
        client.force_login(make_user(username, agreement=fund.agreement, role=role))
        assert client.get(url("ledger", fund)).status_code == 200
        assert client.get(url("post_expenditure", fund)).status_code == 403
        assert client.get(url("revision_create", fund)).status_code == 403


@pytest.mark.django_db
def test_non_member_gets_404_on_ledger_and_revisions(client, fund, make_user):
    client.force_login(make_user("stranger"))
    for name in ["ledger", "post_expenditure", "revisions", "revision_create"]:
        assert client.get(url(name, fund)).status_code == 404, name


@pytest.mark.django_db
def test_revision_proposed_on_the_page_is_approved_by_another_officer(client, fund,
                                                                      make_user):
    proposer = make_user("programme1", agreement=fund.agreement, role=Role.DESA_PROGRAMME)
    approver = make_user("finance2", agreement=fund.agreement, role=Role.DESA_FINANCE)
    letter = Notice.objects.get(reference="DESA/DPADM/2014/212 (illustrative)")
    client.force_login(proposer)
    amounts = {"line_1101": "55000.00", "line_1150": "50000.00", "line_1601": "40000.00",
               "line_3201": "273000.00", "line_5201": "19000.00", "line_5301": "5478.00"}
    response = client.post(url("revision_create", fund), {
        "reason": "Printing costs more", "letter": letter.pk, **amounts})
    assert response.status_code == 302
    revision = Revision.objects.get()
    own = client.post(url("revision", fund, revision.pk), {"decision": "approve"})
    assert own.status_code == 200
    assert Revision.objects.get().status == "proposed"
    client.force_login(approver)
    client.post(url("revision", fund, revision.pk), {"decision": "approve"})
    assert Revision.objects.get().status == "approved"
    history = client.get(url("revisions", fund)).content.decode()
    assert "Version 2" in history and "Version 1" in history


@pytest.mark.django_db
def test_revision_changing_the_total_is_refused_on_the_page(client, fund, make_user):
    client.force_login(make_user("programme1", agreement=fund.agreement,
                                 role=Role.DESA_PROGRAMME))
    letter = Notice.objects.get(reference="DESA/DPADM/2014/212 (illustrative)")
    amounts = {"line_1101": "55000.00", "line_1150": "50000.00", "line_1601": "40000.00",
               "line_3201": "273000.00", "line_5201": "20000.00", "line_5301": "6478.00"}
    response = client.post(url("revision_create", fund), {
        "reason": "More printing", "letter": letter.pk, **amounts})
    assert "changes the programme total by 2,000.00" in response.content.decode()
    assert not Revision.objects.exists()


def ledger_rows(page: str) -> dict[int, str]:
    """Each ledger row's text by its sequence number."""
    from html import unescape
    body = re.search(r'<table class="ledger">.*?<tbody>(.*?)</tbody>', page, re.S)[1]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        number = re.search(r'<td class="num"><a [^>]*>(\d+)</a></td>', row)
        if number:
            rows[int(number[1])] = " ".join(unescape(re.sub(r"<[^>]+>", " ", row)).split())
    return rows


@pytest.mark.django_db
def test_an_expenditure_names_the_commitment_it_liquidates_and_a_spent_commitment_has_no_cancel(
        client, fund, make_user):
    """A 3,000 commitment on 1601, liquidated in full by an expenditure; a 2,000 one left
    open: only the open one offers "cancel", and the expenditure says which it liquidates."""
    from budget.posting import post_commitment, post_expenditure
    officer = make_user("finance1", agreement=fund.agreement, role=Role.DESA_FINANCE)
    spent = post_commitment(fund=fund, line_code="1601", amount=usd("3000.00"),
                            value_date=date(2014, 9, 1), acting_user=officer)
    still_open = post_commitment(fund=fund, line_code="1601", amount=usd("2000.00"),
                                 value_date=date(2014, 9, 2), acting_user=officer)
    paid = post_expenditure(fund=fund, line_code="1601", amount=usd("3000.00"),
                            value_date=date(2014, 9, 30), commitment=spent,
                            acting_user=officer)
    client.force_login(officer)
    rows = ledger_rows(client.get(url("ledger", fund)).content.decode())
    assert f"liquidates #{spent.sequence}" in rows[paid.sequence]
    assert "cancel" not in rows[spent.sequence]
    assert "cancel" in rows[still_open.sequence]


@pytest.mark.django_db
def test_a_from_date_after_the_to_date_is_explained_and_lists_nothing(client, fund, make_user):
    client.force_login(make_user("auditor", agreement=fund.agreement, role=Role.AUDITOR))
    response = client.get(url("ledger", fund), {"date_from": "2014-12-31",
                                                "date_to": "2014-01-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert ("The From date (2014-12-31) is after the To date (2014-01-01): no entry can be "
            "dated between them.") in page
    assert ledger_rows(page) == {}
    assert "No entries." in page


@pytest.mark.django_db
def test_the_api_explains_a_from_date_after_the_to_date(fund, make_user):
    from rest_framework.test import APIClient
    client = APIClient()
    client.force_authenticate(make_user("auditor", agreement=fund.agreement, role=Role.AUDITOR))
    response = client.get(f"/api/v1/funds/{fund.agreement.slug}/entries/",
                          {"value_date_from": "2014-12-31", "value_date_to": "2014-01-01"})
    assert response.status_code == 400
    assert "value_date_to (2014-01-01) is before value_date_from (2014-12-31)" in str(
        response.json())


@pytest.fixture
def printing(fund, make_user):
    """A printing house committed 3,000 on line 5201 and paid 1,200 of it; a hotel paid
    5,000 on 1601 for the venue. The contribution's reference is KZ-MOF-2014-0814."""
    from budget.posting import post_commitment, post_expenditure
    officer = make_user("finance1", agreement=fund.agreement, role=Role.DESA_FINANCE)
    order = post_commitment(fund=fund, line_code="5201", amount=usd("3000.00"),
                            value_date=date(2014, 9, 1), payee="Printing House Astana",
                            reference="PO-2014-77", acting_user=officer)
    post_expenditure(fund=fund, line_code="5201", amount=usd("1200.00"),
                     value_date=date(2014, 9, 20), commitment=order,
                     payee="Printing House Astana", reference="INV-881",
                     description="Forum programme, 2,000 copies", acting_user=officer)
    post_expenditure(fund=fund, line_code="1601", amount=usd("5000.00"),
                     value_date=date(2014, 10, 28), payee="Hotel Rixos",
                     description="Venue of the forum", acting_user=officer)
    return officer


@pytest.mark.django_db
def test_the_ledger_searches_payee_reference_and_description_with_totals(client, fund,
                                                                         printing):
    client.force_login(printing)
    page = client.get(url("ledger", fund), {"search": "printing"}).content.decode()
    rows = ledger_rows(page)
    assert len(rows) == 2 and all("Printing House Astana" in row for row in rows.values())
    # The totals of what the search found: the commitment and the payment, not their
    # charges (PSC and reserve carry no payee).
    assert re.search(r"Commitment</th><td[^>]*>3,000.00<", page)
    assert re.search(r"Expenditure</th><td[^>]*>1,200.00<", page)
    # A reference, any case; a word of a description.
    assert len(ledger_rows(client.get(url("ledger", fund), {"search": "mof-2014"})
                           .content.decode())) == 1
    venue = ledger_rows(client.get(url("ledger", fund), {"search": "VENUE"}).content.decode())
    assert len(venue) == 1 and "Hotel Rixos" in next(iter(venue.values()))


@pytest.mark.django_db
def test_a_search_of_fewer_than_three_letters_is_explained(client, fund, printing):
    client.force_login(printing)
    page = client.get(url("ledger", fund), {"search": "pr"}).content.decode()
    assert "Ensure this value has at least 3 characters (it has 2)." in page
    assert ledger_rows(page) == {}


@pytest.mark.django_db
def test_the_downloads_carry_the_search(client, fund, printing):
    import csv
    import io
    client.force_login(printing)
    page = client.get(url("ledger", fund), {"search": "printing"}).content.decode()
    link = re.search(r'href="(/api/v1/funds/[^"]+/entries\.csv\?[^"]*)"', page)[1]
    assert "search=printing" in link
    body = b"".join(client.get(link.replace("&amp;", "&")).streaming_content).decode()
    rows = [row for row in csv.reader(io.StringIO(body)) if row and row[0] != "#end"]
    header, entries = rows[0], rows[1:]
    payee = header.index("payee")
    assert [row[payee] for row in entries] == ["Printing House Astana"] * 2


@pytest.mark.django_db
def test_the_api_still_refuses_an_empty_date_and_explains_a_short_search(fund, make_user):
    from rest_framework.test import APIClient
    client = APIClient()
    client.force_authenticate(make_user("auditor", agreement=fund.agreement, role=Role.AUDITOR))
    entries = f"/api/v1/funds/{fund.agreement.slug}/entries/"
    empty = client.get(entries, {"value_date_to": ""})
    assert empty.status_code == 400 and "Give a value or leave it out." in str(empty.json())
    short = client.get(entries, {"search": "kz"})
    assert short.status_code == 400
    assert "Ensure this field has at least 3 characters." in str(short.json())
    found = client.get(entries, {"search": "mof-2014"}).json()["results"]
    assert [entry["reference"] for entry in found] == ["KZ-MOF-2014-0814"]


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["---", "%%%", "/-/", "a-b-c"])
def test_a_search_with_no_three_letters_in_a_row_is_refused(client, fund, printing, text):
    """Text with no trigram would make the indexes read the whole ledger."""
    from rest_framework.test import APIClient
    client.force_login(printing)
    page = client.get(url("ledger", fund), {"search": text}).content.decode()
    assert "Search for at least three letters or digits in a row." in page
    assert ledger_rows(page) == {}
    api = APIClient()
    api.force_authenticate(printing)
    refused = api.get(f"/api/v1/funds/{fund.agreement.slug}/entries/", {"search": text})
    assert refused.status_code == 400
    assert "Search for at least three letters or digits in a row." in str(refused.json())


@pytest.mark.django_db
def test_a_search_is_answered_from_the_trigram_indexes(fund, printing):
    """With sequential scans priced out, PostgreSQL's plan for a search reads the three
    trigram indexes (migration budget/0005): the expression Django writes for the search is
    the one indexed. (On a ledger this small it would rather read the fund's entries by the
    fund's index, hence the search of every fund here.)"""
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")  # nor a walk of another index
    plan = Entry.objects.matching(search="printing").order_by().explain()
    for column in ("payee", "reference", "description"):
        assert f"entry_{column}_trigram" in plan, plan
