"""Issuing a report: the PDF and the document it was made from, stored once with their
SHA-256; re-issuing needs a reason and keeps every earlier version (Art. 5;
docs/reports.md#issued-versions)."""

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from agreements import access
from agreements.access import Capability
from agreements.actions import lifecycle_of
from agreements.dates import portal_today
from agreements.irreversible import require_confirmation
from budget.models import ClosedYear, Fund
from budget.posting import close_year
from budget.posting.controls import lock_fund
from budget.posting.periods import check_year_can_close
from reports.documents import certification_of, report_document
from reports.models import IssuedReport, IssuedTranslation, ReportKind, ReportResponse
from reports.rendering import render_pdf
from reports.statements import check_year, last_year
from webhooks.events import announce_report

# The statement (b) is the Accounts Division's, recorded by a DESA finance officer; the
# others are DESA's, issued by a programme officer (docs/reports.md#who-issues-what).
# Every version is issued in each of the portal's languages (docs/reports.md#languages).
ORIGINAL_LANGUAGE = "en"
TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != ORIGINAL_LANGUAGE]

ISSUER = {ReportKind.STATEMENT: Capability.ISSUE_FINANCIAL_STATEMENT,
          ReportKind.PROGRESS: Capability.ISSUE_REPORT,
          ReportKind.BUDGET_ANALYSIS: Capability.ISSUE_REPORT,
          ReportKind.FINAL: Capability.ISSUE_REPORT}


def due_date(year: int) -> date:
    """An annual report is due by 30 June of the following year (Art. 5)."""
    return date(year + 1, 6, 30)


def final_report_due(ended_on: date) -> date:
    """The final report is due by 30 June of the year after the agreement ended (Art. 5(d))."""
    return date(ended_on.year + 1, 6, 30)


@transaction.atomic
def issue_report(*, fund: Fund, kind: str, year: int, acting_user: AbstractBaseUser,
                 reason: str = "", today: date | None = None,
                 confirmed: bool = False) -> IssuedReport:
    """Issue a version of a report: its PDF and figures stored once with the PDF's SHA-256.
    The first financial statement of a year closes that year, and says so first
    (docs/periods.md#closed-years)."""
    if kind not in ReportKind.values:
        raise ValidationError(_("Unknown report."))
    if not access.can(acting_user, fund.agreement, ISSUER[kind]):
        raise PermissionDenied
    # The fund's lock first: no posting can slip into the figures between the PDF and the
    # closing of the year.
    lock_fund(fund)
    today = today or portal_today()
    if kind == ReportKind.FINAL:
        final_year = last_year(fund)
        if year != final_year:
            raise ValidationError(_("The final report covers the project to %(y)s.")
                                  % {"y": final_year})
    check_year(fund, year)
    earlier = IssuedReport.objects.select_for_update().filter(fund=fund, kind=kind, year=year)
    last = earlier.order_by("-version").first()
    if last is not None and not reason.strip():
        raise ValidationError({"reason": _("Version %(n)s of this report is already issued; "
                                           "re-issuing needs a reason.") % {"n": last.version}})
    if kind == ReportKind.BUDGET_ANALYSIS and not IssuedReport.objects.filter(
            fund=fund, kind=ReportKind.STATEMENT, year=year).exists():
        raise ValidationError(_("Issue the financial statement (b) for %(y)s first, so that "
                                "the budget analysis agrees with it.") % {"y": year})
    if kind == ReportKind.STATEMENT and today <= date(year, 12, 31):
        raise ValidationError(_("The statement for %(y)s is issued after 31 December.")
                              % {"y": year})
    closes = kind == ReportKind.STATEMENT and not ClosedYear.objects.filter(
        fund=fund, year=year).exists()
    if closes:
        check_year_can_close(fund=fund, year=year, today=today)
    # The report of record is English; the same figures in Kazakh and Russian follow below.
    with translation.override(ORIGINAL_LANGUAGE):
        # Certified by the issuing officer on the day of issue (docs/reports.md#certification).
        certification = certification_of(acting_user, today)
        document = report_document(fund, kind, year, certification=certification)
    if closes:
        require_confirmation(confirmed, _(
            "Issuing the financial statement for %(y)s closes %(y)s: no posting may be dated "
            "in it afterwards, and a mistake found later is corrected by an entry dated in "
            "the open period. The issued statement itself never changes; a re-issue adds a "
            "version.") % {"y": year})
    version = (last.version + 1) if last else 1
    fingerprint = report_fingerprint(project=fund.project_number, kind=kind, year=year,
                                     version=version, figures=document)
    with translation.override(ORIGINAL_LANGUAGE):
        pdf = render_pdf(document, version=version, fingerprint=fingerprint)
    # Read under the same fund lock as the English, so the same figures.
    translated = {}
    for language in TRANSLATED_LANGUAGES:
        with translation.override(language):
            other = report_document(fund, kind, year, certification=certification)
            translated[language] = (other, render_pdf(other, version=version,
                                                      fingerprint=fingerprint))
    if closes:
        close_year(fund=fund, year=year, acting_user=acting_user, today=today,
                   confirmed=True)
    document.pop("charts", None)  # drawn from the figures; the PDF keeps them
    # A version returned by the Government is answered by this one, which cites it.
    returned = (ReportResponse.objects.filter(report=last, kind=ReportResponse.Kind.RETURNED)
                .first() if last is not None else None)
    issued = IssuedReport.objects.create(
        fund=fund, kind=kind, year=year, version=version, pdf=pdf, figures=document,
        sha256=hashlib.sha256(pdf).hexdigest(), fingerprint=fingerprint,
        issued_by=acting_user, reason=reason.strip(), answers=returned)
    for language, (other, other_pdf) in translated.items():
        other.pop("charts", None)
        IssuedTranslation.objects.create(
            report=issued, language=language, pdf=other_pdf, document=other,
            sha256=hashlib.sha256(other_pdf).hexdigest())
    # The delivery to the Government (Art. 5), sent once this transaction commits. (Imported
    # here: the receipts module reads ISSUER from this one.)
    from reports.receipts import deliver_report

    deliver_report(issued)
    announce_report(issued)  # webhooks (docs/webhooks.md)
    return issued


