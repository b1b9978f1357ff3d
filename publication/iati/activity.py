"""A fund as an IATI 2.03 activity (docs/publication.md#the-iati-activity-file).

Transactions come from the ledger's monthly totals (`LedgerTotal`, read once by
`LedgerSums`, keyed by fund), not from the entries: a fund of a million entries gives the
same few hundred rows. So each transaction is a month's total:

- incoming commitment (11): each instalment of the payment schedule, or the agreement's sum
  on the day of signature when there is no schedule (budget.pledges);
- incoming funds (1): the contributions of each month, from the Government; the interest
  and other income of each month, with no provider;
- outgoing commitment (2): the commitments of each month and budget line, less that
  month's cancellations on the line;
- expenditure (4): each month's expenditure with its reserve for claims, by budget line,
  and each month's programme support (line 5601);
- disbursement (3): each month's refunds and transfers out, to the Government.

A month's transaction is dated its last day (or today, for the month under way).
"""

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from lxml import etree

from agreements.lifecycle import Status
from agreements.models import Party
from budget.models import Entry, Fund
from forum.progress import Indicator, indicators, objective
from publication.figures import OpenFigures, open_figures
from publication.iati.elements import (
    IATI_VERSION,
    add,
    money,
    narratives,
    reporting_org,
)
from publication.models import Publication
from reports.models import ReportKind
from reports.statements import ZERO, LedgerSums

Kind = Entry.Kind

INCOMING_FUNDS, OUTGOING_COMMITMENT, DISBURSEMENT, EXPENDITURE = "1", "2", "3", "4"
INCOMING_COMMITMENT = "11"
# IATI's codes: ActivityStatus, ActivityDateType, OrganisationRole, OrganisationType,
# DocumentCategory, ResultType, IndicatorMeasure, BudgetType, BudgetStatus.
IMPLEMENTATION, FINALISATION, CLOSED = "2", "3", "4"
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
FUNDING, IMPLEMENTING = "1", "4"
GOVERNMENT, MULTILATERAL = "10", "40"
DOCUMENT_CATEGORY = {ReportKind.PROGRESS: "A08", ReportKind.STATEMENT: "A07",
                     ReportKind.BUDGET_ANALYSIS: "A05", ReportKind.FINAL: "A07"}
ACTIVITY_WEB_PAGE = "A12"
OUTCOME, UNIT = "2", "1"
ORIGINAL, REVISED, COMMITTED = "1", "2", "2"


def activity_identifier(fund: Fund) -> str:
    """The reporting organisation's identifier, then the project number with '-' for '/'
    (INT/14/X46/A: XM-DAC-41305-INT-14-X46-A)."""
    return f"{settings.IATI_REPORTING_ORG_REF}-{fund.project_number.replace('/', '-')}"


def _month_end(month: date, today: date) -> date:
    following = (month.replace(year=month.year + 1, month=1) if month.month == 12
                 else month.replace(month=month.month + 1))
    return min(following - timedelta(days=1), today)


def _activity_status(figures: OpenFigures) -> str:
    if figures.lifecycle.status(figures.as_of) in (Status.PROVISIONAL, Status.IN_FORCE):
        return IMPLEMENTATION
    final_issued = any(report.kind == ReportKind.FINAL for report in figures.reports)
    return CLOSED if final_issued else FINALISATION


def yearly_budgets(fund: Fund, figures: OpenFigures) -> list[tuple[date, date, Decimal, str]]:
    """Annex B's total (the version in force at the end of each year) spread over the
    planned period's years by their days in it; the last year takes the cents left, so the
    years add up to the total. IATI wants budgets of a year at most."""
    start, end = fund.start_date, max(figures.planned_end, fund.start_date)
    versions = list(fund.budget_versions.prefetch_related("lines").order_by("number"))

    def total_on(day: date):
        in_force = [v for v in versions if v.effective_on <= day] or versions[:1]
        version = in_force[-1]
        return sum((line.amount for line in version.lines.all()), ZERO), version.number

    days = (end - start).days + 1
    total, _number = total_on(end)
    budgets, given = [], ZERO
    for year in range(start.year, end.year + 1):
        first, last = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
        year_total, number = total_on(last)
        if year == end.year:
            amount = total - given
        else:
            amount = (year_total * ((last - first).days + 1) / days).quantize(Decimal("0.01"))
        given += amount
        budgets.append((first, last, amount, ORIGINAL if number == 1 else REVISED))
    return budgets


