"""The public factsheet and IATI files of the funds that opted in, and the page where a
fund's administrators choose what is published (docs/publication.md)."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from agreements.access import Capability
from publication.actions import publication_of, set_publication
from publication.caching import cached, fund_version, organisation_version
from publication.figures import open_figures
from publication.forms import PublicationForm
from publication.iati.activity import activity_file
from publication.iati.organisation import organisation_file
from publication.iati.schema import ACTIVITIES, ORGANISATIONS, problems
from publication.models import Publication
from web.access import FundAccess, fund_access
from web.refusals import act_on_form

logger = logging.getLogger(__name__)
XML = "application/xml; charset=utf-8"


def _published(slug: str, **chosen: bool) -> Publication:
    """The fund's publication if it opted in to this one; else 404, as for no fund at all."""
    found = (Publication.objects.filter(fund__agreement__slug=slug, **chosen)
             .select_related("fund__agreement").first())
    if found is None:
        raise Http404("Not published.")
    return found


def _checked(document: bytes, schema: str) -> bytes:
    # Served all the same (the figures are the ledger's), but a file the official schema
    # refuses is logged for the administrators to see.
    found = problems(document, schema)
    if found:
        logger.error("IATI file not valid against %s: %s", schema, "; ".join(found[:5]))
    return document


@login_not_required
@require_safe
def factsheet(request: HttpRequest, slug: str) -> HttpResponse:
    publication = _published(slug, publish_factsheet=True)
    fund = publication.fund
    figures = cached("factsheet", fund_version(publication), lambda: open_figures(fund))
    return render(request, "publication/factsheet.html", {
        "fund": fund, "figures": figures, "publication": publication})


@login_not_required
@require_safe
def iati_activity(request: HttpRequest, slug: str) -> HttpResponse:
    publication = _published(slug, publish_iati=True)
    document = cached("iati-activity", fund_version(publication), lambda: _checked(
        activity_file(publication.fund, publication), ACTIVITIES), per_language=False)
    return HttpResponse(document, content_type=XML)


@login_not_required
@require_safe
def iati_organisation(request: HttpRequest) -> HttpResponse:
    # Kept computed like the funds' files: anyone may ask for it, and it adds up every
    # published fund.
    document = cached("iati-organisation", organisation_version(), lambda: _checked(
        organisation_file(), ORGANISATIONS), per_language=False)
    return HttpResponse(document, content_type=XML)


def _settings(request: HttpRequest, page: FundAccess, form: PublicationForm) -> HttpResponse:
    return render(request, "publication/settings.html", page.context(
        "members", form=form, publication=publication_of(page.fund)))


@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = fund_access(request, slug, Capability.MANAGE_MEMBERS)
    if request.method == "GET":
        current = publication_of(page.fund)
        return _settings(request, page, PublicationForm(initial={
            "publish_factsheet": current.publish_factsheet,
            "publish_iati": current.publish_iati,
            "funding_org_ref": current.funding_org_ref}))
    form = PublicationForm(request.POST)
    done = act_on_form(form, lambda data: set_publication(
        fund=page.fund, publish_iati=data["publish_iati"],
        publish_factsheet=data["publish_factsheet"],
        funding_org_ref=data["funding_org_ref"], acting_user=request.user))
    if done is None:
        return _settings(request, page, form)
    messages.success(request, _("What the fund publishes is recorded."))
    return redirect("publication:settings", slug=slug)
