"""Two-factor sign-in (TOTP): a finance officer sets it up from the QR code's key and signs in
with codes computed here from that key (RFC 6238, independently of django-otp); a wrong code
is refused and counted by django-axes; a backup code works once; a Government officer is not
asked; an API token is not affected."""

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
from axes.models import AccessAttempt
from django.test import Client

from agreements.models import Membership
from api.tokens import create_api_token
from tests.conftest import PASSWORD

Role = Membership.Role


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238: HMAC-SHA1 of the 30-second counter, dynamically truncated to six digits."""
    key = base64.b32decode(secret)
    counter = struct.pack(">Q", int((time.time() if at is None else at) // 30))
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def sign_in(username: str) -> tuple[Client, object]:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD},
                           follow=True)
    return client, response


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED = True


@pytest.mark.django_db
def test_a_finance_officer_sets_up_the_second_factor_then_signs_in_with_it(required, seed,
                                                                           make_user):
    make_user("finance1", agreement=seed, role=Role.DESA_FINANCE)
    client, response = sign_in("finance1")
    # Sent to the set-up page, whatever was asked for.
    assert response.redirect_chain[-1][0] == "/accounts/second-factor/set-up/?next=%2F"
    assert client.get("/funds/int-14-x46-a/").status_code == 302
    page = response.content.decode()
    assert 'src="data:image/svg+xml' in page  # the QR code, from this origin
    secret = re.search(r"<code>([A-Z2-7]+)</code>", page).group(1)
    wrong = client.post("/accounts/second-factor/set-up/", {"token": "000000", "next": "/"})
    assert "not the one your authenticator shows" in wrong.content.decode()
    done = client.post("/accounts/second-factor/set-up/", {"token": totp(secret), "next": "/"})
    codes = re.findall(r"<li><code>([0-9a-f]{10})</code></li>", done.content.decode())
    assert len(codes) == 10 and done["Cache-Control"] == "no-store"
    assert client.get("/funds/int-14-x46-a/").status_code == 200
    # The next sign-in asks for a code; the next 30-second step's code, as the device drifts.
    client, response = sign_in("finance1")
    assert response.redirect_chain[-1][0] == "/accounts/second-factor/?next=%2F"
    after = client.post("/accounts/second-factor/", {"token": totp(secret, time.time() + 30),
                                                     "next": "/funds/int-14-x46-a/"})
    assert after.status_code == 302 and after["Location"] == "/funds/int-14-x46-a/"
    assert client.get("/funds/int-14-x46-a/").status_code == 200
    # A backup code works once.
    client, _response = sign_in("finance1")
    assert client.post("/accounts/second-factor/", {"token": codes[0]}).status_code == 302
    client, _response = sign_in("finance1")
    again = client.post("/accounts/second-factor/", {"token": codes[0]})
    assert again.status_code == 200 and "This code is not valid" in again.content.decode()


@pytest.mark.django_db
def test_wrong_codes_count_as_failed_sign_ins_for_axes(required, seed, make_user, settings):
    make_user("finance1", agreement=seed, role=Role.DESA_FINANCE)
    client, response = sign_in("finance1")
    page = response.content.decode()
    secret = re.search(r"<code>([A-Z2-7]+)</code>", page).group(1)
    client.post("/accounts/second-factor/set-up/", {"token": totp(secret)})
    client, _response = sign_in("finance1")
    for _attempt in range(2):
        refused = client.post("/accounts/second-factor/", {"token": "123456"})
        assert "This code is not valid" in refused.content.decode()
    assert AccessAttempt.objects.get(username="finance1").failures_since_start == 2
    assert client.get("/funds/int-14-x46-a/").status_code == 302
    # At the limit the account is locked: even the right code is refused for a while.
    settings.AXES_FAILURE_LIMIT = 2
    locked = client.post("/accounts/second-factor/", {"token": totp(secret, time.time() + 30)})
    assert "Too many failed attempts" in locked.content.decode()
    assert client.get("/funds/int-14-x46-a/").status_code == 302


@pytest.mark.django_db
def test_a_government_officer_is_not_asked_and_an_api_token_is_not_affected(required, seed,
                                                                           make_user):
    make_user("government", agreement=seed, role=Role.GOVERNMENT)
    client, response = sign_in("government")
    assert response.redirect_chain[-1][0] == "/"
    assert client.get("/funds/int-14-x46-a/").status_code == 200
    finance = make_user("finance1", agreement=seed, role=Role.DESA_FINANCE)
    _token, secret = create_api_token(owner=finance, days=1, acting_user=finance)
    response = Client().get("/api/v1/funds/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_funds_administrator_and_a_superuser_must_use_it(required, seed, make_user):
    from agreements.actions import grant_membership

    programme = make_user("programme1")
    grant_membership(agreement=seed, user=programme, role=Role.DESA_PROGRAMME,
                     administers=True, acting_user=None)
    make_user("admin", superuser=True)
    for username in ("programme1", "admin"):
        _client, response = sign_in(username)
        assert response.redirect_chain[-1][0].startswith("/accounts/second-factor/set-up/")
