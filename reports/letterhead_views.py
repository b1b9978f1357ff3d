"""The fund's letterhead image: shown to its administrators, who set or remove it
(docs/reports.md#letterhead)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agreements.access import Capability
from reports.forms import LetterheadForm
from reports.letterheads import MAX_HEIGHT, MAX_WIDTH, remove_letterhead, set_letterhead
from reports.models import Letterhead
from web.access import fund_access
from web.refusals import act_on_form


@require_http_methods(["GET", "POST"])
def letterhead(request: HttpRequest, slug: str) -> HttpResponse:
    page = fund_access(request, slug, Capability.MANAGE_MEMBERS)
    form = LetterheadForm()
    if request.method == "POST":
        form = LetterheadForm(request.POST, request.FILES)
        done = act_on_form(form, lambda data: set_letterhead(
            fund=page.fund, upload=data["upload"], entitlement=data["entitlement"],
            acting_user=request.user))
        if done is not None:
            messages.success(request, _("The reports printed from now on carry this image."))
            return redirect("reports:letterhead", slug=slug)
    current = Letterhead.objects.filter(fund=page.fund).select_related("set_by").defer(
        "image").first()
    return render(request, "reports/letterhead.html", page.context(
        "reports", form=form, current=current, max_width=MAX_WIDTH, max_height=MAX_HEIGHT),
        status=400 if form.errors else 200)


@require_http_methods(["GET"])
def letterhead_image(request: HttpRequest, slug: str) -> HttpResponse:
    page = fund_access(request, slug, Capability.MANAGE_MEMBERS)
    current = Letterhead.objects.filter(fund=page.fund).only("image", "content_type").first()
    if current is None:
        return HttpResponse(status=404)
    response = HttpResponse(bytes(current.image), content_type=current.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def letterhead_remove(request: HttpRequest, slug: str) -> HttpResponse:
    page = fund_access(request, slug, Capability.MANAGE_MEMBERS)
    try:
        remove_letterhead(fund=page.fund, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The reports printed from now on carry the letterhead in "
                                    "words only."))
    return redirect("reports:letterhead", slug=slug)
