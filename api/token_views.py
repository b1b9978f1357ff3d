"""Personal API tokens: created and revoked by their owner, stored hashed with an expiry
(django-rest-knox)."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST
from knox.models import AuthToken


class TokenForm(forms.Form):
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=365,
                              initial=90)


@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        _instance, created = AuthToken.objects.create(
            user=request.user, expiry=timedelta(days=form.cleaned_data["days"]))
    return render(request, "api/tokens.html", {
        "form": form, "created": created,
        "tokens": AuthToken.objects.filter(user=request.user).order_by("-created")})


@require_POST
def revoke(request: HttpRequest, key: str) -> HttpResponse:
    token = get_object_or_404(AuthToken, user=request.user, token_key=key)
    token.delete()
    messages.success(request, _("Token revoked."))
    return redirect("api:tokens")
