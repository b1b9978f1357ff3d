"""One ledger entry: its figures, what it liquidates or reverses, and its documents (the
contract, invoice or travel authorisation behind it, docs/documents.md); those who post to
the ledger attach them here."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agreements.access import Capability
from budget.models import Entry
from documents.actions import attach_document
from documents.forms import DocumentForm
from documents.pages import documents_context
from web.access import fund_access
from web.refusals import act_on_form


@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, slug: str, sequence: int) -> HttpResponse:
    # Everyone on the fund reads the entry; only those who post to the ledger attach.
    page = fund_access(request, slug, Capability.POST_LEDGER if request.method == "POST"
                       else Capability.VIEW_FUND)
    # The entries it points to, and the one reversing it, in the same query.
    shown = get_object_or_404(
        Entry.objects.select_related("recorded_by", "commitment", "reverses", "reversal",
                                     "caused_by"),
        fund=page.fund, sequence=sequence)
    form = None
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES)
        document = act_on_form(form, lambda data: attach_document(
            fund=page.fund, entry=shown, upload=data["upload"], kind=data["kind"],
            acting_user=request.user))
        if document is not None:
            messages.success(request, _("%(name)s is attached (SHA-256 %(sha256)s).")
                             % {"name": document.name, "sha256": document.sha256})
            return redirect("budget:entry", slug=slug, sequence=sequence)
    return render(request, "budget/entry.html", page.context(
        "ledger", entry=shown, **documents_context(page, entry=shown, form=form)))
