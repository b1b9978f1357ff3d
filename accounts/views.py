"""The second factor's pages: setting up an authenticator, and giving its code after the
password; signing out of every browser."""

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.actions import sign_out_everywhere
from accounts.forms import CodeForm
from accounts.second_factor import (
    confirm_second_factor,
    has_second_factor,
    pending_device,
    secret_of,
    verify_second_factor,
)
from web.refusals import act_on_form


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                              require_https=request.is_secure())
    return target if allowed else "/"


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the key) into an authenticator app, then give its code."""
    if has_second_factor(request.user) and not request.user.is_verified():
        return redirect("second_factor")  # a new authenticator only after the old one's code
    device = pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        codes = act_on_form(form, lambda data: confirm_second_factor(
            request=request, token=data["token"], acting_user=request.user))
        if codes is not None:
            response = render(request, "accounts/backup_codes.html",
                              {"codes": codes, "next": _next(request)})
            response["Cache-Control"] = "no-store"
            return response
    response = render(request, "accounts/second_factor_setup.html", {
        "form": form, "next": _next(request), "secret": secret_of(device),
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=4)})
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified():
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and act_on_form(form, lambda data: verify_second_factor(
            request=request, token=data["token"]) or True):
        return redirect(_next(request))
    return render(request, "accounts/second_factor.html", {"form": form,
                                                           "next": _next(request)})


@require_POST
def sign_out_everywhere_view(request: HttpRequest) -> HttpResponse:
    """End every session of the person; this one is ended here rather than at its next
    request, so that the sign-in page it lands on is already signed out."""
    sign_out_everywhere(user=request.user, acting_user=request.user)
    logout(request)
    messages.success(request, _("You are signed out in every browser. Your API tokens still "
                                "work; revoke them on the API tokens page if need be."))
    return redirect("login")
