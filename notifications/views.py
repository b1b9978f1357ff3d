from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from attention.calendar_feed import make_calendar_feed, revoke_calendar_feed
from attention.models import CalendarFeed
from notifications.forms import PreferencesForm
from notifications.mail import portal_link
from notifications.preferences import save_preferences
from web.refusals import act_on_form


def _settings_page(request: HttpRequest, form: PreferencesForm, *,
                   new_feed: str | None = None) -> HttpResponse:
    response = render(request, "notifications/settings.html", {
        "form": form, "new_feed": new_feed,
        "feed": CalendarFeed.objects.filter(user=request.user, revoked_at=None).first()})
    if new_feed:
        # The secret address is shown in this answer only: kept nowhere, cached nowhere.
        response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    """My mail preferences and my calendar feed."""
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and act_on_form(form, lambda data: save_preferences(
            user=request.user, modes=data, acting_user=request.user)) is not None:
        messages.success(request, _("Your choices are saved."))
        return redirect("notifications:settings")
    return _settings_page(request, form)


@require_POST
def calendar_feed_make(request: HttpRequest) -> HttpResponse:
    secret = make_calendar_feed(acting_user=request.user)
    messages.success(request, _("Your calendar address was made; an earlier one no longer "
                                "works."))
    return _settings_page(request, PreferencesForm(user=request.user), new_feed=portal_link(
        reverse("attention:calendar_feed", args=[secret])))


@require_POST
def calendar_feed_revoke(request: HttpRequest) -> HttpResponse:
    if revoke_calendar_feed(acting_user=request.user):
        messages.success(request, _("Your calendar address no longer works."))
    return redirect("notifications:settings")
