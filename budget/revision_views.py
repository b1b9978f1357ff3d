from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agreements.access import Capability
from budget.forms import DecisionForm, RevisionForm
from budget.layout import current_version
from budget.models import Revision
from budget.revisions import approve_revision, propose_revision, reject_revision
from documents.forms import DocumentForm
from documents.pages import documents_context
from web.access import FundAccess, fund_access
from web.refusals import act_on_form


def revision_list(request: HttpRequest, slug: str) -> HttpResponse:
    page = fund_access(request, slug)
    fund = page.fund
    return render(request, "budget/revision_list.html", page.context(
        "budget",
        versions=fund.budget_versions.prefetch_related("lines").select_related("revision"),
        revisions=fund.revisions.select_related("proposed_by", "decided_by", "letter")
        .prefetch_related("changes")))


@require_http_methods(["GET", "POST"])
def revision_create(request: HttpRequest, slug: str) -> HttpResponse:
    page = fund_access(request, slug, Capability.PROPOSE_REVISION)
    form = RevisionForm(request.POST or None, fund=page.fund,
                        version=current_version(page.fund))
    if request.method == "POST":
        revision = act_on_form(form, lambda data: propose_revision(
            fund=page.fund, new_amounts=form.new_amounts(), reason=data["reason"],
            letter=data["letter"], amendment=data["amendment"],
            effective_on=data["effective_on"], acting_user=request.user))
        if revision is not None:
            messages.success(request, _("Revision proposed; another officer approves it."))
            return redirect("budget:revision", slug=slug, pk=revision.pk)
    return render(request, "budget/revision_form.html", page.context("budget", form=form))


@require_http_methods(["GET", "POST"])
def revision_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = fund_access(request, slug)
    revision = get_object_or_404(
        page.fund.revisions.select_related("letter", "proposed_by"), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        page.require(Capability.APPROVE_REVISION)

        def decide(data):
            if data["decision"] == "approve":
                return approve_revision(revision=revision, acting_user=request.user)
            return reject_revision(revision=revision, acting_user=request.user,
                                   note=data["note"])

        if act_on_form(form, decide) is not None:
            return redirect("budget:revisions", slug=slug)
    return revision_page(request, page, revision, form=form)


def revision_page(request: HttpRequest, page: FundAccess, revision: Revision, *,
                  form: DecisionForm | None = None,
                  document_form: DocumentForm | None = None) -> HttpResponse:
    """The revision with its documents; the decision for another officer who may approve, the
    upload for those who may propose (a refused upload comes back here, documents.views)."""
    may_decide = (page.can(Capability.APPROVE_REVISION)
                  and revision.status == revision.Status.PROPOSED
                  and revision.proposed_by_id != request.user.pk)
    return render(request, "budget/revision_detail.html", page.context(
        "budget", revision=revision, form=form or DecisionForm(), may_decide=may_decide,
        **documents_context(page, revision=revision, form=document_form)))
