"""The budget page's chart and drill-down: one bar per line against its budget, drawn to
lengths worked out by hand, over-spending marked in a word and past the budget's mark, each
chart named for a screen reader with its figures, and each line and figure opening the
ledger entries that make it up (docs/revisions.md#the-budget-page)."""

from datetime import date
from decimal import Decimal as D
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from agreements.models import Membership
from budget.amounts import usd
from budget.chart import MARGIN, TRACK, bars
from budget.layout import Figures
from budget.models import Entry
from budget.posting import post_commitment, post_expenditure, record_contribution
from budget.revisions import approve_revision, propose_revision

LEDGER = "/funds/int-14-x46-a/ledger/"


# The arithmetic: every bar is TRACK (356) units long at most, from x = MARGIN (2).

def test_a_line_spent_to_a_tenth_has_a_spent_bar_a_tenth_of_its_budget_bar():
    # Budget 145,000, spent 14,500: the budget bar takes the track, 356; spent 356 / 10.
    drawn = bars(Figures(budget=D("145000.00"), spent=D("14500.00")))
    assert D(356) == TRACK
    assert D(2) == MARGIN
    assert (drawn.budget, drawn.spent, drawn.committed) == (D("356.00"), D("35.60"), D("0.00"))
    assert drawn.mark == D("358.00") and not drawn.is_over


def test_committed_is_stacked_after_spent_within_the_budget():
    # Budget 40,000, spent 4,000, committed 2,000: spent 356 x 4/40 = 35.60, committed
    # 356 x 2/40 = 17.80 starting where spent ends (2 + 35.60), the fill ending at
    # 2 + 356 x 6/40 = 55.40, short of the mark at 358.
    drawn = bars(Figures(budget=D("40000.00"), committed=D("2000.00"), spent=D("4000.00")))
    assert (drawn.spent, drawn.committed) == (D("35.60"), D("17.80"))
    assert (drawn.committed_start, drawn.used_end) == (D("37.60"), D("55.40"))
    assert drawn.overrun == D("0.00")


def test_an_over_spent_line_fills_the_track_and_its_budget_mark_falls_short_of_it():
    # Line 5601 of the over-spent example below: budget 57,522, spent 61,490. Spent takes
    # the track, 356; the budget 356 x 57,522 / 61,490 = 333.027 -> 333.03; the 22.97 past
    # the mark is the overrun, 3,968.00 in US dollars.
    drawn = bars(Figures(budget=D("57522.00"), spent=D("61490.00")))
    assert (drawn.spent, drawn.budget) == (D("356.00"), D("333.03"))
    assert (drawn.mark, drawn.overrun) == (D("335.03"), D("22.97"))
    assert drawn.is_over and drawn.over_by == D("3968.00")


def test_a_line_used_to_the_cent_ends_at_its_mark_and_is_not_over():
    # 6,478 = 2,000.01 spent + 4,477.99 committed: the fill ends exactly at the mark even
    # though 356 x 2,000.01 / 6,478 = 109.91 and 356 x 4,477.99 / 6,478 = 246.09 are rounded.
    drawn = bars(Figures(budget=D("6478.00"), committed=D("4477.99"), spent=D("2000.01")))
    assert drawn.used_end == drawn.mark == D("358.00")
    assert not drawn.is_over


def test_a_line_with_no_budget_and_nothing_used_has_no_bars():
    drawn = bars(Figures())
    assert (drawn.budget, drawn.spent, drawn.committed, drawn.is_over) == (0, 0, 0, False)


# The page.

