"""The number of queries of each main page is pinned, as Zulip pins its endpoints: a page
that starts asking the database once per row, or once per capability, fails here. The fund
and what the user may do there cost one query (web.access), whatever the page asks."""

import pytest

from agreements.models import Membership

BASE = "/funds/int-14-x46-a"

# The session and the user are two of each page's queries; the fund and the role one more.
PAGES = [
    # The notices, requests for arbitration, corrections awaiting a second officer, the
    # parties and the parties offered in the arbitration form; the pledges: the fund's
    # contributions received and the current schedule's instalments.
    ("agreement", f"{BASE}/", 10),
    # The pledges, and the schedules recorded with their instalments.
    ("pledges", f"{BASE}/pledges/", 7),
    # The current version, its groups and lines, the fund's and the lines' balances, and the
    # ledger's totals by line and kind (what the page's links to the ledger total).
    ("budget", f"{BASE}/budget/", 9),
    ("ledger", f"{BASE}/ledger/", 6),
    # A later page by keyset: the cursor entry's date is one more query; no COUNT.
    ("ledger, older page", f"{BASE}/ledger/?before=20", 7),
    # A filter adds its totals: whole months from the monthly totals, the cut month's days
    # from the entries.
    ("ledger, filtered", f"{BASE}/ledger/?date_from=2014-09-15&date_to=2014-12-31", 8),
    ("ledger import", f"{BASE}/ledger/import/", 6),
    # One entry with what it points to and its reversal (one join), its documents with who
    # uploaded and removed them, and whether its year is closed (for who may remove).
    ("entry", f"{BASE}/ledger/20/", 6),
    ("forum", f"{BASE}/forum/", 11),
    ("participants", f"{BASE}/forum/participants/", 6),
    ("visas", f"{BASE}/forum/visas/", 5),
    ("reports", f"{BASE}/reports/", 8),
    ("statement", f"{BASE}/reports/statement/2014/", 13),
    # What needs attention, per fund of the person: memberships with notices and disputes
    # (3), the revisions awaiting approval, the report calendar (issued versions with their
    # answers, deliveries, narratives, the lifecycle, the last month) and the closed years.
    ("home", "/", 12),
    # The members with their users, and the page's fund.
    ("people", f"{BASE}/members/", 5),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "url", "most"), PAGES, ids=[page for page, *_ in PAGES])
def test_main_page_query_count_is_pinned(client, demo_fund, make_user,
                                         django_assert_max_num_queries, page, url, most):
    client.force_login(make_user("finance9", agreement=demo_fund.agreement,
                                 role=Membership.Role.DESA_FINANCE))
    with django_assert_max_num_queries(most):
        response = client.get(url)
    assert response.status_code == 200
