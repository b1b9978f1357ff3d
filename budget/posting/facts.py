"""What the controls need to know of a fund besides its running figures: the signature, the
agreement's lifecycle, the closed years, the budget version in force on a date, the lines'
default cost elements and the UN rates of exchange.

`FundFacts(fund)` looks each up when a posting first asks (one posting asks a few);
`FundFacts.loaded(fund)` reads them all at once, for an import that checks thousands of rows
against them without a query per row. Both answer the same questions the same way, so the
arithmetic and controls (budget.posting.book) give the same answers on either path."""

from bisect import bisect_right
from datetime import date
from decimal import Decimal
from functools import cached_property

from agreements.dates import portal_today
from agreements.lifecycle import Lifecycle
from agreements.status import lifecycle_of
from budget.models import BudgetLine, ClosedYear, ExchangeRate, Fund
from budget.models.fund import BudgetLine as _Line
from budget.rates import no_rate, rate_on


class FundFacts:
    def __init__(self, fund: Fund) -> None:
        self.fund = fund
        self.psc_rate: Decimal = fund.psc_rate
        self.reserve_rate: Decimal = fund.reserve_rate
        self.signed_on: date = fund.agreement.signed_on
        self._closed: set[int] | None = None
        self._versions: list[tuple[date, int, dict[str, Decimal]]] | None = None
        self._defaults: dict[str, str] | None = None
        self._rates: dict[str, tuple[list[date], list[Decimal]]] | None = None

    @classmethod
    def loaded(cls, fund: Fund) -> "FundFacts":
        """Every fact read now, in a handful of queries."""
        facts = cls(fund)
        facts._closed = set(ClosedYear.objects.filter(fund=fund).values_list("year",
                                                                              flat=True))
        facts._load_versions()
        rates: dict[str, tuple[list[date], list[Decimal]]] = {}
        for currency, valid_from, units in ExchangeRate.objects.order_by(
                "currency", "valid_from").values_list("currency", "valid_from",
                                                      "units_per_usd"):
            days, values = rates.setdefault(currency, ([], []))
            days.append(valid_from)
            values.append(units)
        facts._rates = rates
        facts.lifecycle  # noqa: B018 - read now, not per row
        return facts

    def read_ahead(self) -> "FundFacts":
        """Read what no posting changes before the fund's lock is taken (the agreement's
        lifecycle, whose notices are recorded under the agreement's own lock), so that the
        lock is held for as few queries as possible. Budget versions and closed years are
        read under the lock: revisions and year closings take it too."""
        self.lifecycle  # noqa: B018 - read now
        return self

    def _load_versions(self) -> None:
        """Every budget version's lines, in one query: the amounts in force on a date and
        the latest version's default cost elements."""
        versions: dict[int, tuple[date, dict[str, Decimal]]] = {}
        defaults: dict[int, dict[str, str]] = {}
        for number, effective_on, code, amount, element in (
                BudgetLine.objects.filter(version__fund=self.fund)
                .values_list("version__number", "version__effective_on", "code", "amount",
                             "default_cost_element")):
            versions.setdefault(number, (effective_on, {}))[1][code] = amount
            defaults.setdefault(number, {})[code] = element
        self._versions = [(effective_on, number, amounts)
                          for number, (effective_on, amounts) in sorted(versions.items())]
        self._defaults = defaults[max(defaults)] if defaults else {}

    @cached_property
    def today(self) -> date:
        """The portal's today, once per posting or import."""
        return portal_today()

    @cached_property
    def lifecycle(self) -> Lifecycle:
        return lifecycle_of(self.fund.agreement)

    def is_closed(self, year: int) -> bool:
        if self._closed is not None:
            return year in self._closed
        return ClosedYear.objects.filter(fund=self.fund, year=year).exists()

    def budget_in_force(self, code: str, on: date) -> tuple[Decimal, int] | None:
        """The line's amount in the budget version in force on `on`, with its number."""
        if self._versions is None:
            self._load_versions()
        for effective_on, number, amounts in reversed(self._versions):
            if effective_on <= on and code in amounts:
                return amounts[code], number
        return None

    def default_element(self, code: str) -> str:
        if self._defaults is None:
            self._load_versions()
        return self._defaults.get(code, _Line.CostElement.OTHER)

    def units_per_usd(self, currency: str, on: date) -> Decimal:
        """The UN operational rate that applies on `on`: the latest from that month
        (docs/ledger-rules.md#rates); refused when there is none."""
        if self._rates is None:
            return rate_on(currency, on).units_per_usd
        days, values = self._rates.get(currency, ([], []))
        index = bisect_right(days, on) - 1
        if index < 0 or (days[index].year, days[index].month) != (on.year, on.month):
            raise no_rate(currency, on)
        return values[index]
