"""The home page: what needs my attention on the demo fund, for my role, on 27 November 2026.
Expected items worked out by hand from Art. 5 (annual reports due by 30 June of the next
year) and the demo's issued 2014 statement (b) and budget analysis (c)."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from accounts.models import User
from agreements.models import Agreement, Membership
from reports.demo import issue_demo_reports
from tests.conftest import PASSWORD

Role = Membership.Role
TODAY = datetime(2026, 11, 27, 12, tzinfo=UTC)


@pytest.fixture
def demo(demo_fund, make_user):
    for username, role in (("finance1", Role.DESA_FINANCE), ("government", Role.GOVERNMENT),
                           ("auditor", Role.AUDITOR)):
        make_user(username, agreement=demo_fund.agreement, role=role)
    with time_machine.travel(TODAY, tick=False):
        issue_demo_reports(fund=demo_fund)
    return demo_fund


def home_items(username: str) -> list[str]:
    client = Client()
    client.force_login(User.objects.get(username=username))
    with time_machine.travel(TODAY, tick=False):
        response = client.get("/")
    assert response.status_code == 200
    items = response.context["funds"][0].items if response.context["funds"] else []
    return [item.text for item in items]


@pytest.mark.django_db
def test_each_demo_role_sees_its_own_items(demo):
    finance = home_items("finance1")
    # (b) for 2014 is issued; 2015 to 2025 are overdue (due 30 June of 2016 to 2026); 2026 is
    # due on 30 June 2027, beyond 60 days. 2014 is closed, so 2015 is the next to close.
    assert finance == [
        f"(b) Annual financial statement for {year} is overdue (due 30 June {year + 1})"
        for year in range(2015, 2026)] + ["2015 can be closed: issue its financial statement"]
    programme = home_items("programme1")
    # (a) was never issued: 2014 to 2025 overdue; (c) 2014 is issued: 2015 to 2025 overdue.
    assert len(programme) == 12 + 11
    assert "(a) Annual progress report for 2014 is overdue (due 30 June 2015)" in programme
    assert "(c) Annual budget analysis for 2014 is overdue (due 30 June 2015)" not in programme
    assert "(c) Annual budget analysis for 2025 is overdue (due 30 June 2026)" in programme
    government = home_items("government")
    assert sorted(government) == [
        "(b) Annual financial statement for 2014 (version 1) was issued to the Government: "
        "acknowledge its receipt or return it",
        "(c) Annual budget analysis for 2014 (version 1) was issued to the Government: "
        "acknowledge its receipt or return it"]
    assert home_items("auditor") == []


@pytest.mark.django_db
def test_an_empty_home_page_says_there_is_nothing_to_do(demo):
    client = Client()
    client.force_login(User.objects.get(username="auditor"))
    page = client.get("/").content.decode()
    assert "Nothing needs your attention today." in page
    assert "Nothing to do on this fund." in page


@pytest.mark.django_db
def test_each_item_links_to_where_it_is_done(demo):
    client = Client()
    client.force_login(User.objects.get(username="government"))
    page = client.get("/").content.decode()
    assert 'href="/funds/int-14-x46-a/reports/statement/2014/"' in page
    assert client.get("/funds/int-14-x46-a/reports/statement/2014/").status_code == 200


@pytest.mark.django_db
def test_a_revision_awaits_the_other_officers_not_its_proposer(seed, people, letter):
    from tests.notifications.test_outbox import propose

    revision = propose(seed, letter, people.programme1)
    text = f"Budget revision {revision.pk} proposed by Programme1 awaits your approval"
    assert text in home_items("finance2")
    # In the Russian that programme2 reads the portal in.
    assert (f"Пересмотр бюджета № {revision.pk} (автор предложения: Programme1) ожидает "
            "вашего утверждения") in home_items("programme2")
    assert text not in home_items("programme1")
    assert home_items("outsider") == [] and text not in home_items("government")


@pytest.mark.django_db
def test_another_funds_officer_sees_nothing_of_this_fund(demo, make_user):
    other = Agreement.objects.create(slug="other-fund", reference="OTHER/1", title="Other",
                                     signed_on=datetime(2014, 1, 1).date())
    make_user("outsider", agreement=other, role=Role.DESA_FINANCE)
    client = Client()
    client.force_login(User.objects.get(username="outsider"))
    page = client.get("/").content.decode()
    assert "INT/14/X46/A" not in page and "OTHER/1" in page


@pytest.mark.django_db
def test_the_home_page_takes_only_get(demo):
    client = Client()
    client.force_login(User.objects.get(username="finance1"))
    assert client.post("/").status_code == 405


@pytest.mark.django_db
def test_signing_in_lands_on_the_home_page(demo):
    client = Client()
    response = client.post("/accounts/login/", {"username": "government",
                                                "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
