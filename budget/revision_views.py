from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agreements import access
from agreements.access import Capability
from budget.forms import DecisionForm, RevisionForm
from budget.layout import current_version
from budget.revisions import approve_revision, propose_revision, reject_revision
from budget.views import fund_context, fund_or_404, show_refusal


def revision_list(request: HttpRequest, slug: str) -> HttpResponse:
    fund = fund_or_404(request, slug)
    return render(request, "budget/revision_list.html", fund_context(
        request, fund, "budget",
        versions=fund.budget_versions.prefetch_related("lines").select_related("revision"),
        revisions=fund.revisions.select_related("proposed_by", "decided_by", "letter")
        .prefetch_related("changes"),
        can_propose=access.can(request.user, fund.agreement, Capability.PROPOSE_REVISION)))


@require_http_methods(["GET", "POST"])
def revision_create(request: HttpRequest, slug: str) -> HttpResponse:
    fund = fund_or_404(request, slug, Capability.PROPOSE_REVISION)
    form = RevisionForm(request.POST or None, fund=fund, version=current_version(fund))
    if request.method == "POST" and form.is_valid():
        try:
            revision = propose_revision(
                fund=fund, new_amounts=form.new_amounts(), reason=form.cleaned_data["reason"],
                letter=form.cleaned_data["letter"], amendment=form.cleaned_data["amendment"],
                acting_user=request.user)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Revision proposed; another officer approves it."))
            return redirect("budget:revision", slug=slug, pk=revision.pk)
    return render(request, "budget/revision_form.html", fund_context(request, fund, "budget",
                                                                 form=form))


@require_http_methods(["GET", "POST"])
def revision_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    fund = fund_or_404(request, slug)
    revision = get_object_or_404(fund.revisions.select_related("letter", "proposed_by"), pk=pk)
    may_decide = (access.can(request.user, fund.agreement, Capability.APPROVE_REVISION)
                  and revision.status == revision.Status.PROPOSED
                  and revision.proposed_by_id != request.user.pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        fund = fund_or_404(request, slug, Capability.APPROVE_REVISION)
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "approve":
                    approve_revision(revision=revision, acting_user=request.user)
                else:
                    reject_revision(revision=revision, acting_user=request.user,
                                    note=form.cleaned_data["note"])
            except ValidationError as error:
                show_refusal(form, error)
            else:
                return redirect("budget:revisions", slug=slug)
    return render(request, "budget/revision_detail.html", fund_context(
        request, fund, "budget", revision=revision, form=form, may_decide=may_decide))
