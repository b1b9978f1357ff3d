"""A fund's audit trail for its auditors and administrators (docs/audit-trail.md#who-sees-it):
the page, a page at a time, and the same selection as CSV or XLSX."""

from itertools import islice

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from agreements.access import Capability
from audit.export import TooManyForXlsx, csv_lines, xlsx_file
from audit.forms import TrailFilterForm
from audit.trail import iter_trail, parse_cursor, trail_page
from web.access import FundAccess, fund_access

LINES_PER_PAGE = 50
# Said when a download is asked with filters the page would refuse.
NOT_MADE = gettext_lazy("The download was not made: correct the filters first.")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request: HttpRequest, slug: str) -> tuple[FundAccess, TrailFilterForm]:
    page = fund_access(request, slug, Capability.VIEW_AUDIT_TRAIL)
    # Always bound: no filter at all is a valid selection (everything).
    return page, TrailFilterForm(request.GET, agreement=page.agreement,
                                 fund=page.fund if page.has_fund else None)


def _back_to_page(request: HttpRequest, slug: str, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect(f"{reverse('audit:trail', args=[slug])}?{request.GET.urlencode()}")


@require_GET
def trail(request: HttpRequest, slug: str) -> HttpResponse:
    page, form = _filtered(request, slug)
    listing = None
    if form.is_valid():
        listing = trail_page(form.scope(), cursor=parse_cursor(request.GET.get("before")),
                             size=LINES_PER_PAGE)
    query = request.GET.copy()
    query.pop("before", None)
    return render(request, "audit/trail.html", page.context(
        "audit", form=form, listing=listing, query=query.urlencode()))


@require_GET
def trail_csv(request: HttpRequest, slug: str) -> HttpResponse:
    _page, form = _filtered(request, slug)
    if not form.is_valid():
        return _back_to_page(request, slug, NOT_MADE)
    language, zone = translation.get_language(), timezone.get_current_timezone()
    lines = csv_lines(iter_trail(form.scope()))

    def chunks():
        # Streamed after the view has returned, when the middleware has put the reader's
        # language and time zone away: each chunk is made under them again.
        while True:
            with translation.override(language), timezone.override(zone):
                chunk = "".join(islice(lines, 500))
            if not chunk:
                return
            yield chunk.encode()

    response = StreamingHttpResponse(chunks(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-audit-trail.csv"'
    return response


@require_GET
def trail_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    _page, form = _filtered(request, slug)
    if not form.is_valid():
        return _back_to_page(request, slug, NOT_MADE)
    try:
        book = xlsx_file(iter_trail(form.scope()), title=_("Audit trail"))
    except TooManyForXlsx:
        return _back_to_page(request, slug, _("More lines than a spreadsheet holds: narrow "
                                              "the dates or download the CSV."))
    return FileResponse(book, as_attachment=True, filename=f"{slug}-audit-trail.xlsx",
                        content_type=XLSX)
