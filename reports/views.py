import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agreements import access
from agreements.access import Capability, Role
from reports.documents import report_document
from reports.forms import AnswerForm, IssueForm, NarrativeForm, VerifyForm
from reports.issuing import (
    ISSUER,
    ORIGINAL_LANGUAGE,
    find_issued,
    issue_report,
    issued_file,
    report_calendar,
)
from reports.models import IssuedReport, IssuedTranslation, Narrative, ReportKind
from reports.narratives import save_narrative
from reports.receipts import acknowledge_report, delivered_reports, return_report
from reports.rendering import render_csv, render_pdf, render_xlsx
from reports.statements import check_year
from web.access import fund_access
from web.refusals import act_on_form, confirmation_page, confirmed

MAX_PDF_BYTES = 20 * 1024 * 1024


def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    page = fund_access(request, slug, Capability.DOWNLOAD_REPORTS)
    return render(request, "reports/calendar.html", page.context(
        "reports", entries=report_calendar(page.fund)))


def _kind(kind: str) -> str:
    if kind not in ReportKind.values:
        raise Http404
    return kind


@require_http_methods(["GET"])
def report(request: HttpRequest, slug: str, kind: str, year: int) -> HttpResponse:
    """A report: the draft computed now (DESA only), and every issued version."""
    return _report_page(request, slug, kind, year)


def _report_page(request: HttpRequest, slug: str, kind: str, year: int, *,
                 answer_form: AnswerForm | None = None) -> HttpResponse:
    page = fund_access(request, slug, Capability.DOWNLOAD_REPORTS)
    fund = page.fund
    kind = _kind(kind)
    issued = list(IssuedReport.objects.filter(fund=fund, kind=kind, year=year)
                  .select_related("issued_by", "response__answered_by", "answers")
                  .defer("pdf").order_by("-version")
                  .prefetch_related(Prefetch("translations", IssuedTranslation.objects.only(
                      "report_id", "language", "sha256"))))
    draft_allowed = page.can(Capability.VIEW_DRAFT_REPORTS)
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
    return render(request, "reports/report.html", page.context(
        "reports", kind=kind, year=year, document=document, problem=problem,
        issued=issued, is_draft=draft_allowed, can_issue=page.can(ISSUER[kind]),
        issue_form=IssueForm(), delivered=delivered_reports([item.pk for item in issued]),
        answer_form=answer_form or AnswerForm(),
        # The Government's own act (reports.receipts): its officers only.
        can_answer=page.can(Capability.ANSWER_REPORT) and page.role == Role.GOVERNMENT,
        can_write=kind == ReportKind.PROGRESS and page.can(Capability.ISSUE_REPORT)))


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
    fund = fund_access(request, slug, Capability.VIEW_DRAFT_REPORTS).fund
    try:
        document = report_document(fund, _kind(kind), year)
    except ValidationError as error:
        raise Http404(" ".join(error.messages)) from error
    return _file(document, fmt, f"{fund.agreement.slug}-{kind}-{year}-draft")


