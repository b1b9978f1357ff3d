"""Query counts pinned for the pages added by issues 24 and 25, as tests/test_page_queries.py
pins the main pages: the fund administrators' pages (letterhead, publication, service
accounts), and the public factsheet and IATI files, computed (cache emptied) and then served
from the cache. The computed files read the monthly totals and the fund's records, never the
entries one by one: their counts do not grow with the ledger (bench/published_paths.py times
them at 1,000,000 entries)."""

import pytest
from django.core.cache import cache

from agreements.actions import grant_membership
from agreements.models import Membership
from publication.actions import set_publication

BASE = "/funds/int-14-x46-a"
PUBLIC = "/public/funds/int-14-x46-a"

# (page, url, signed in as the fund's administrator, most queries computed, most cached)
PAGES = [
    # The session, the user, the fund with the role, and the letterhead row.
    ("letterhead", f"{BASE}/reports/letterhead/", True, 4, 4),
    ("publication", f"{BASE}/publication/", True, 5, 5),
    ("service accounts", "/api/funds/int-14-x46-a/service-accounts/", True, 6, 6),
    # Computed: the publication, the cache key's reads, the figures (the statements' own
    # reads) and the issued reports, then the cache's read and write. From the cache: the
    # publication, the key's reads and the cache's read.
    ("factsheet", f"{PUBLIC}/", False, 21, 4),
    ("IATI activity file", f"{PUBLIC}/iati-activity.xml", False, 28, 4),
    ("IATI organisation file", "/public/iati-organisation.xml", False, 24, 4),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "url", "signed_in", "computed", "cached"), PAGES,
                         ids=[page for page, *_ in PAGES])
def test_new_page_query_count_is_pinned(client, demo_fund, make_user,
                                        django_assert_max_num_queries, page, url, signed_in,
                                        computed, cached):
    if signed_in:
        administrator = make_user("finance9")
        grant_membership(agreement=demo_fund.agreement, user=administrator,
                         role=Membership.Role.DESA_FINANCE, administers=True, acting_user=None)
        client.force_login(administrator)
    set_publication(fund=demo_fund, publish_iati=True, publish_factsheet=True,
                    acting_user=None)
    cache.clear()
    with django_assert_max_num_queries(computed):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(cached):
        assert client.get(url).status_code == 200
