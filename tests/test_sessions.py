"""How long a session lasts (docs/access.md#sessions): a signed-in browser is signed out
after half an hour without a request, and twelve hours after signing in however active, and
told why; "sign out everywhere" ends every browser session of the person, this one
included, and leaves their API tokens working."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from api.tokens import create_api_token
from audit.models import AuditEvent
from tests.conftest import PASSWORD

SETTINGS_PAGE = "/account/notifications/"
SIGN_IN_AT = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def signed_in(username: str) -> Client:
    """A browser that signed in through the sign-in page."""
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def sent_to_sign_in(client: Client, url: str = SETTINGS_PAGE) -> str:
    """The sign-in page a signed-out browser lands on when it asks for `url`, as text."""
    response = client.get(url, follow=True)
    assert response.redirect_chain[0][0] == f"/accounts/login/?next={url}"
    return response.content.decode()


@pytest.mark.django_db
def test_a_session_idle_for_half_an_hour_is_signed_out_and_told_why(make_user):
    make_user("government")
    with time_machine.travel(SIGN_IN_AT, tick=False) as clock:
        client = signed_in("government")
        # Activity keeps the session: 25 minutes, then 25 more, is never 30 idle.
        clock.shift(timedelta(minutes=25))
        assert client.get(SETTINGS_PAGE).status_code == 200
        clock.shift(timedelta(minutes=25))
        assert client.get(SETTINGS_PAGE).status_code == 200
        clock.shift(timedelta(minutes=31))
        page = sent_to_sign_in(client)
        assert "You were signed out after 30 minutes without activity; sign in again." in page
        # Signed out for good, not just redirected once.
        assert client.get(SETTINGS_PAGE).status_code == 302
        assert signed_in("government").get(SETTINGS_PAGE).status_code == 200


@pytest.mark.django_db
def test_an_active_session_ends_twelve_hours_after_signing_in(make_user):
    make_user("government")
    with time_machine.travel(SIGN_IN_AT, tick=False) as clock:
        client = signed_in("government")
        for _request in range(12 * 3):  # a request every 20 minutes, for 12 hours
            clock.shift(timedelta(minutes=20))
            assert client.get(SETTINGS_PAGE).status_code == 200
        clock.shift(timedelta(minutes=1))
        page = sent_to_sign_in(client)
        assert "You were signed out 12 hours after signing in; sign in again." in page


@pytest.mark.django_db
def test_the_lifetimes_come_from_the_settings(make_user, settings):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=5)
    make_user("government")
    with time_machine.travel(SIGN_IN_AT, tick=False) as clock:
        client = signed_in("government")
        assert "A session ends after 5 minutes without activity, and 12 hours after signing " \
            "in" in client.get(SETTINGS_PAGE).content.decode()
        clock.shift(timedelta(minutes=6))
        assert "after 5 minutes without activity" in sent_to_sign_in(client)


@pytest.mark.django_db
def test_an_idle_session_calling_the_api_gets_401_and_a_token_is_not_affected(make_user):
    user = make_user("government")
    with time_machine.travel(SIGN_IN_AT, tick=False) as clock:
        client = signed_in("government")
        _token, secret = create_api_token(owner=user, days=30, acting_user=user)
        assert client.get("/api/v1/funds/").status_code == 200
        clock.shift(timedelta(minutes=31))
        assert client.get("/api/v1/funds/").status_code == 401
        assert client.get(SETTINGS_PAGE).status_code == 302  # signed out by that call
        by_token = Client().get("/api/v1/funds/", HTTP_AUTHORIZATION=f"Token {secret}")
        assert by_token.status_code == 200


@pytest.mark.django_db
def test_sign_out_everywhere_ends_every_browser_session_but_not_api_tokens(make_user):
    user = make_user("government")
    _token, secret = create_api_token(owner=user, days=30, acting_user=user)
    office, home = signed_in("government"), signed_in("government")
    other = make_user("auditor")
    someone_else = signed_in("auditor")
    assert "Sign out everywhere" in office.get(SETTINGS_PAGE).content.decode()
    response = office.post("/accounts/sign-out-everywhere/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert "You are signed out in every browser." in response.content.decode()
    assert office.get(SETTINGS_PAGE).status_code == 302
    assert home.get(SETTINGS_PAGE).status_code == 302
    # Another person's session is theirs.
    assert someone_else.get(SETTINGS_PAGE).status_code == 200
    by_token = Client().get("/api/v1/funds/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert by_token.status_code == 200
    [event] = AuditEvent.objects.filter(action="account.signed_out_everywhere")
    assert event.actor == user and "government" in event.summary
    # Signing in again works, and only the new session counts.
    assert signed_in("government").get(SETTINGS_PAGE).status_code == 200
    assert home.get(SETTINGS_PAGE).status_code == 302
    assert not AuditEvent.objects.filter(actor=other).exists()


@pytest.mark.django_db
def test_sign_out_everywhere_is_posted_only(make_user):
    make_user("government")
    client = signed_in("government")
    assert client.get("/accounts/sign-out-everywhere/").status_code == 405
    assert client.get(SETTINGS_PAGE).status_code == 200
    assert not AuditEvent.objects.filter(action="account.signed_out_everywhere").exists()