def _transaction(activity, code: str, day: date, amount: Decimal, description: str,
                 *, provider: tuple[str, str] | None = None,
                 receiver: tuple[str, str] | None = None) -> None:
    transaction = add(activity, "transaction")
    add(transaction, "transaction-type", code=code)
    add(transaction, "transaction-date", **{"iso-date": day.isoformat()})
    money(transaction, "value", amount, day)
    narratives(add(transaction, "description"), description)
    for tag, org in (("provider-org", provider), ("receiver-org", receiver)):
        if org is not None:
            ref, name = org
            element = add(transaction, tag, **({"ref": ref} if ref else {}))
            narratives(element, name)


def _ledger_transactions(activity, sums: LedgerSums, today: date,
                         government: tuple[str, str]) -> None:
    by_month: dict[tuple[str, date, str], Decimal] = defaultdict(lambda: ZERO)
    for row in sums.rows:
        if row.kind in (Kind.CONTRIBUTION, Kind.INCOME, Kind.REFUND):
            by_month[(row.kind, row.month, "")] += row.amount
        elif row.kind in (Kind.COMMITMENT, Kind.CANCELLATION):
            sign = 1 if row.kind == Kind.COMMITMENT else -1
            by_month[(Kind.COMMITMENT, row.month, row.line_code)] += sign * row.amount
        elif row.kind in (Kind.EXPENDITURE, Kind.RESERVE):
            by_month[(Kind.EXPENDITURE, row.month, row.line_code)] += row.amount
        elif row.kind == Kind.PSC:
            by_month[(Kind.PSC, row.month, row.line_code)] += row.amount
    for (kind, month, line), amount in sorted(by_month.items(),
                                              key=lambda item: (item[0][1], item[0][0],
                                                                item[0][2])):
        if not amount:
            continue
        day, when = _month_end(month, today), f"{month:%Y-%m}"
        if kind == Kind.CONTRIBUTION:
            _transaction(activity, INCOMING_FUNDS, day, amount,
                         f"Contributions received in {when}", provider=government)
        elif kind == Kind.INCOME:
            _transaction(activity, INCOMING_FUNDS, day, amount,
                         f"Interest and other income in {when}")
        elif kind == Kind.REFUND:
            _transaction(activity, DISBURSEMENT, day, amount,
                         f"Refunds and transfers out in {when}", receiver=government)
        elif kind == Kind.COMMITMENT:
            _transaction(activity, OUTGOING_COMMITMENT, day, amount,
                         f"Commitments on budget line {line} in {when}, less cancellations")
        elif kind == Kind.PSC:
            _transaction(activity, EXPENDITURE, day, amount,
                         f"Programme support costs (line {line}, Art. 2.2) in {when}")
        else:
            _transaction(activity, EXPENDITURE, day, amount,
                         f"Expenditure on budget line {line} in {when} (reserve for claims "
                         "included)")


def _results(activity, fund: Fund, found: list[Indicator], start: date, end: date) -> None:
    """The logical framework's indicators of achievement (forum.progress), each its measured
    value over the project's planned period."""
    for indicator in found:
        result = add(activity, "result", type=OUTCOME)
        narratives(add(result, "title"), f"{indicator.accomplishment_code}: "
                                         f"{indicator.accomplishment}")
        element = add(result, "indicator", measure=UNIT, ascending="1")
        narratives(add(element, "title"), indicator.indicator)
        if indicator.verification:
            narratives(add(element, "description"), indicator.verification)
        period = add(element, "period")
        add(period, "period-start", **{"iso-date": start.isoformat()})
        add(period, "period-end", **{"iso-date": end.isoformat()})
        add(period, "actual", value=str(indicator.value))


