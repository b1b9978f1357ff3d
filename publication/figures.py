"""What a fund publishes (docs/publication.md#figures): its status and dates, sources and
uses, each year's Art. 5(b) statement and the issued reports, read through the SAME functions
the statements, budget analyses and pledges pages use (reports.statements, budget.pledges);
nothing here adds up the ledger a second way. The ledger is read once, as its monthly totals
(one query keyed by fund, a few hundred rows at any ledger size).

No person appears here: no officer, signatory or participant, only the parties (the
Government, the United Nations) and figures."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from agreements.actions import lifecycle_of
from agreements.dates import portal_today
from agreements.key_dates import planned_end as annex_b_end
from agreements.lifecycle import Lifecycle
from budget.layout import version_in_force
from budget.models import Fund
from budget.pledges import PledgePosition, pledge_position
from reports.models import IssuedReport
from reports.rendering import verification_url
from reports.statements import (
    ZERO,
    BudgetAnalysis,
    FinancialStatement,
    LedgerSums,
    budget_analysis,
    report_years,
    statement_of_year,
)


@dataclass(frozen=True)
class GroupUse:
    """What an Annex B group has spent, all years to date (reserve included)."""

    title: str
    budget: Decimal
    spent: Decimal


@dataclass(frozen=True)
class PublishedReport:
    kind: str
    kind_label: str
    year: int
    version: int
    issued_on: date
    verification_url: str


@dataclass(frozen=True)
class OpenFigures:
    project_number: str
    as_of: date
    lifecycle: Lifecycle
    status: str
    planned_end: date
    pledge: PledgePosition
    statements: list[FinancialStatement]
    analysis: BudgetAnalysis
    groups: list[GroupUse]
    programme_support: GroupUse
    reports: list[PublishedReport] = field(default_factory=list)

    @property
    def received(self) -> Decimal:
        return sum((s.contributions for s in self.statements), ZERO)

    @property
    def income(self) -> Decimal:
        return sum((s.income for s in self.statements), ZERO)

    @property
    def expenditure(self) -> Decimal:
        return sum((s.expenditure for s in self.statements), ZERO)

    @property
    def refunds(self) -> Decimal:
        return sum((s.refunds for s in self.statements), ZERO)

    @property
    def latest(self) -> FinancialStatement:
        return self.statements[-1]


def planned_end(fund: Fund) -> date:
    """The last day of the duration Annex B gives (starting date + duration in months)."""
    return annex_b_end(fund.start_date, fund.duration_months)


def published_reports(fund: Fund) -> list[PublishedReport]:
    """The issued versions that print a fingerprint, with their public verification page."""
    issued = (IssuedReport.objects.filter(fund=fund, fingerprint__isnull=False)
              .only("kind", "year", "version", "issued_at", "fingerprint")
              .order_by("year", "kind", "version"))
    return [PublishedReport(kind=report.kind, kind_label=str(report.get_kind_display()),
                            year=report.year, version=report.version,
                            issued_on=report.issued_at.date(),
                            verification_url=verification_url(report.fingerprint))
            for report in issued]


def _group_uses(fund: Fund, analysis: BudgetAnalysis, year: int
                ) -> tuple[list[GroupUse], GroupUse]:
    """The analysis's line rows added up by their own Annex B group (not the cumulative
    subtotals Annex B prints), and the programme support line."""
    version = version_in_force(fund, date(year, 12, 31))
    groups = {group.pk: group for group in version.groups.all()}
    budget: dict[int, Decimal] = {}
    spent: dict[int, Decimal] = {}
    psc = GroupUse(title="", budget=ZERO, spent=ZERO)
    for row in analysis.rows:
        if row.line is None:
            continue
        if row.kind == "psc":
            psc = GroupUse(title=row.label, budget=row.figures.budget,
                           spent=row.figures.cumulative)
            continue
        key = row.line.group_id
        budget[key] = budget.get(key, ZERO) + row.figures.budget
        spent[key] = spent.get(key, ZERO) + row.figures.cumulative
    uses = [GroupUse(title=groups[key].title_here, budget=budget[key], spent=spent[key])
            for key in sorted(budget, key=lambda pk: groups[pk].order)]
    return uses, psc


def open_figures(fund: Fund, sums: LedgerSums | None = None) -> OpenFigures:
    """Everything the factsheet and the IATI file say of a fund, from one read of the
    ledger's monthly totals."""
    sums = sums or LedgerSums(fund)
    today = portal_today()
    # The report years up to the last with an entry (a fund whose agreement runs on with no
    # postings would otherwise list a row of zeros for every year since).
    last_entry = sums.last_month.year if sums.last_month else fund.start_date.year
    years = [year for year in report_years(fund, sums)
             if year <= min(today.year, last_entry)] or [fund.start_date.year]
    statements = [statement_of_year(fund, year, sums) for year in years]
    analysis = budget_analysis(fund, years[-1], sums)
    groups, psc = _group_uses(fund, analysis, years[-1])
    lifecycle = lifecycle_of(fund.agreement)
    return OpenFigures(
        project_number=fund.project_number, as_of=today, lifecycle=lifecycle,
        status=str(lifecycle.status(today).label), planned_end=planned_end(fund),
        pledge=pledge_position(fund, as_of=today), statements=statements, analysis=analysis,
        groups=groups, programme_support=psc, reports=published_reports(fund))
