"""The figures of the Article 5 reports, computed from the ledger: one set of read functions
for the pages, the PDFs, the spreadsheets and the API. They read the ledger's monthly totals
(budget.models.LedgerTotal, kept with every posting and checked by verify_ledger), a few
hundred rows whatever the number of entries, so a report costs the same at any ledger size.
Every query is keyed by fund."""

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from agreements.actions import lifecycle_of
from agreements.dates import portal_today
from budget.charges import to_cents
from budget.layout import Row, lay_out, version_in_force
from budget.models import Asset, Disposition, Entry, Fund, LedgerTotal

ZERO = Decimal("0.00")
Kind = Entry.Kind


SPENDING = (Kind.EXPENDITURE, Kind.RESERVE, Kind.PSC)


@dataclass(frozen=True)
class Total:
    month: date
    line_code: str
    kind: str
    amount: Decimal
    released: Decimal
    released_reserve: Decimal
    reserve_held: Decimal


class LedgerSums:
    """A fund's monthly totals, read once (one query) and summed as each report needs."""

    def __init__(self, fund: Fund) -> None:
        self.rows = [Total(*row) for row in LedgerTotal.objects.filter(fund=fund).values_list(
            "month", "line_code", "kind", "amount", "released", "released_reserve",
            "reserve_held")]

    def _sum(self, column: str, key: str, kinds, after: date | None = None,
             upto: date | None = None) -> dict[str, Decimal]:
        sums: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for row in self.rows:
            if (row.kind in kinds and (after is None or row.month > after)
                    and (upto is None or row.month <= upto)):
                sums[getattr(row, key)] += getattr(row, column)
        return {k: to_cents(v) for k, v in sums.items()}

    def flows(self, *, after: date | None = None, upto: date | None = None
              ) -> dict[str, Decimal]:
        """The sums by kind of the entries dated in the months after `after` up to `upto`."""
        return self._sum("amount", "kind", set(Kind.values), after, upto)

    def by_line(self, kinds, *, after: date | None = None, upto: date | None = None
                ) -> dict[str, Decimal]:
        return self._sum("amount", "line_code", set(kinds), after, upto)

    def released_by_line(self, column: str, upto: date) -> dict[str, Decimal]:
        return self._sum(column, "line_code", {Kind.EXPENDITURE, Kind.CANCELLATION},
                         None, upto)

    def reserve_held_by_line(self, upto: date) -> dict[str, Decimal]:
        return self._sum("reserve_held", "line_code", {Kind.COMMITMENT}, None, upto)

    @property
    def last_month(self) -> date | None:
        return max((row.month for row in self.rows), default=None)


def last_year(fund: Fund, sums: LedgerSums | None = None) -> int:
    """The last year with a report: the year the agreement ended (or this year), or a later
    year in which closing entries were posted (docs/reports.md#due-dates)."""
    lifecycle = lifecycle_of(fund.agreement)
    last = lifecycle.ends_on.year if lifecycle.ends_on else portal_today().year
    latest = (sums or LedgerSums(fund)).last_month
    return max(last, latest.year) if latest else last


def check_year(fund: Fund, year: int, sums: LedgerSums | None = None) -> None:
    """A report year lies between the fund's start and its last year."""
    last = last_year(fund, sums)
    if year < fund.start_date.year or year > last:
        raise ValidationError(_("Fund %(fund)s has no report for %(year)s: its years run from "
                                "%(first)s to %(last)s.")
                              % {"fund": fund, "year": year, "first": fund.start_date.year,
                                 "last": last})


@dataclass(frozen=True)
class OpenCommitments:
    amount: Decimal
    reserve: Decimal
    by_line: dict[str, Decimal]
    reserve_by_line: dict[str, Decimal]

    def psc(self, rate: Decimal) -> Decimal:
        return to_cents(rate * (self.amount + self.reserve))


def open_commitments(sums: LedgerSums, year_end: date) -> OpenCommitments:
    """What commitments dated up to the end of a month still held that evening."""
    upto = year_end.replace(day=1)
    committed = sums.by_line([Kind.COMMITMENT], upto=upto)
    released = sums.released_by_line("released", upto)
    released_reserve = sums.released_by_line("released_reserve", upto)
    reserve = sums.reserve_held_by_line(upto)
    by_line = {code: committed.get(code, ZERO) - released.get(code, ZERO)
               for code in committed}
    reserve_by_line = {code: reserve.get(code, ZERO) - released_reserve.get(code, ZERO)
                       for code in committed}
    return OpenCommitments(amount=sum(by_line.values(), ZERO),
                           reserve=sum(reserve_by_line.values(), ZERO),
                           by_line=by_line, reserve_by_line=reserve_by_line)