def _document_links(activity, figures: OpenFigures, factsheet_url: str | None) -> None:
    for report in figures.reports:
        link = add(activity, "document-link", url=report.verification_url, format="text/html")
        narratives(add(link, "title"),
                   f"{report.kind_label} {report.year}, version {report.version}: "
                   "verification page")
        add(link, "category", code=DOCUMENT_CATEGORY.get(report.kind, "A07"))
        add(link, "language", code="en")
        add(link, "document-date", **{"iso-date": report.issued_on.isoformat()})
    if factsheet_url:
        link = add(activity, "document-link", url=factsheet_url, format="text/html")
        narratives(add(link, "title"), "Public factsheet of the fund")
        add(link, "category", code=ACTIVITY_WEB_PAGE)
        for language in ("en", "kk", "ru"):
            add(link, "language", code=language)


def activity_element(fund: Fund, publication: Publication,
                     sums: LedgerSums | None = None) -> etree._Element:
    """One <iati-activity> for the fund. Texts are in English (the activity's language),
    with the fund's Kazakh and Russian titles beside its English one."""
    sums = sums or LedgerSums(fund)
    with override("en"):
        figures = open_figures(fund, sums)
        found = indicators(fund)
        purpose = objective(fund)
    today = figures.as_of
    activity = etree.Element("iati-activity", {
        "last-updated-datetime": timezone.now().replace(microsecond=0).isoformat(),
        "{http://www.w3.org/XML/1998/namespace}lang": "en", "default-currency": "USD",
        "hierarchy": "1"})
    add(activity, "iati-identifier").text = activity_identifier(fund)
    reporting_org(activity)
    narratives(add(activity, "title"), fund.title, fund.titles)
    description = add(activity, "description", type="1")
    narratives(description, purpose or fund.title)
    government = Party.objects.filter(kind=Party.Kind.GOVERNMENT,
                                      signatures__agreement=fund.agreement).first()
    government_name = government.name if government else "Government"
    funder = add(activity, "participating-org", role=FUNDING, type=GOVERNMENT,
                 **({"ref": publication.funding_org_ref} if publication.funding_org_ref
                    else {}))
    narratives(funder, government_name)
    implementer = add(activity, "participating-org", ref=settings.IATI_REPORTING_ORG_REF,
                      role=IMPLEMENTING, type=MULTILATERAL)
    narratives(implementer, settings.IATI_REPORTING_ORG_NAME)
    add(activity, "activity-status", code=_activity_status(figures))
    lifecycle = figures.lifecycle
    for code, day in ((PLANNED_START, fund.start_date), (ACTUAL_START, lifecycle.signed_on),
                      (PLANNED_END, figures.planned_end), (ACTUAL_END, lifecycle.ends_on)):
        if day is not None and (code in (PLANNED_START, PLANNED_END) or day <= today):
            add(activity, "activity-date", type=code, **{"iso-date": day.isoformat()})
    for first, last, amount, budget_type in yearly_budgets(fund, figures):
        budget = add(activity, "budget", type=budget_type, status=COMMITTED)
        add(budget, "period-start", **{"iso-date": first.isoformat()})
        add(budget, "period-end", **{"iso-date": last.isoformat()})
        money(budget, "value", amount, first)
    funding = (publication.funding_org_ref, government_name)
    for instalment in figures.pledge.instalments:
        day = instalment.due_on or lifecycle.signed_on
        _transaction(activity, INCOMING_COMMITMENT, day, instalment.pledged,
                     f"Pledge: instalment {instalment.number}" if instalment.due_on
                     else "Pledge: the agreement's sum (Art. 1.1)", provider=funding)
    _ledger_transactions(activity, sums, today, funding)
    factsheet_url = (settings.PORTAL_URL.rstrip("/")
                     + reverse("publication:factsheet", args=[fund.agreement.slug])
                     if publication.publish_factsheet else None)
    _document_links(activity, figures, factsheet_url)
    _results(activity, fund, found, fund.start_date, max(figures.planned_end, fund.start_date))
    return activity


def activity_file(fund: Fund, publication: Publication) -> bytes:
    """The IATI activity file of one fund: <iati-activities> with its one activity."""
    root = etree.Element("iati-activities", {
        "version": IATI_VERSION,
        "generated-datetime": datetime.now(tz=timezone.get_current_timezone())
        .replace(microsecond=0).isoformat()})
    root.append(activity_element(fund, publication))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

