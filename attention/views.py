from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_safe

from agreements import access
from agreements.dates import portal_today
from attention.calendar_feed import calendar_for, feed_owner
from attention.items import attention_for
from notifications.models import OutboxMessage


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What needs my attention, fund by fund, for the role I hold on each."""
    today = portal_today()
    funds = attention_for(request.user, today)
    # Mail that could not go anywhere is the administrators' to sort out.
    undeliverable = (OutboxMessage.objects.filter(
        status__in=[OutboxMessage.Status.SKIPPED, OutboxMessage.Status.FAILED]).count()
        if access.is_administrator(request.user) else 0)
    return render(request, "attention/home.html", {
        "funds": funds, "today": today, "undeliverable": undeliverable,
        "nothing": not undeliverable and not any(fund.items for fund in funds)})


@login_not_required
@require_safe  # calendar programs may ask HEAD first
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The feed a calendar program reads: no session, the secret in the address is the key;
    an unknown or revoked one is 404."""
    user = feed_owner(secret)
    if user is None:
        raise Http404
    response = HttpResponse(calendar_for(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="trust-funds.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["Referrer-Policy"] = "no-referrer"
    return response
