from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agreements import access
from agreements.access import Capability
from budget.views import fund_or_404, show_refusal
from reports.documents import report_document
from reports.forms import IssueForm, NarrativeForm, VerifyForm
from reports.issuing import ISSUER, find_issued, issue_report, report_calendar
from reports.models import IssuedReport, Narrative, ReportKind
from reports.rendering import render_csv, render_pdf, render_xlsx
from reports.statements import check_year

MAX_PDF_BYTES = 20 * 1024 * 1024


def _context(request, fund, **extra) -> dict:
    agreement = fund.agreement
    return {"agreement": agreement, "fund": fund, "fund_nav": "reports",
            "can_draft": access.can(request.user, agreement, Capability.VIEW_DRAFT_REPORTS),
            **extra}


def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    fund = fund_or_404(request, slug, Capability.DOWNLOAD_REPORTS)
    return render(request, "reports/calendar.html", _context(
        request, fund, entries=report_calendar(fund)))


def _kind(kind: str) -> str:
    if kind not in ReportKind.values:
        raise Http404
    return kind


@require_http_methods(["GET"])
def report(request: HttpRequest, slug: str, kind: str, year: int) -> HttpResponse:
    """A report: the draft computed now (DESA only), and every issued version."""
    fund = fund_or_404(request, slug, Capability.DOWNLOAD_REPORTS)
    kind = _kind(kind)
    issued = list(IssuedReport.objects.filter(fund=fund, kind=kind, year=year)
                  .select_related("issued_by").defer("pdf").order_by("-version"))
    draft_allowed = access.can(request.user, fund.agreement, Capability.VIEW_DRAFT_REPORTS)
    if not draft_allowed and not issued:
        raise Http404
    document, problem = None, None
    if draft_allowed:
        try:
            document = report_document(fund, kind, year)
        except ValidationError as error:
            problem = " ".join(error.messages)
    else:
        document = issued[0].figures
    return render(request, "reports/report.html", _context(
        request, fund, kind=kind, year=year, document=document, problem=problem,
        issued=issued, is_draft=draft_allowed,
        can_issue=access.can(request.user, fund.agreement, ISSUER[kind]),
        issue_form=IssueForm(),
        can_write=kind == ReportKind.PROGRESS
        and access.can(request.user, fund.agreement, Capability.ISSUE_REPORT)))


def _file(document: dict, fmt: str, name: str, *, pdf: bytes | None = None,
          version: int | None = None) -> HttpResponse:
    if fmt == "pdf":
        body, content_type = pdf or render_pdf(document, version=version), "application/pdf"
    elif fmt == "xlsx":
        body = render_xlsx(document)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        body, content_type = render_csv(document), "text/csv; charset=utf-8"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def draft_download(request: HttpRequest, slug: str, kind: str, year: int,
                   fmt: str) -> HttpResponse:
    fund = fund_or_404(request, slug, Capability.VIEW_DRAFT_REPORTS)
    try:
        document = report_document(fund, _kind(kind), year)
    except ValidationError as error:
        raise Http404(" ".join(error.messages)) from error
    return _file(document, fmt, f"{fund.agreement.slug}-{kind}-{year}-draft")


def issued_download(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    fund = fund_or_404(request, slug, Capability.DOWNLOAD_REPORTS)
    issued = get_object_or_404(IssuedReport, fund=fund, pk=pk)
    # Every format of an issue comes from what was stored: the same figures forever.
    return _file(issued.figures, fmt,
                 f"{fund.agreement.slug}-{issued.kind}-{issued.year}-v{issued.version}",
                 pdf=bytes(issued.pdf) if fmt == "pdf" else None)


@require_POST
def issue(request: HttpRequest, slug: str, kind: str, year: int) -> HttpResponse:
    fund = fund_or_404(request, slug, Capability.DOWNLOAD_REPORTS)
    kind = _kind(kind)
    if not access.can(request.user, fund.agreement, ISSUER[kind]):
        raise PermissionDenied
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            issued = issue_report(fund=fund, kind=kind, year=year, acting_user=request.user,
                                  reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Issued as version %(n)s (SHA-256 %(sha)s).")
                             % {"n": issued.version, "sha": issued.sha256})
            return redirect("reports:report", slug=slug, kind=kind, year=issued.year)
    for error in [*form.non_field_errors(), *form["reason"].errors]:
        messages.error(request, error)
    return redirect("reports:report", slug=slug, kind=kind, year=year)


@require_http_methods(["GET", "POST"])
def narrative(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    fund = fund_or_404(request, slug, Capability.ISSUE_REPORT)
    try:
        check_year(fund, year)
    except ValidationError as error:
        raise Http404(" ".join(error.messages)) from error
    instance = Narrative.objects.filter(fund=fund, year=year).first() or Narrative(
        fund=fund, year=year)
    form = NarrativeForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("reports:report", slug=slug, kind="progress", year=year)
    return render(request, "reports/narrative.html", _context(request, fund, form=form,
                                                              year=year))


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Is this PDF (or SHA-256) an issued report of the portal, and which one? Only reports
    of funds the user may see are named; others read as unknown."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    result, checked = None, False
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("pdf")
        if upload is not None and upload.size > MAX_PDF_BYTES:
            form.add_error("pdf", _("The file is larger than any issued report."))
        else:
            checked = True
            found = (find_issued(pdf=upload.read()) if upload is not None
                     else find_issued(sha256=form.cleaned_data["sha256"]))
            if found is not None and access.can(request.user, found.fund.agreement,
                                                Capability.DOWNLOAD_REPORTS):
                result = found
    return render(request, "reports/verify.html", {"form": form, "result": result,
                                                   "checked": checked})
