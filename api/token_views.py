"""Personal API tokens: created and revoked by their owner (api.tokens); the page lists the
ones still valid with their last use (api.TokenUse)."""

from django import forms
from django.contrib import messages
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST
from knox.models import AuthToken

from api.models import TokenUse
from api.tokens import MAX_DAYS, create_api_token, revoke_api_token
from web.refusals import act_on_form


class TokenForm(forms.Form):
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=MAX_DAYS,
                              initial=90)


def active_tokens(user) -> QuerySet[AuthToken]:
    """The person's tokens not yet expired (knox deletes expired ones only when they are
    next presented), each with `last_used_at` (None: never used)."""
    return (AuthToken.objects.filter(Q(expiry=None) | Q(expiry__gt=timezone.now()), user=user)
            .annotate(last_used_at=Subquery(TokenUse.objects.filter(
                token_key=OuterRef("token_key")).values("last_used_at")[:1]))
            .order_by("-created"))


@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST":
        made = act_on_form(form, lambda data: create_api_token(
            owner=request.user, days=data["days"], acting_user=request.user))
        created = made[1] if made else None
    return render(request, "api/tokens.html", {
        "form": form, "created": created,
        "tokens": active_tokens(request.user)})


@require_POST
def revoke(request: HttpRequest, key: str) -> HttpResponse:
    token = get_object_or_404(AuthToken.objects.select_related("user"), user=request.user,
                              token_key=key)
    revoke_api_token(token=token, acting_user=request.user)
    messages.success(request, _("Token revoked."))
    return redirect("api:tokens")
