"""The ledger import page for finance officers: upload a CSV, see it checked in the
background with its progress, confirm what it will post, see it imported."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from agreements.access import Capability
from budget.forms import LedgerFileForm
from budget.ledger_import.jobs import confirm_ledger_import, upload_ledger_file
from budget.models import Entry, LedgerImportJob
from web.access import fund_access
from web.refusals import act_on_form

RECENT_JOBS = 10


@require_http_methods(["GET", "POST"])
def ledger_import(request: HttpRequest, slug: str) -> HttpResponse:
    page = fund_access(request, slug, Capability.POST_LEDGER)
    form = LedgerFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        job = act_on_form(form, lambda data: upload_ledger_file(
            fund=page.fund, content=data["file"].read(), file_name=data["file"].name,
            acting_user=request.user))
        if job is not None:
            return redirect("budget:import_job", slug=slug, pk=job.pk)
    jobs = (LedgerImportJob.objects.filter(fund=page.fund).defer("content")
            .select_related("uploaded_by").order_by("-uploaded_at")[:RECENT_JOBS])
    return render(request, "budget/ledger_import.html", page.context(
        "ledger", form=form, jobs=jobs))


def import_job(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = fund_access(request, slug, Capability.POST_LEDGER)
    job = get_object_or_404(LedgerImportJob.objects.defer("content").select_related(
        "uploaded_by", "confirmed_by"), fund=page.fund, pk=pk)
    return render(request, "budget/import_job.html", page.context(
        "ledger", job=job, totals=[(Entry.Kind(kind).label, Decimal(amount))
                                   for kind, amount in sorted(job.totals.items())]))


@require_POST
def import_job_confirm(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = fund_access(request, slug, Capability.POST_LEDGER)
    job = get_object_or_404(LedgerImportJob.objects.defer("content"), fund=page.fund, pk=pk)
    try:
        confirm_ledger_import(job=job, acting_user=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    return redirect("budget:import_job", slug=slug, pk=pk)
