"""How long a signed-in session lasts (docs/access.md#sessions): it ends after
SESSION_IDLE_TIMEOUT without a request, and SESSION_ABSOLUTE_LIFETIME after signing in however
active it is. The person is then signed out and sent to the sign-in page with the reason.

Token-authenticated API calls carry no session and are not affected; a session-authenticated
API call past its time is answered as an anonymous one (401), not redirected."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.translation import ngettext

# In the session, as seconds since the epoch: when it signed in and when it was last seen.
SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
# "Last seen" is written at most once a minute: writing it on every request would save the
# session (a database UPDATE) on every page; an idle timeout counted in minutes does not need
# more than a minute's precision.
REFRESH_AFTER_SECONDS = 60
API_PREFIX = "/api/v1/"


def _now() -> int:
    return int(timezone.now().timestamp())


def note_sign_in(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """At sign-in (`user_logged_in`): the session's clock starts."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[LAST_SEEN_AT] = _now()


def why_expired(session: SessionBase, now: int) -> str | None:
    """Why this signed-in session is over, or None while it is not."""
    idle = int(settings.SESSION_IDLE_TIMEOUT.total_seconds())
    lifetime = int(settings.SESSION_ABSOLUTE_LIFETIME.total_seconds())
    if now - session[SIGNED_IN_AT] > lifetime:
        hours = lifetime // 3600
        return ngettext("You were signed out %(hours)d hour after signing in; sign in again.",
                        "You were signed out %(hours)d hours after signing in; sign in again.",
                        hours) % {"hours": hours}
    if now - session[LAST_SEEN_AT] > idle:
        minutes = idle // 60
        return ngettext(
            "You were signed out after %(minutes)d minute without activity; sign in again.",
            "You were signed out after %(minutes)d minutes without activity; sign in again.",
            minutes) % {"minutes": minutes}
    return None


class SessionLifetimeMiddleware:
    """After authentication and messages, before anything trusts the session's user. It reads
    the session only (already loaded for the user), never the user's row, so it adds no query
    to a page; it saves the session only when "last seen" is a minute old."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if SESSION_KEY not in session:
            return self.get_response(request)
        now = _now()
        if SIGNED_IN_AT not in session:
            # A session from before this rule: its clock starts now (one save, once).
            session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = now
        reason = why_expired(session, now)
        if reason is not None:
            logout(request)
            messages.info(request, reason)
            # The API answers anonymous callers 401; the sign-in page signs in afresh.
            if (request.path_info.startswith(API_PREFIX)
                    or request.path_info == resolve_url(settings.LOGIN_URL)):
                return self.get_response(request)
            return redirect_to_login(request.get_full_path())
        if now - session[LAST_SEEN_AT] >= REFRESH_AFTER_SECONDS:
            session[LAST_SEEN_AT] = now
        return self.get_response(request)
