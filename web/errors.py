"""Answers for what goes wrong outside a view's own refusals: too large a request, a fund
busy with another act (a lock or a statement timing out), the database out of reach, and the
error pages, as JSON under /api/ and as pages elsewhere (docs/operations.md#limits)."""

import sys
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 5
# PostgreSQL's SQLSTATEs for a lock not granted in time and a statement cancelled by its
# timeout.
BUSY_CODES = {"55P03", "57014"}


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _answer(request: HttpRequest, status: int, code: str, message: str,
            template: str) -> HttpResponse:
    if is_api(request):
        response = JsonResponse({"code": code, "message": message}, status=status)
    else:
        response = render(request, template, {"message": message}, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def unavailable(request: HttpRequest, error: DatabaseError) -> HttpResponse:
    """503: the fund is busy (a lock or a statement timed out), or the database is out of
    reach; the act wrote nothing and may be tried again."""
    code = getattr(getattr(error, "__cause__", None), "pgcode", None) or getattr(
        error, "pgcode", None)
    if code in BUSY_CODES:
        return _answer(request, 503, "busy", _(
            "The fund is busy with another act; nothing was written. Try again in a few "
            "seconds."), "503.html")
    return _answer(request, 503, "unavailable", _(
        "The database cannot be reached just now; nothing was written. Try again shortly."),
        "503.html")


class RequestLimitsMiddleware:
    """Refuses a request whose body is larger than MAX_REQUEST_BYTES before reading any of
    it (so nothing is written to disk), and turns a database that is busy or out of reach
    into a 503 that says so."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return _answer(request, 413, "too_large", _(
                "The request is larger than %(mb)s MB; nothing was read or written.")
                % {"mb": settings.MAX_REQUEST_BYTES // (1024 * 1024)}, "413.html")
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, OperationalError):
            return unavailable(request, exception)
        return None


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, 400, "bad_request", _("The request could not be read."),
                   "400.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None
                      ) -> HttpResponse:
    return _answer(request, 403, "permission_denied",
                   _("Your role on this fund does not allow this."), "403.html")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, 404, "not_found", _("There is nothing here."), "404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError):
        return unavailable(request, error)
    return _answer(request, 500, "server_error", _(
        "Something went wrong on our side; it has been logged. Nothing you sent was lost "
        "if the page said so; otherwise try again."), "500.html")
