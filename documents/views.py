"""A document's download and removal, and a document attached to a budget revision (an
entry's are attached on the entry's page, budget.entry_views). Anyone who may see the fund
downloads its documents; another fund's member gets 404 (docs/documents.md#who)."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from agreements.access import Capability
from budget.revision_views import revision_page
from documents.actions import attach_document, remove_document
from documents.forms import DocumentForm, RemovalForm
from documents.models import Document
from documents.pages import attaching_capability
from web.access import fund_access
from web.refusals import act_on_form, confirmation_page, confirmed


@require_safe
def download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    page = fund_access(request, slug)
    # Keyed by the fund: another fund's document number finds nothing here.
    return document_download(get_object_or_404(Document, fund=page.fund, pk=pk))


def document_download(document: Document) -> FileResponse:
    """The file as uploaded (the page's download and the API's)."""
    if not document.file.storage.exists(document.file.name):
        raise Http404
    # Always a download under its own name, never shown in the browser: the type comes from
    # the checked extension, and nosniff keeps the browser from guessing another.
    response = FileResponse(document.file.open("rb"), as_attachment=True,
                            filename=document.name, content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = fund_access(request, slug)
    document = get_object_or_404(Document.objects.select_related("entry", "revision"),
                                 fund=page.fund, pk=pk)
    page.require(attaching_capability(document))
    back = (redirect("budget:entry", slug=slug, sequence=document.entry.sequence)
            if document.entry_id is not None
            else redirect("budget:revision", slug=slug, pk=document.revision_id))
    form = RemovalForm(request.POST)
    if act_on_form(form, lambda data: remove_document(
            document=document, reason=data["reason"], acting_user=request.user,
            confirmed=confirmed(request))) is not None:
        messages.success(request, _("%(name)s is removed; it stays on the record.")
                         % {"name": document.name})
        return back
    if getattr(form, "confirmation", None):
        return confirmation_page(request, form, page.context(
            "ledger" if document.entry_id is not None else "budget"))
    # A small form in a table row: its refusal (a closed year, no reason) is said above the
    # page it came from.
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return back


@require_POST
def revision_attach(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = fund_access(request, slug, Capability.PROPOSE_REVISION)
    revision = get_object_or_404(
        page.fund.revisions.select_related("letter", "proposed_by"), pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    document = act_on_form(form, lambda data: attach_document(
        fund=page.fund, revision=revision, upload=data["upload"], kind=data["kind"],
        acting_user=request.user))
    if document is None:
        return revision_page(request, page, revision, document_form=form)
    messages.success(request, _("%(name)s is attached (SHA-256 %(sha256)s).")
                     % {"name": document.name, "sha256": document.sha256})
    return redirect("budget:revision", slug=slug, pk=revision.pk)
