"""The ledger page a page at a time by keyset (value date, then sequence, newest first),
and the totals of a filter, at any ledger size."""

import random
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from agreements.models import Membership
from budget.amounts import usd
from budget.posting import post_commitment, record_contribution

ROWS = re.compile(r'<tr>\s*<td class="num"><a [^>]*>(\d+)</a></td>')
OLDER = re.compile(r'href="\?([^"]*)" rel="next"')
NEWER = re.compile(r'href="\?([^"]*)" rel="prev"')


@pytest.fixture
def ledger(seed, make_user, client):
    """A contribution and 229 commitments of 1.00 on line 5301 at random dates in
    September and October 2014, several on the same day, posted in a shuffled order."""
    fund = seed.fund
    record_contribution(fund=fund, amount=usd("500000.00"), value_date=date(2014, 8, 14),
                        acting_user=None)
    chooser = random.Random(19)  # noqa: S311 - test dates, not secrets
    days = [date(2014, 9, 1) + timedelta(days=chooser.randrange(61)) for _ in range(229)]
    for day in days:
        post_commitment(fund=fund, line_code="5301", amount=usd("1.00"), value_date=day,
                        acting_user=None)
    client.force_login(make_user("auditor1", agreement=fund.agreement,
                                 role=Membership.Role.AUDITOR))
    # Sequence 1 is the contribution; commitment i (from 0) is sequence i + 2.
    return fund, [(date(2014, 8, 14), 1)] + [(day, i + 2) for i, day in enumerate(days)]


def visit(client, url: str, link: re.Pattern, query: str = "") -> list[list[int]]:
    pages = []
    while True:
        html = client.get(f"{url}?{query.replace('&amp;', '&')}").content.decode()
        pages.append([int(n) for n in ROWS.findall(html)])
        found = link.search(html)
        if not found:
            return pages
        query = found.group(1)


@pytest.mark.django_db
def test_older_pages_visit_every_entry_once_newest_value_date_first(ledger, client):
    fund, entries = ledger
    url = reverse("budget:ledger", args=[fund.agreement.slug])
    pages = visit(client, url, OLDER)
    expected = [sequence for _day, sequence in sorted(entries, reverse=True)]
    assert [len(page) for page in pages] == [100, 100, 30]
    assert [n for page in pages for n in page] == expected

    # From the last page, "newer" leads back through the same pages.
    last_query = OLDER.findall(client.get(url).content.decode())[0]
    second = client.get(f"{url}?{last_query.replace('&amp;', '&')}").content.decode()
    third_query = OLDER.search(second).group(1)
    back = visit(client, url, NEWER, third_query)
    assert back == pages[::-1]


@pytest.mark.django_db
def test_a_filter_keeps_its_pages_and_shows_the_totals_of_what_it_selects(ledger, client):
    fund, entries = ledger
    url = reverse("budget:ledger", args=[fund.agreement.slug])
    in_range = [(day, n) for day, n in entries if date(2014, 9, 10) <= day <= date(2014, 10, 31)]
    pages = visit(client, url, OLDER, "date_from=2014-09-10&date_to=2014-10-31")
    assert [n for page in pages for n in page] == [n for _d, n in sorted(in_range,
                                                                         reverse=True)]
    html = client.get(url, {"date_from": "2014-09-10", "date_to": "2014-10-31"}).content
    # Each commitment is 1.00: the total is the number of them (a part month, from the
    # entries, and a whole month, from the monthly totals).
    total = Decimal(len(in_range))
    assert f'<th scope="row">Commitment</th><td class="num">{total:,.2f}</td>' in html.decode()
    whole_month = client.get(url, {"date_from": "2014-08-01", "date_to": "2014-08-31"})
    assert ('<th scope="row">Contribution</th><td class="num">500,000.00</td>'
            in whole_month.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize(("date_from", "date_to"), [
    ("2014-09-03", "2014-09-20"),   # within one month: the entries only
    ("2014-09-25", "2014-10-05"),   # two part months
    ("2014-09-01", "2014-10-31"),   # whole months: the monthly totals only
    ("", "2014-10-12"),             # open start
    ("2014-09-14", ""),             # open end
])
def test_the_totals_of_a_filter_count_exactly_its_commitments(ledger, client, date_from,
                                                              date_to):
    fund, entries = ledger
    first = date.fromisoformat(date_from) if date_from else date.min
    last = date.fromisoformat(date_to) if date_to else date.max
    expected = sum(1 for day, n in entries if n > 1 and first <= day <= last)
    html = client.get(reverse("budget:ledger", args=[fund.agreement.slug]),
                      {"date_from": date_from, "date_to": date_to, "kind": "commitment"})
    text = html.content.decode()
    if expected:
        assert (f'<th scope="row">Commitment</th><td class="num">{expected:,}.00</td>'
                in text)
    else:
        assert '<caption>Totals of the entries selected</caption>' in text
        assert '<th scope="row">Commitment</th>' not in text


@pytest.mark.django_db
def test_a_filter_the_wrong_way_round_is_explained_with_no_totals(ledger, client):
    fund, _entries = ledger
    text = client.get(reverse("budget:ledger", args=[fund.agreement.slug]), {
        "date_from": "2014-10-20", "date_to": "2014-09-10", "kind": "commitment"}
    ).content.decode()
    assert ("The From date (2014-10-20) is after the To date (2014-09-10): no entry can be "
            "dated between them.") in text
    assert "Totals of the entries selected" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["date_from=9999-12-15", "date_to=0001-01-15",
                                   "date_from=2014-13-40"])
def test_a_date_the_ledger_cannot_hold_is_refused_on_the_form(ledger, client, query):
    fund, _entries = ledger
    response = client.get(f"{reverse('budget:ledger', args=[fund.agreement.slug])}?{query}")
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("cursor", ["before=abc", "before=-3", "after=99999999",
                                    "before=123456789012345678901234567890",
                                    "before=%C2%B2", "after=%C2%B2", "after=NEWEST"])
def test_a_cursor_that_is_not_an_entry_shows_the_first_page(ledger, client, cursor):
    fund, entries = ledger
    url = reverse("budget:ledger", args=[fund.agreement.slug])
    # Nothing is newer than the newest entry: the first page again.
    newest = max(entries)[1]
    cursor = cursor.replace("NEWEST", str(newest))
    response = client.get(f"{url}?{cursor}")
    assert response.status_code == 200
    first = [sequence for _day, sequence in sorted(entries, reverse=True)][:100]
    assert [int(n) for n in ROWS.findall(response.content.decode())] == first
