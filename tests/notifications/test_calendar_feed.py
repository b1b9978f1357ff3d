"""The calendar feed: a secret address, read without signing in, parsed here with the
`icalendar` library as a calendar program would; revoked or unknown, it is 404. Dates
worked out by hand: the 2014 reports are due on 30 June 2015 (Art. 5); the forum opens on
28 October 2014 and closes on 30 October (forum.yaml), so visas are due on 14 October
(applications 28 days or more ahead) or 25 October, exit permits on 27 October
(Annex A, art. 3)."""

from datetime import date

import icalendar
import pytest
from django.test import Client

from tests.conftest import load_seed_files


def make_feed(user) -> tuple[Client, str]:
    client = Client()
    client.force_login(user)
    response = client.post("/account/calendar/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    page = response.content.decode()
    start = page.index("https://localhost/calendar/")
    return client, page[start:page.index(".ics", start) + 4].removeprefix("https://localhost")


def events(body: bytes) -> dict[date, list[str]]:
    found: dict[date, list[str]] = {}
    for event in icalendar.Calendar.from_ical(body).walk("VEVENT"):
        start = event.decoded("dtstart")
        day = start if isinstance(start, date) and not hasattr(start, "hour") else start.date()
        found.setdefault(day, []).append(str(event.get("summary")))
    return found


@pytest.mark.django_db
def test_the_government_officers_feed_holds_the_reports_and_the_visa_deadlines(seed, people):
    load_seed_files()
    client, address = make_feed(people.government)
    client.logout()
    response = Client().get(address)  # no session: the secret is the key
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(response.content)
    # The government officer reads Russian: the titles are in Russian.
    assert found[date(2015, 6, 30)] == ["INT/14/X46/A: срок представления отчётов по статье 5"]
    assert len(found[date(2014, 10, 14)]) == 1 and len(found[date(2014, 10, 25)]) == 1
    assert len(found[date(2014, 10, 27)]) == 1
    # The forum's meetings (forum.yaml), with their Russian titles: the opening plenary on
    # 28 October.
    assert ("Глобальный форум Организации Объединённых Наций по электронному правительству "
            "2014 года: Пленарное заседание открытия") in found[date(2014, 10, 28)]


@pytest.mark.django_db
def test_the_auditors_feed_has_no_visa_deadlines(seed, people):
    load_seed_files()
    _client, address = make_feed(people.auditor)
    found = events(Client().get(address).content)
    assert date(2015, 6, 30) in found
    assert date(2014, 10, 14) not in found and date(2014, 10, 27) not in found
    # An auditor reads English: the report deadline says so.
    assert found[date(2015, 6, 30)] == ["INT/14/X46/A: Article 5 reports due"]
    # Another fund's officer's feed holds nothing of this fund.
    _client, other = make_feed(people.outsider)
    assert "INT/14/X46/A" not in Client().get(other).content.decode()


@pytest.mark.django_db
def test_a_revoked_or_replaced_or_unknown_address_is_404(seed, people):
    client, first = make_feed(people.finance)
    # Shown once: the settings page does not show it again.
    assert first not in client.get("/account/notifications/").content.decode()
    _client, second = make_feed(people.finance)  # a new address replaces the first
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    client.post("/account/calendar/revoke/")
    assert Client().get(second).status_code == 404
    assert Client().get("/calendar/not-a-secret.ics").status_code == 404
    assert Client().get("/calendar/" + "x" * 300 + ".ics").status_code == 404


@pytest.mark.django_db
def test_a_calendar_program_may_ask_head_first(seed, people):
    _client, address = make_feed(people.auditor)
    assert Client().head(address).status_code == 200


@pytest.mark.django_db
def test_making_and_revoking_take_only_a_post(people):
    client = Client()
    client.force_login(people.finance)
    assert client.get("/account/calendar/").status_code == 405
    assert client.get("/account/calendar/revoke/").status_code == 405
    assert not people.finance.calendar_feeds.exists()