class _Page(HTMLParser):
    """The page as the tests read it: every link (address and text, hidden words included),
    and each line's chart (its accessible name, classes, bars and texts by class)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.charts: list[dict] = []
        self._link: list[str] | None = None
        self._href = ""
        self._text: tuple[str, list[str]] | None = None
        self._in_chart = self._in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "a":
            self._link, self._href = [], attrs["href"]
        elif tag == "svg" and "budget-bars" in classes:
            self._in_chart = True
            self.charts.append({"name": attrs["aria-label"], "role": attrs.get("role"),
                                "classes": classes, "viewbox": attrs["viewbox"],
                                "width": attrs["width"], "title": "", "bars": {},
                                "texts": {}})
        elif self._in_chart and tag in ("rect", "line"):
            self.charts[-1]["bars"][classes[0]] = attrs
        elif self._in_chart and tag == "text":
            self._text = (classes[0], [])
        elif self._in_chart and tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            self.links.append((self._href, " ".join("".join(self._link).split())))
            self._link = None
        elif tag == "text" and self._text is not None:
            self.charts[-1]["texts"][self._text[0]] = "".join(self._text[1])
            self._text = None
        elif tag == "title":
            self._in_title = False
        elif tag == "svg":
            self._in_chart = False

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link.append(data)
        if self._text is not None:
            self._text[1].append(data)
        if self._in_title:
            self.charts[-1]["title"] += data


def read(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def chart_of(page: _Page, code: str) -> dict:
    (chart,) = [c for c in page.charts if c["name"].startswith(f"{code} ")]
    return chart


def links_to(page: _Page, href: str) -> list[str]:
    return [text for address, text in page.links if address == href]


@pytest.fixture
def finance(seed, make_user):
    return make_user("finance1", agreement=seed, role=Membership.Role.DESA_FINANCE)


@pytest.fixture
def postings(seed):
    """#1 a contribution; #2 a travel commitment of 6,000 on 1601; #3 a payment of 4,000
    against it, #4 its PSC 520.00 (13%) on 5601; #5 a salary of 10,000 on 1101, #6 its
    reserve 100.00 (1%) on 1101, #7 its PSC on 5601: 13% of 14,100 = 1,833.00 in all, less
    the 520.00 already charged = 1,313.00."""
    fund = seed.fund
    record_contribution(fund=fund, amount=usd("500000.00"), value_date=date(2014, 8, 15),
                        acting_user=None)
    commitment = post_commitment(fund=fund, line_code="1601", amount=usd("6000.00"),
                                 cost_element="travel", value_date=date(2014, 8, 20),
                                 acting_user=None)
    post_expenditure(fund=fund, line_code="1601", amount=usd("4000.00"), commitment=commitment,
                     value_date=date(2014, 8, 31), acting_user=None)
    post_expenditure(fund=fund, line_code="1101", amount=usd("10000.00"),
                     value_date=date(2014, 9, 5), acting_user=None)
    kinds = list(Entry.objects.filter(fund=fund).order_by("sequence")
                 .values_list("sequence", "kind", "line_code"))
    assert kinds == [(1, "contribution", ""), (2, "commitment", "1601"),
                     (3, "expenditure", "1601"), (4, "psc", "5601"), (5, "expenditure", "1101"),
                     (6, "reserve", "1101"), (7, "psc", "5601")]
    return fund


def budget_page(client, seed, **headers) -> str:
    response = client.get(reverse("budget:overview", args=[seed.slug]), **headers)
    assert response.status_code == 200
    return response.content.decode()


def ledger_listing(client, href: str) -> tuple[list[int], dict[str, D]]:
    """The sequence numbers a ledger address lists, and its totals by kind."""
    response = client.get(href)
    assert response.status_code == 200
    totals = {label: amount for label, amount in response.context["totals"] or []}
    return [entry.sequence for entry in response.context["listing"].entries], totals


@pytest.mark.django_db
def test_a_lines_bars_have_the_lengths_worked_out_by_hand(client, seed, finance, postings):
    client.force_login(finance)
    chart = chart_of(read(budget_page(client, seed)), "1601")
    # 1601: budget 40,000, spent 4,000 (a tenth: 35.60 of 356), committed 6,000 - 4,000
    # paid = 2,000 (17.80), stacked after spent at 2 + 35.60.
    assert chart["viewbox"] == "0 0 360 76" and chart["width"] == "100%"
    drawn = chart["bars"]
    assert (drawn["bar-budget"]["x"], drawn["bar-budget"]["width"]) == ("2", "356.00")
    assert (drawn["bar-spent"]["x"], drawn["bar-spent"]["width"]) == ("2", "35.60")
    assert (drawn["bar-committed"]["x"], drawn["bar-committed"]["width"]) == ("37.60", "17.80")
    assert drawn["budget-mark"]["x1"] == "358.00"
    assert "bar-over" not in drawn and "is-over" not in chart["classes"]
    assert chart["texts"] == {"figure-spent": "spent 4,000.00",
                              "figure-committed": "committed 2,000.00",
                              "figure-budget": "budget 40,000.00",
                              "figure-available": "available 34,000.00"}


@pytest.mark.django_db
def test_each_chart_is_named_for_a_screen_reader_with_its_three_figures(client, seed, finance,
                                                                        postings):
    client.force_login(finance)
    page = read(budget_page(client, seed))
    # One chart per line and one for 5601: 1101, 1150, 1601, 3201, 5201, 5301, 5601.
    assert [c["name"].split()[0] for c in page.charts] == [
        "1101", "1150", "1601", "3201", "5201", "5301", "5601"]
    chart = chart_of(page, "1601")
    assert chart["role"] == "img"
    assert chart["name"] == chart["title"] == (
        "1601 Travel of DESA staff: budget 40,000.00 US dollars, committed 2,000.00, "
        "spent 4,000.00; 34,000.00 available.")
    # 1101: 10,000 + 100 reserve spent, 55,000 - 10,100 = 44,900 available.
    assert chart_of(page, "1101")["name"].endswith(
        ": budget 55,000.00 US dollars, committed 0.00, spent 10,100.00; 44,900.00 available.")


@pytest.mark.django_db
def test_a_lines_name_opens_the_ledger_with_exactly_that_lines_entries(client, seed, finance,
                                                                       postings):
    client.force_login(finance)
    page = read(budget_page(client, seed))
    # Each name is a link twice, by its chart and in the table.
    assert links_to(page, f"{LEDGER}?line=1601") == ["1601 Travel of DESA staff"] * 2
    # By hand: 1601 has the commitment #2 and the payment #3 (its PSC #4 is on 5601); 1101
    # the salary #5 and its reserve #6; 5601 the two PSC charges #4 and #7; 3201 nothing.
    # Newest value date first.
    assert ledger_listing(client, f"{LEDGER}?line=1601")[0] == [3, 2]
    assert ledger_listing(client, f"{LEDGER}?line=1101")[0] == [6, 5]
    assert ledger_listing(client, f"{LEDGER}?line=5601")[0] == [7, 4]
    assert links_to(page, f"{LEDGER}?line=3201") == ["3201 UN International Forum 2014"] * 2
    assert ledger_listing(client, f"{LEDGER}?line=3201")[0] == []


@pytest.mark.django_db
def test_a_spent_figure_opens_entries_the_ledger_totals_to_that_figure(client, seed, finance,
                                                                      postings):
    client.force_login(finance)
    page = read(budget_page(client, seed))
    # 1601: spent 4,000.00 is its expenditure alone: the figure is the link.
    href = f"{LEDGER}?line=1601&kind=expenditure"
    assert links_to(page, href) == ["4,000.00 spent on line 1601"]
    assert ledger_listing(client, href) == ([3], {"Expenditure": D("4000.00")})
    # 5601: spent 1,833.00 is the PSC charged, 520.00 + 1,313.00.
    href = f"{LEDGER}?line=5601&kind=psc"
    assert links_to(page, href) == ["1,833.00 spent on line 5601"]
    assert ledger_listing(client, href) == (
        [7, 4], {"Programme support cost (Art. 2.2)": D("1833.00")})
    # 1101: spent 10,100.00 is two ledger totals, each its own link, and not a link itself.
    assert not [text for _href, text in page.links if text.startswith("10,100.00")]
    href = f"{LEDGER}?line=1101&kind=expenditure"
    assert links_to(page, href) == ["10,000.00 on line 1101"]
    assert ledger_listing(client, href) == ([5], {"Expenditure": D("10000.00")})
    href = f"{LEDGER}?line=1101&kind=reserve"
    assert links_to(page, href) == ["100.00 on line 1101"]
    assert ledger_listing(client, href) == ([6], {"Reserve for claims (Art. 2.3)": D("100.00")})


@pytest.mark.django_db
def test_committed_is_not_linked_as_a_ledger_total_and_the_page_says_why(client, seed, finance,
                                                                         postings):
    client.force_login(finance)
    html = budget_page(client, seed)
    page = read(html)
    # 1601 shows 2,000.00 committed (6,000 less the 4,000 paid), but its commitments total
    # 6,000.00 in the ledger: the link is "commitments", not the figure, and the page
    # explains the difference.
    href = f"{LEDGER}?line=1601&kind=commitment"
    assert links_to(page, href) == ["commitments on line 1601"]
    assert ledger_listing(client, href) == ([2], {"Commitment": D("6000.00")})
    assert not [text for _href, text in page.links if text.startswith("2,000.00")]
    assert "Committed is not a total of the ledger" in html
    # 5601's committed (13% of the 2,000.00 held = 260.00) has no entries: no link.
    assert not [href for href, _text in page.links if "line=5601&kind=commitment" in href]
    assert ">260.00<" in html


@pytest.fixture
def over_spent(seed, letter, make_user):
    """A revision citing an exchange of letters raises 3201 by 200,000 to 473,000; 5601 stays
    57,522 (it is not revised). Spending all of 3201 charges 13% of 473,000 = 61,490.00 of
    PSC: 3,968.00 over 5601's budget."""
    fund = seed.fund
    proposer = make_user("programme1", agreement=seed, role=Membership.Role.DESA_PROGRAMME)
    approver = make_user("programme2", agreement=seed, role=Membership.Role.DESA_PROGRAMME)
    revision = propose_revision(fund=fund, new_amounts={"3201": D("473000.00")},
                                reason="The Government adds 200,000 for the forum",
                                letter=letter, amendment=letter, acting_user=proposer)
    approve_revision(revision=revision, acting_user=approver, today=date(2014, 10, 6))
    record_contribution(fund=fund, amount=usd("700000.00"), value_date=date(2014, 8, 15),
                        acting_user=None)
    post_expenditure(fund=fund, line_code="3201", amount=usd("473000.00"),
                     cost_element="travel", value_date=date(2014, 10, 10), acting_user=None)
    return fund


