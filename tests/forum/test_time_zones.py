"""Times on pages follow the reader's time zone for one request only: the forum's pages show
the host city's time (Astana, UTC+6 in 2014), and that never leaks into the next request
served by the same thread (docs/decisions/0006-time-zones-per-request.md)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from agreements.models import Membership
from forum.actions import schedule_meeting


@pytest.mark.django_db
def test_a_forum_page_does_not_change_the_times_of_the_next_request(client, forum, make_user):
    officer = make_user("programme9", agreement=forum.fund.agreement,
                        role=Membership.Role.DESA_PROGRAMME)
    client.force_login(officer)
    # 04:00 UTC is 10:00 in Astana (UTC+6).
    schedule_meeting(forum=forum, kind="seminar", title="Open data seminar",
                     starts_at=datetime(2014, 10, 29, 4, 0, tzinfo=UTC),
                     ends_at=datetime(2014, 10, 29, 5, 30, tzinfo=UTC), premises="Hall B",
                     acting_user=officer)
    forum_page = client.get("/funds/int-14-x46-a/forum/").content.decode()
    assert "10:00" in forum_page
    # The next request on this thread: the narrative page shows when it was last written,
    # in the reader's zone (the portal's, UTC here), not in Astana's.
    client.post("/funds/int-14-x46-a/reports/progress/2014/narrative/",
                {"summary": "The forum was held.", "challenges": "", "next_steps": ""})
    written = forum.fund.narratives.get(year=2014).updated_at
    page = client.get("/funds/int-14-x46-a/reports/progress/2014/narrative/").content.decode()
    assert f"{written.astimezone(UTC):%H:%M}" in page
    assert f"{written.astimezone(ZoneInfo('Asia/Almaty')):%H:%M}" not in page
    assert timezone.get_current_timezone_name() == "UTC"


@pytest.mark.django_db
def test_a_users_own_time_zone_is_used_for_their_requests_only(client, forum, make_user):
    officer = make_user("programme9", agreement=forum.fund.agreement,
                        role=Membership.Role.DESA_PROGRAMME)
    officer.time_zone = "America/New_York"
    officer.save()
    client.force_login(officer)
    client.post("/funds/int-14-x46-a/reports/progress/2014/narrative/",
                {"summary": "Held.", "challenges": "", "next_steps": ""})
    written = forum.fund.narratives.get(year=2014).updated_at
    page = client.get("/funds/int-14-x46-a/reports/progress/2014/narrative/").content.decode()
    assert f"{written.astimezone(ZoneInfo('America/New_York')):%H:%M}" in page
    assert timezone.get_current_timezone_name() == "UTC"
