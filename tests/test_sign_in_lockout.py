"""Sign-in lockouts behind the TLS proxy (docs/operations.md#behind-a-proxy): the client's
address is read from X-Forwarded-For only when a trusted proxy is configured, and a lockout
holds a user name at an address together, so that one person's typos behind an office's
shared address lock out neither their colleagues nor the whole office."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

PROXY = "127.0.0.1"  # nginx on the same host, as deploy/nginx-trustfund.conf runs it
OFFICE, ELSEWHERE = "203.0.113.5", "198.51.100.7"


def sign_in(client, username: str, password: str, *, client_address: str,
            forwarded: str | None = None):
    extra = {"REMOTE_ADDR": client_address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    client.logout()
    return client.post(reverse("login"), {"username": username, "password": password},
                       **extra)


@pytest.mark.django_db
def test_behind_the_proxy_a_lockout_holds_one_name_at_one_address(client, make_user,
                                                                  settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_user("finance1")
    make_user("government")
    for _attempt in range(5):
        # nginx appends the address it saw; a client's own header stays on the left.
        sign_in(client, "finance1", "wrong", client_address=PROXY,
                forwarded=f"10.9.9.9, {OFFICE}")
    locked = sign_in(client, "finance1", PASSWORD, client_address=PROXY, forwarded=OFFICE)
    assert locked.status_code == 429
    # A colleague in the same office, behind the same address, still signs in...
    assert sign_in(client, "government", PASSWORD, client_address=PROXY,
                   forwarded=OFFICE).status_code == 302
    # ...and so does the same person from elsewhere.
    assert sign_in(client, "finance1", PASSWORD, client_address=PROXY,
                   forwarded=ELSEWHERE).status_code == 302


@pytest.mark.django_db
def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, make_user,
                                                                 settings):
    settings.TRUSTED_PROXY_COUNT = 0
    make_user("finance1")
    for attempt in range(5):
        # A client that forges a new X-Forwarded-For each time gains nothing.
        sign_in(client, "finance1", "wrong", client_address=OFFICE,
                forwarded=f"192.0.2.{attempt}")
    assert sign_in(client, "finance1", PASSWORD, client_address=OFFICE,
                   forwarded="192.0.2.99").status_code == 429
    assert sign_in(client, "finance1", PASSWORD, client_address=ELSEWHERE).status_code == 302
