"""Times on pages in the reader's time zone, activated for one request and always
deactivated after it (docs/decisions/0006-time-zones-per-request.md).

Without this, a `timezone.activate()` in one view stayed active on that worker thread and
shifted the times of whoever's request it served next."""

from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.http import HttpRequest, HttpResponse
from django.utils import timezone


def _zone_of(user) -> ZoneInfo | None:
    name = getattr(user, "time_zone", "") if user.is_authenticated else ""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


class TimeZoneMiddleware:
    """The user's time zone (or the portal's) for the request; a page may choose another for
    itself (the forum shows the host city's time) with `show_times_in`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = _zone_of(request.user)
        if zone is not None:
            timezone.activate(zone)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def show_times_in(zone: str) -> None:
    """For the rest of this request, show and read times in `zone` (the middleware undoes
    it when the response is made)."""
    timezone.activate(ZoneInfo(zone))
