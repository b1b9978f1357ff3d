"""Sends a signed-in person who must pass the second factor, and has not yet in this
session, to the page where they do (accounts.second_factor). Token-authenticated API calls
carry no session user here and are not affected."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from accounts.second_factor import has_second_factor, second_factor_required

# What a person may reach before the second factor: the factor's pages, signing out,
# choosing a language.
OPEN_NAMES = ("second_factor", "second_factor_setup", "logout", "choose_language")


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.open_paths = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (user.is_authenticated and not user.is_verified()
                and request.path not in self._open_paths()
                and not request.path.startswith("/static/")
                and second_factor_required(request)):
            target = "second_factor" if has_second_factor(user) else "second_factor_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _open_paths(self) -> set[str]:
        if self.open_paths is None:
            self.open_paths = {reverse(name) for name in OPEN_NAMES}
        return self.open_paths
