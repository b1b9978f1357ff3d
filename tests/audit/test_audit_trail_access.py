"""Who reads a fund's audit trail: its auditors, its administrators and the portal's
administrators. Its other officers (the Government's included) are refused with 403, and
another fund's auditor does not learn the fund exists (404). The trail is read-only: no
method but GET."""

import pytest
from django.test import Client

from agreements.actions import grant_membership, revoke_membership
from agreements.models import Agreement, Membership
from api.tokens import create_api_token
from audit.models import AuditEvent
from tests.conftest import PASSWORD

Role = Membership.Role
URLS = ["/funds/int-14-x46-a/audit/", "/funds/int-14-x46-a/audit.csv",
        "/funds/int-14-x46-a/audit.xlsx"]


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(seed, make_user):
    found = {role: make_user(role, agreement=seed, role=role) for role in Role.values}
    found["administrator"] = make_user("administrator", agreement=seed,
                                       role=Role.DESA_PROGRAMME)
    Membership.objects.filter(user=found["administrator"]).update(administers=True)
    found["superuser"] = make_user("superuser", superuser=True)
    other = Agreement.objects.create(slug="other-fund", reference="OTHER/1", title="Other",
                                     signed_on=seed.signed_on)
    found["stranger"] = make_user("stranger")
    grant_membership(agreement=other, user=found["stranger"], role=Role.AUDITOR,
                     acting_user=None)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("who", [Role.AUDITOR, "administrator", "superuser"])
def test_auditors_and_administrators_read_the_trail_and_download_it(people, who):
    client = client_of(people[who])
    for url in URLS:
        assert client.get(url).status_code == 200, url
    fund_page = client.get("/funds/int-14-x46-a/").content.decode()
    assert 'href="/funds/int-14-x46-a/audit/"' in fund_page


@pytest.mark.django_db
@pytest.mark.parametrize("who", [Role.GOVERNMENT, Role.DESA_FINANCE, Role.DESA_PROGRAMME])
def test_the_funds_other_officers_are_refused_and_see_no_link(people, who):
    client = client_of(people[who])
    for url in URLS:
        assert client.get(url).status_code == 403, url
    assert "/audit/" not in client.get("/funds/int-14-x46-a/").content.decode()


@pytest.mark.django_db
def test_another_funds_auditor_gets_404(people):
    client = client_of(people["stranger"])
    for url in URLS:
        assert client.get(url).status_code == 404, url
    assert client_of(people["stranger"]).get("/funds/other-fund/audit/").status_code == 200


@pytest.mark.django_db
def test_a_visitor_is_sent_to_sign_in(people):
    response = Client().get(URLS[0])
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_the_trail_takes_no_writes(people):
    client = client_of(people[Role.AUDITOR])
    events = AuditEvent.objects.count()
    for url in URLS:
        for method in (client.post, client.put, client.delete):
            assert method(url).status_code == 405, (url, method)
    assert AuditEvent.objects.count() == events


def sign_in(username: str) -> None:
    Client().post("/accounts/login/", {"username": username, "password": PASSWORD})


def trail_of(people) -> str:
    return client_of(people[Role.AUDITOR]).get(URLS[0] + "?kind=").content.decode()


@pytest.mark.django_db
def test_another_funds_people_are_not_in_this_funds_trail(people):
    """The stranger (an auditor of another fund only) signs in and makes an API token: none
    of it is this fund's business. A member's same acts are."""
    sign_in("stranger")
    create_api_token(owner=people["stranger"], days=30, acting_user=people["stranger"])
    sign_in(Role.GOVERNMENT)
    create_api_token(owner=people[Role.GOVERNMENT], days=30,
                     acting_user=people[Role.GOVERNMENT])
    page = trail_of(people)
    assert "Signed in as stranger" not in page and "stranger" not in page
    assert "Signed in as government" in page
    assert page.count("API token made") == 1


@pytest.mark.django_db
def test_a_removed_members_sign_ins_stay_until_their_removal_only(seed, people, make_user):
    leaver = make_user("leaver", agreement=seed, role=Role.DESA_PROGRAMME)
    sign_in("leaver")
    revoke_membership(membership=Membership.objects.get(user=leaver), acting_user=None)
    sign_in("leaver")
    Client().post("/accounts/login/", {"username": "leaver", "password": "wrong"})
    page = trail_of(people)
    assert page.count("Signed in as leaver") == 1
    assert "Failed sign-in as leaver" not in page
    assert "leaver removed from the fund (was DESA programme officer)" in page