@pytest.mark.django_db
def test_an_over_spent_line_is_drawn_past_its_budget_mark_and_says_so(client, seed, finance,
                                                                      over_spent):
    client.force_login(finance)
    page = read(budget_page(client, seed))
    chart = chart_of(page, "5601")
    drawn = chart["bars"]
    # As worked out above: spent fills the track, 356.00; the budget ends at 2 + 333.03; the
    # 22.97 beyond the mark is outlined.
    assert drawn["bar-spent"]["width"] == "356.00"
    assert (drawn["bar-budget"]["width"], drawn["budget-mark"]["x1"]) == ("333.03", "335.03")
    assert (drawn["bar-over"]["x"], drawn["bar-over"]["width"]) == ("335.03", "22.97")
    assert "is-over" in chart["classes"]
    assert chart["texts"]["figure-over"] == "over budget by 3,968.00"
    assert chart["name"].endswith(": budget 57,522.00 US dollars, committed 0.00, "
                                  "spent 61,490.00; over budget by 3,968.00.")
    # 3201, spent to the cent of its revised budget, ends at its mark and is not over.
    full = chart_of(page, "3201")
    assert full["bars"]["bar-spent"]["width"] == full["bars"]["bar-budget"]["width"] == "356.00"
    assert "bar-over" not in full["bars"] and full["texts"]["figure-available"] == (
        "available 0.00")


@pytest.mark.django_db
def test_bar_lengths_stay_numbers_in_a_language_with_a_decimal_comma(client, seed, postings,
                                                                      make_user):
    client.force_login(make_user("auditor", agreement=seed, role=Membership.Role.AUDITOR))
    chart = chart_of(read(budget_page(client, seed, HTTP_ACCEPT_LANGUAGE="ru")), "1601")
    # The SVG's lengths are never "35,60"; the figures are written as Russian writes them.
    assert chart["bars"]["bar-spent"]["width"] == "35.60"
    assert "4\u00a0000,00" in chart["texts"]["figure-spent"]
