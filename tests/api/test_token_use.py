"""The API tokens page lists the person's tokens still valid, each with when it was created,
when it expires and when it was last used (to the minute); expired ones are not listed."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from knox.models import AuthToken

from api.models import TokenUse
from api.tokens import create_api_token

NOW = datetime(2027, 1, 5, 9, 15, tzinfo=UTC)


def row_of(page: str, token_key: str) -> str:
    """The table row of one token, its cells' text joined by |."""
    row = re.search(rf"<tr><td><code>{token_key}</code></td>(.*?)</tr>", page, re.S).group(1)
    return "|".join(cell.strip() for cell in re.findall(r"<td>([^<]*)</td>", row))


def call_api(secret: str) -> None:
    response = Client().get("/api/v1/funds/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_token_shows_never_then_the_minute_of_its_last_use(make_user):
    user = make_user("finance1")
    browser = Client()
    with time_machine.travel(NOW, tick=False) as clock:
        browser.force_login(user)
        token, secret = create_api_token(owner=user, days=90, acting_user=user)
        page = browser.get("/api/tokens/").content.decode()
        assert row_of(page, token.token_key) == "2027-01-05 09:15|2027-04-05 09:15|never|" \
            "all my funds|read and post"
        clock.shift(timedelta(minutes=5))
        call_api(secret)
        page = browser.get("/api/tokens/").content.decode()
        assert row_of(page, token.token_key) == "2027-01-05 09:15|2027-04-05 09:15|" \
            "2027-01-05 09:20|all my funds|read and post"
        # Within the minute nothing is written; later, the use moves on.
        clock.shift(timedelta(seconds=40))
        call_api(secret)
        assert TokenUse.objects.get().last_used_at == NOW + timedelta(minutes=5)
        clock.shift(timedelta(minutes=2))
        call_api(secret)
        page = browser.get("/api/tokens/").content.decode()
        assert row_of(page, token.token_key).endswith(
            "|2027-01-05 09:22|all my funds|read and post")


@pytest.mark.django_db
def test_expired_tokens_are_not_listed_and_a_revoked_one_leaves_no_use(make_user):
    user = make_user("finance1")
    browser = Client()
    with time_machine.travel(NOW, tick=False) as clock:
        short, _secret = create_api_token(owner=user, days=1, acting_user=user)
        kept, secret = create_api_token(owner=user, days=30, acting_user=user)
        clock.shift(timedelta(days=2))
        browser.force_login(user)
        page = browser.get("/api/tokens/").content.decode()
        assert kept.token_key in page and short.token_key not in page
        call_api(secret)
        assert browser.post(f"/api/tokens/{kept.token_key}/revoke/").status_code == 302
        assert not TokenUse.objects.exists() and not AuthToken.objects.filter(
            token_key=kept.token_key).exists()


@pytest.mark.django_db
def test_another_persons_token_is_neither_listed_nor_revoked(make_user):
    owner, other = make_user("finance1"), make_user("finance2")
    token, _secret = create_api_token(owner=owner, days=30, acting_user=owner)
    browser = Client()
    browser.force_login(other)
    assert token.token_key not in browser.get("/api/tokens/").content.decode()
    assert browser.post(f"/api/tokens/{token.token_key}/revoke/").status_code == 404
    assert AuthToken.objects.filter(token_key=token.token_key).exists()


@pytest.mark.django_db
def test_the_tokens_pages_refuse_other_methods(make_user):
    user = make_user("finance1")
    token, _secret = create_api_token(owner=user, days=30, acting_user=user)
    browser = Client()
    browser.force_login(user)
    assert browser.put("/api/tokens/").status_code == 405
    assert browser.get(f"/api/tokens/{token.token_key}/revoke/").status_code == 405
    assert AuthToken.objects.filter(token_key=token.token_key).exists()


@pytest.mark.django_db
def test_the_page_shows_the_header_to_send_with_its_placeholder(make_user):
    browser = Client()
    browser.force_login(make_user("owner"))
    page = browser.get("/api/tokens/").content.decode()
    # Escaped, so that the browser shows "<token>" instead of swallowing it as a tag.
    assert "Authorization: Token &lt;token&gt;." in page
