"""knox's token authentication, noting when each token was last used (api.TokenUse) so that
its owner sees it on the tokens page."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication

from api.models import TokenUse

# A token's last use is shown to the minute; writing it on every call would be a write per
# API request.
NOTE_EVERY = timedelta(seconds=60)


def note_token_use(token_key: str) -> None:
    """One statement: the row is made on the first use and moved on only when a minute old,
    so that a busy client writes once a minute whatever its rate (PostgreSQL and SQLite)."""
    now = timezone.now()
    table = connection.ops.quote_name(TokenUse._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (token_key, last_used_at) VALUES (%s, %s) "  # noqa: S608
            f"ON CONFLICT (token_key) DO UPDATE SET last_used_at = excluded.last_used_at "
            f"WHERE {table}.last_used_at < %s",
            [token_key, adapt(now), adapt(now - NOTE_EVERY)])


class TokenAuthenticationNotingUse(TokenAuthentication):
    def authenticate_credentials(self, token: bytes):
        user, auth_token = super().authenticate_credentials(token)
        note_token_use(auth_token.token_key)
        return user, auth_token


class TokenNotingUseScheme(KnoxTokenScheme):
    """The schema describes it as knox's own token scheme (drf-spectacular matches the exact
    class only): the same `knoxApiToken`."""

    target_class = "api.authentication.TokenAuthenticationNotingUse"
