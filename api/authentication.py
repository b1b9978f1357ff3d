"""knox's token authentication, noting when each token was last used (api.TokenUse) so that
its owner sees it on the tokens page, and carrying the token's scope (api.TokenScope) on the
user it authenticates, where the one permission layer (agreements.access) narrows what the
request may reach; a read-only token is refused every unsafe method here, for every
endpoint (docs/access.md#service-accounts-and-scoped-tokens)."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication
from rest_framework.permissions import SAFE_METHODS, BasePermission

from agreements.access import ApiScope, scope_of
from api.models import TokenScope, TokenUse

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


def scope_of_token(token) -> ApiScope | None:
    """The token's scope as the permission layer reads it; None for a token made before
    scopes (its owner's funds, read and post)."""
    row = TokenScope.objects.filter(token=token).values_list("fund__agreement_id",
                                                             "access").first()
    if row is None:
        return None
    agreement_id, level = row
    return ApiScope(agreement_id=agreement_id, read_only=level == TokenScope.Access.READ_ONLY)


class TokenAuthenticationNotingUse(TokenAuthentication):
    def authenticate_credentials(self, token: bytes):
        user, auth_token = super().authenticate_credentials(token)
        note_token_use(auth_token.token_key)
        # On this request's user object only: agreements.access reads it from there, so
        # every fund lookup of the request is narrowed, whichever view makes it.
        user.api_scope = scope_of_token(auth_token)
        return user, auth_token


class WithinTokenScope(BasePermission):
    """A read-only token reads: every unsafe method is refused (403), on every endpoint, as
    a default permission class (REST_FRAMEWORK in settings)."""

    message = _("This API token is read-only: it may not post, change or delete anything. "
                "Use a token with read-and-post access.")
    code = "read_only_token"

    def has_permission(self, request, view) -> bool:
        if not hasattr(view, request.method.lower()):
            return True  # a method the endpoint does not take: its 405, not a 403
        scope = scope_of(request.user)
        return request.method in SAFE_METHODS or scope is None or not scope.read_only


class TokenNotingUseScheme(KnoxTokenScheme):
    """The schema describes it as knox's own token scheme (drf-spectacular matches the exact
    class only): the same `knoxApiToken`."""

    target_class = "api.authentication.TokenAuthenticationNotingUse"
