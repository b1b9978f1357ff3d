"""The language of a page: the one the signed-in person chose (accounts.User.
preferred_language) or, until they choose and for the sign-in page, the browser's (Django's
LocaleMiddleware: the language cookie, then Accept-Language). The switch on every page
posts to `choose_language`."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.actions import choose_language as remember_language

LANGUAGES = dict(settings.LANGUAGES)


class PreferredLanguageMiddleware:
    """After authentication: a signed-in person's chosen language wins over the browser's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = getattr(request.user, "preferred_language", "")
        if chosen in LANGUAGES:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)


@login_not_required
@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """Switch the language: remembered for the person (every session) when signed in, and in
    the language cookie for this browser (the sign-in page)."""
    language = request.POST.get("language", "")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if language not in LANGUAGES:
        return response
    if request.user.is_authenticated:
        remember_language(user=request.user, language=language, acting_user=request.user)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language,
                        max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
                        secure=request.is_secure(), httponly=True, samesite="Lax")
    return response