@dataclass(frozen=True)
class FinancialStatement:
    """Art. 5(b), at aggregate level, with the open commitments below the line
    (docs/reports.md#financial-statement)."""

    year: int
    opening_cash: Decimal
    contributions: Decimal
    income: Decimal
    expenditure: Decimal
    programme_support: Decimal
    refunds: Decimal
    closing_cash: Decimal
    open_commitments: Decimal
    reserve_on_commitments: Decimal
    psc_on_commitments: Decimal
    available: Decimal

    def as_rows(self) -> list[tuple[str, Decimal]]:
        """The statement's rows, labelled without the year (the columns name it), with what
        leaves the fund as negative amounts so that the rows add up."""
        return [
            (_("Cash balance at 1 January"), self.opening_cash),
            (_("Contributions received"), self.contributions),
            (_("Interest and other income"), self.income),
            (_("Total expenditure (reserve for claims included)"), -self.expenditure),
            (_("Programme support costs"), -self.programme_support),
            (_("Refunds and transfers out"), -self.refunds),
            (_("Cash balance at 31 December"), self.closing_cash),
            (_("Open commitments at 31 December"), -self.open_commitments),
            (_("Reserve for claims they will carry"), -self.reserve_on_commitments),
            (_("Programme support they will carry"), -self.psc_on_commitments),
            (_("Balance available after open commitments"), self.available),
        ]

    def figures(self) -> dict:
        return {k: str(v) for k, v in asdict(self).items()}


def financial_statement(fund: Fund, year: int,
                        sums: LedgerSums | None = None) -> FinancialStatement:
    sums = sums or LedgerSums(fund)
    check_year(fund, year, sums)
    return statement_of_year(fund, year, sums)


def statement_of_year(fund: Fund, year: int, sums: LedgerSums) -> FinancialStatement:
    """The statement from monthly totals already read, without checking the year again (the
    prior-year column of a checked year, the years of the final report)."""
    last = date(year, 12, 31)
    before = sums.flows(upto=date(year - 1, 12, 1))
    during = sums.flows(after=date(year - 1, 12, 1), upto=date(year, 12, 1))

    def cash(flows: dict[str, Decimal]) -> Decimal:
        return (flows.get(Kind.CONTRIBUTION, ZERO) + flows.get(Kind.INCOME, ZERO)
                - flows.get(Kind.EXPENDITURE, ZERO) - flows.get(Kind.RESERVE, ZERO)
                - flows.get(Kind.PSC, ZERO) - flows.get(Kind.REFUND, ZERO))

    opening = cash(before)
    closing = opening + cash(during)
    held = open_commitments(sums, last)
    psc = held.psc(fund.psc_rate)
    return FinancialStatement(
        year=year, opening_cash=opening,
        contributions=during.get(Kind.CONTRIBUTION, ZERO), income=during.get(Kind.INCOME, ZERO),
        expenditure=during.get(Kind.EXPENDITURE, ZERO) + during.get(Kind.RESERVE, ZERO),
        programme_support=during.get(Kind.PSC, ZERO), refunds=during.get(Kind.REFUND, ZERO),
        closing_cash=closing, open_commitments=held.amount,
        reserve_on_commitments=held.reserve, psc_on_commitments=psc,
        available=closing - held.amount - held.reserve - psc)


@dataclass(frozen=True)
class RateUsed:
    currency: str
    month: date
    rate: Decimal


def exchange_rates_used(fund: Fund, year: int) -> list[RateUsed]:
    """The UN operational rates at which the year's entries in another currency were booked
    (Art. 1.5): each distinct currency, month and rate, grouped by the database (one query
    on the fund's value-date index, however many entries)."""
    rows = (Entry.objects.filter(fund=fund, value_date__gte=date(year, 1, 1),
                                 value_date__lte=date(year, 12, 31),
                                 exchange_rate__isnull=False)
            .exclude(original_currency__isnull=True).exclude(original_currency="")
            .annotate(month=TruncMonth("value_date"))
            .values_list("original_currency", "month", "exchange_rate")
            .distinct().order_by("month", "original_currency", "exchange_rate"))
    return [RateUsed(currency, month, rate) for currency, month, rate in rows]


@dataclass(frozen=True)
class AnalysisFigures:
    """Art. 5(c) columns for a line, a subtotal or a total (docs/reports.md#budget-analysis)."""

    budget: Decimal = ZERO
    earlier_years: Decimal = ZERO
    this_year: Decimal = ZERO
    open_commitments: Decimal = ZERO
    held_reserve: Decimal = ZERO

    @property
    def cumulative(self) -> Decimal:
        return self.earlier_years + self.this_year

    @property
    def unspent(self) -> Decimal:
        return self.budget - self.cumulative

    @property
    def future_requirements(self) -> Decimal:
        return self.budget - self.cumulative - self.open_commitments - self.held_reserve

    def __add__(self, other: "AnalysisFigures") -> "AnalysisFigures":
        return AnalysisFigures(*(a + b for a, b in zip(self._values(), other._values(),
                                                        strict=True)))

    def _values(self) -> tuple[Decimal, ...]:
        return (self.budget, self.earlier_years, self.this_year, self.open_commitments,
                self.held_reserve)