def report_fingerprint(*, project: str, kind: str, year: int, version: int,
                       figures: dict) -> str:
    """The SHA-256 of a version's canonical JSON: the fund's project number, the report,
    year and version, and the English document's figures (charts aside: they are drawn
    from the figures). Computed before the PDFs are rendered, printed on each of them and
    stored on the version; the PDF's own SHA-256 is another hash, of the file
    (docs/reports.md#verifying-a-printed-report)."""
    canonical = json.dumps(
        {"project": project, "kind": kind, "year": year, "version": version,
         "figures": {key: value for key, value in figures.items() if key != "charts"}},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def find_issued(*, pdf: bytes | None = None, sha256: str | None = None) -> IssuedReport | None:
    """The issued report whose PDF, in any of its languages, has this content or SHA-256;
    `language` on the answer says which file it was."""
    digest = (hashlib.sha256(pdf).hexdigest() if pdf is not None
              else (sha256 or "").lower()).strip()
    found = IssuedReport.objects.filter(sha256=digest).select_related(
        "fund", "issued_by").first()
    if found is not None:
        found.language, found.matched_sha256 = ORIGINAL_LANGUAGE, digest
        return found
    translation_found = IssuedTranslation.objects.filter(sha256=digest).select_related(
        "report__fund", "report__issued_by").first()
    if translation_found is None:
        return None
    found = translation_found.report
    found.language, found.matched_sha256 = translation_found.language, digest
    return found


def issued_file(report: IssuedReport, language: str) -> tuple[bytes, dict]:
    """The PDF and the document of an issued version in a language; the English ones for a
    language it was not issued in (versions issued before the translations existed)."""
    if language != ORIGINAL_LANGUAGE:
        found = report.translations.filter(language=language).first()
        if found is not None:
            return bytes(found.pdf), found.document
    return bytes(report.pdf), report.figures


@dataclass(frozen=True)
class CalendarEntry:
    kind: str
    label: str
    year: int
    due: date
    status: str
    latest: IssuedReport | None


def report_calendar(fund: Fund, today: date | None = None) -> list[CalendarEntry]:
    """Each report with its due date and status: not started, draft, issued, overdue."""
    from reports.models import Narrative
    from reports.receipts import delivered_reports
    from reports.statements import report_years

    today = today or portal_today()
    issued = {}
    for report in IssuedReport.objects.filter(fund=fund).select_related("response").only(
            "kind", "year", "version", "issued_at", "sha256", "response__kind").order_by(
            "version"):
        issued[(report.kind, report.year)] = report
    delivered = delivered_reports([report.pk for report in issued.values()])

    def issued_status(report: IssuedReport) -> str:
        # Issued, then delivered to the Government, then acknowledged or returned (Art. 5).
        response = getattr(report, "response", None)
        if response is not None:
            return (_("acknowledged") if response.kind == ReportResponse.Kind.ACKNOWLEDGED
                    else _("returned"))
        return _("delivered") if report.pk in delivered else _("issued")

    narratives = set(Narrative.objects.filter(fund=fund).values_list("year", flat=True))
    entries = []
    years = report_years(fund)
    for year in years:
        for kind in (ReportKind.PROGRESS, ReportKind.STATEMENT, ReportKind.BUDGET_ANALYSIS):
            latest = issued.get((kind, year))
            due = due_date(year)
            if latest:
                status = issued_status(latest)
            elif today > due:
                status = _("overdue")
            elif today > date(year, 12, 31) or (kind == ReportKind.PROGRESS
                                                 and year in narratives):
                status = _("draft")
            else:
                status = _("not started")
            entries.append(CalendarEntry(kind, str(ReportKind(kind).label), year, due, status,
                                         latest))
    lifecycle = lifecycle_of(fund.agreement)
    if lifecycle.ends_on is not None and lifecycle.has_ended(today):
        year = years[-1]
        latest = issued.get((ReportKind.FINAL, year))
        # Art. 5(d): by 30 June of the year after the expiry or termination, however late
        # the last closing entry is posted (docs/reports.md#due-dates).
        due = final_report_due(lifecycle.ends_on)
        status = issued_status(latest) if latest else (
            _("overdue") if today > due else _("draft"))
        entries.append(CalendarEntry(ReportKind.FINAL, str(ReportKind.FINAL.label), year, due,
                                     status, latest))
    return entries