def issued_download(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    fund = fund_access(request, slug, Capability.DOWNLOAD_REPORTS).fund
    issued = get_object_or_404(IssuedReport.objects.select_related("fund__agreement"),
                               fund=fund, pk=pk)
    # The language asked for (?language=kk), else the reader's; every format of an issue
    # comes from what was stored in that language: the same figures forever.
    language = request.GET.get("language") or get_language() or ORIGINAL_LANGUAGE
    if language not in dict(settings.LANGUAGES):
        raise Http404
    return issued_file_response(issued, fmt, language)


def issued_file_response(issued: IssuedReport, fmt: str, language: str) -> HttpResponse:
    """An issued version's file in one format and language, as stored (the page's download
    and the API's)."""
    pdf, document = issued_file(issued, language)
    return _file(document, fmt, f"{issued.fund.agreement.slug}-{issued.kind}-{issued.year}"
                                f"-v{issued.version}-{language}",
                 pdf=pdf if fmt == "pdf" else None)


@require_POST
def issue(request: HttpRequest, slug: str, kind: str, year: int) -> HttpResponse:
    page = fund_access(request, slug, Capability.DOWNLOAD_REPORTS)
    kind = _kind(kind)
    page.require(ISSUER[kind])
    form = IssueForm(request.POST)
    issued = act_on_form(form, lambda data: issue_report(
        fund=page.fund, kind=kind, year=year, acting_user=request.user,
        reason=data["reason"], confirmed=confirmed(request)))
    if issued is not None:
        messages.success(request, _("Issued as version %(n)s (SHA-256 %(sha)s).")
                         % {"n": issued.version, "sha": issued.sha256})
        return redirect("reports:report", slug=slug, kind=kind, year=issued.year)
    if getattr(form, "confirmation", None):
        return confirmation_page(request, form, page.context("reports"))
    for error in form.non_field_errors():
        messages.error(request, error)
    for error in form["reason"].errors:
        messages.error(request, f"{form['reason'].label}: {error}")
    return redirect("reports:report", slug=slug, kind=kind, year=year)


@require_POST
def answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The Government acknowledges an issued version or returns it with comments (Art. 5)."""
    page = fund_access(request, slug, Capability.ANSWER_REPORT)
    issued = get_object_or_404(IssuedReport.objects.defer("pdf", "figures"), fund=page.fund,
                               pk=pk)
    form = AnswerForm(request.POST)
    answered = act_on_form(form, lambda data: (
        acknowledge_report(report=issued, acting_user=request.user)
        if data["answer"] == "acknowledged" else
        return_report(report=issued, comments=data["comments"], acting_user=request.user)))
    if answered is None:
        return _report_page(request, slug, issued.kind, issued.year, answer_form=form)
    messages.success(request, _("Recorded: %(answer)s.") % {
        "answer": answered.get_kind_display()})
    return redirect("reports:report", slug=slug, kind=issued.kind, year=issued.year)


@require_http_methods(["GET", "POST"])
def narrative(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    page = fund_access(request, slug, Capability.ISSUE_REPORT)
    try:
        check_year(page.fund, year)
    except ValidationError as error:
        raise Http404(" ".join(error.messages)) from error
    current = Narrative.objects.filter(fund=page.fund, year=year).first()
    form = NarrativeForm(request.POST or None, initial={
        "summary": current.summary, "challenges": current.challenges,
        "next_steps": current.next_steps} if current else None)
    if request.method == "POST" and act_on_form(form, lambda data: save_narrative(
            fund=page.fund, year=year, acting_user=request.user, **data)) is not None:
        return redirect("reports:report", slug=slug, kind="progress", year=year)
    return render(request, "reports/narrative.html", page.context(
        "reports", form=form, year=year, narrative=current))


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Is this PDF (or SHA-256) an issued report of the portal, and which one? Only reports
    of funds the user may see are named; others read as unknown."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    result, checked = None, False
    digest = _checked_sha256(request, form)
    if digest is not None:
        checked = True
        found = find_issued(sha256=digest)
        if found is not None and access.can(request.user, found.fund.agreement,
                                            Capability.DOWNLOAD_REPORTS):
            result = found
    return render(request, "reports/verify.html", {"form": form, "result": result,
                                                   "checked": checked})


def _checked_sha256(request: HttpRequest, form: VerifyForm) -> str | None:
    """The SHA-256 a verification form asks about: of the uploaded PDF (hashed in pieces,
    never held in memory whole) or as pasted; None when nothing valid was sent."""
    if request.method != "POST" or not form.is_valid():
        return None
    upload = form.cleaned_data.get("pdf")
    if upload is None:
        return form.cleaned_data["sha256"].strip().lower()
    if upload.size > MAX_PDF_BYTES:
        form.add_error("pdf", _("The file is larger than any issued report."))
        return None
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


@login_not_required
@require_http_methods(["GET", "POST"])
def verified(request: HttpRequest, fingerprint: str) -> HttpResponse:
    """The page an issued PDF's QR code and link open, for anyone (a Government official
    holding the paper need not have an account): the fund, report, year, version and issue
    date, each language's file SHA-256, and a check of a PDF or SHA-256 against them. It
    names no person (docs/reports.md#verifying-a-printed-report)."""
    issued = get_object_or_404(
        IssuedReport.objects.select_related("fund").only(
            "fund__project_number", "kind", "year", "version", "issued_at", "sha256",
            "fingerprint", "fund_id"),
        fingerprint=fingerprint.lower())
    files = [(ORIGINAL_LANGUAGE, issued.sha256)] + [
        (other.language, other.sha256)
        for other in issued.translations.only("language", "sha256").order_by("language")]
    names = dict(settings.LANGUAGES)
    latest = (IssuedReport.objects.filter(fund_id=issued.fund_id, kind=issued.kind,
                                          year=issued.year).only("version", "issued_at")
              .order_by("-version").first())
    form = VerifyForm(request.POST or None, request.FILES or None)
    digest = _checked_sha256(request, form)
    checked = digest is not None
    matched = next(((language, sha) for language, sha in files if sha == digest), None)
    return render(request, "reports/verified.html", {
        "issued": issued, "files": [(names.get(code, code), code, sha) for code, sha in files],
        "form": form, "checked": checked, "matched": matched,
        "matched_language": names.get(matched[0]) if matched else None,
        "checked_sha256": digest,
        "superseded_by": latest if latest and latest.version != issued.version else None})