@dataclass(frozen=True)
class BudgetAnalysis:
    year: int
    version_number: int
    rows: list[Row] = field(default_factory=list)

    def figures(self) -> dict:
        return {"year": self.year, "version": self.version_number, "rows": [
            {"label": row.label, "budget": str(row.figures.budget),
             "earlier_years": str(row.figures.earlier_years),
             "this_year": str(row.figures.this_year),
             "cumulative": str(row.figures.cumulative),
             "open_commitments": str(row.figures.open_commitments),
             "held_reserve": str(row.figures.held_reserve),
             "unspent": str(row.figures.unspent),
             "future_requirements": str(row.figures.future_requirements)}
            for row in self.rows]}


def budget_analysis(fund: Fund, year: int, sums: LedgerSums | None = None) -> BudgetAnalysis:
    """Art. 5(c) in the Annex B format, as at 31 December of the year (for the final
    analysis, all years up to the year of the end)."""
    sums = sums or LedgerSums(fund)
    check_year(fund, year, sums)
    last = date(year, 12, 31)
    version = version_in_force(fund, last)
    earlier = sums.by_line(SPENDING, upto=date(year - 1, 12, 1))
    this_year = sums.by_line(SPENDING, after=date(year - 1, 12, 1), upto=date(year, 12, 1))
    held = open_commitments(sums, last)
    psc_held = held.psc(fund.psc_rate)

    def figures(line) -> AnalysisFigures:
        code = line.code
        if line.is_programme_support:
            # For 5601 the "commitments" are the PSC the open commitments will carry.
            return AnalysisFigures(line.amount, earlier.get(code, ZERO),
                                   this_year.get(code, ZERO), psc_held, ZERO)
        return AnalysisFigures(line.amount, earlier.get(code, ZERO), this_year.get(code, ZERO),
                               held.by_line.get(code, ZERO),
                               held.reserve_by_line.get(code, ZERO))

    return BudgetAnalysis(year=year, version_number=version.number,
                          rows=lay_out(version, figures, AnalysisFigures()))


def report_years(fund: Fund, sums: LedgerSums | None = None) -> list[int]:
    return list(range(fund.start_date.year, last_year(fund, sums) + 1))


@dataclass(frozen=True)
class FinalReport:
    ended_on: date
    status: str
    statements: list[FinancialStatement]
    analysis: BudgetAnalysis
    reserve: Decimal
    dispositions: list[Disposition]
    assets: list[Asset]
    unspent: Decimal

    def figures(self) -> dict:
        return {"ended_on": self.ended_on.isoformat(), "reserve": str(self.reserve),
                "unspent": str(self.unspent),
                "statements": [s.figures() for s in self.statements],
                "analysis": self.analysis.figures(),
                "dispositions": [{"kind": d.kind, "amount": str(d.amount),
                                  "decided_on": d.decided_on.isoformat()}
                                 for d in self.dispositions],
                "assets": [{"description": a.description, "cost": str(a.cost),
                            "transferred_on": a.transferred_on.isoformat()
                            if a.transferred_on else None} for a in self.assets]}


def final_report(fund: Fund) -> FinalReport:
    """Art. 5(d): once the agreement has expired or terminated."""
    lifecycle = lifecycle_of(fund.agreement)
    today = portal_today()
    if not lifecycle.has_ended(today):
        raise ValidationError(_("The final report comes after the agreement has expired or "
                                "terminated; %(fund)s is %(status)s.")
                              % {"fund": fund, "status": lifecycle.status(today).label})
    sums = LedgerSums(fund)
    years = report_years(fund, sums)
    statements = [statement_of_year(fund, year, sums) for year in years]
    reserve = sum(sums.by_line([Kind.RESERVE]).values(), ZERO)
    return FinalReport(
        ended_on=lifecycle.ends_on, status=str(lifecycle.status(today).label),
        statements=statements, analysis=budget_analysis(fund, years[-1], sums),
        reserve=reserve, dispositions=list(fund.dispositions.select_related("letter")),
        assets=list(fund.assets.all()), unspent=statements[-1].closing_cash)


def cumulative_expenditure(fund: Fund, sums: LedgerSums | None = None
                           ) -> list[tuple[date, Decimal]]:
    """Cumulative expenditure (reserve and PSC included) at the end of each month with
    spending, for the chart."""
    monthly: dict[date, Decimal] = defaultdict(lambda: ZERO)
    for row in (sums or LedgerSums(fund)).rows:
        if row.kind in SPENDING:
            monthly[row.month] += row.amount
    running, series = ZERO, []
    for month in sorted(monthly):
        running += to_cents(monthly[month])
        following = (month.replace(year=month.year + 1, month=1) if month.month == 12
                     else month.replace(month=month.month + 1))
        series.append((following - timedelta(days=1), running))
    return series


