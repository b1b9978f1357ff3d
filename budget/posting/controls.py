"""What every posting shares: the refusal, amounts, the fund's lock and the controls."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from moneyed import Money

from budget.amounts import USD, format_amount
from budget.charges import largest_fitting
from budget.models import Entry, Fund, FundBalance, LineBalance
from budget.posting.facts import FundFacts
from budget.rates import Conversion, to_usd
from budget.totals import TotalsDelta
from webhooks.events import announce_entries

ZERO = Decimal("0.00")
# One posting, and any running total, must fit the 14 digits (12 before the point) the
# ledger stores.
MAX_AMOUNT = Decimal("9999999999.99")
MAX_TOTAL = Decimal("999999999999.99")
TEXT_LIMITS = {"payee": 200, "reference": 120, "description": 300}


class PostingRefused(ValidationError):
    """A posting the controls refuse; carries the rule and, where they apply, the figures."""

    def __init__(self, message: str, *, rule: str, available: Decimal | None = None,
                 needed: Decimal | None = None, largest: Decimal | None = None) -> None:
        super().__init__(message, code=rule)
        self.rule = rule
        self.available = available
        self.needed = needed
        self.largest = largest


def money(value: Decimal | str | int, field: str = "amount") -> Decimal:
    """A positive amount in cents, or a clear refusal (no floats, no third decimal)."""
    if isinstance(value, float):
        raise ValidationError({field: _("Amounts are exact decimals, not floating point.")})
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("%(value)s is not an amount.") % {"value": value}}) \
            from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({field: _("The amount must be more than zero.")})
    if amount > MAX_AMOUNT:
        raise ValidationError({field: _("An amount is at most %(max)s.")
                               % {"max": format_amount(MAX_AMOUNT)}})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: _("An amount has at most two decimals (cents).")})
    return amount.quantize(Decimal("0.01"))


def usd_of(amount: Money, value_date: date, facts: FundFacts | None = None) -> Conversion:
    """The USD amount of a posting; one in another currency takes the UN operational rate of
    its month and keeps its original amount and the rate (Art. 1.5;
    docs/ledger-rules.md#rates). Only `Money` comes in: a bare number has no currency."""
    if not isinstance(amount, Money):
        raise TypeError(f"postings take Money, not {type(amount).__name__}")
    if amount.currency.code == USD:
        return Conversion(usd=money(amount.amount), original=None, rate=None)
    original = Money(money(amount.amount), amount.currency)
    conversion = to_usd(original, value_date, units_per_usd=facts.units_per_usd(
        original.currency.code, value_date) if facts else None)
    if conversion.usd <= 0:
        raise ValidationError({"amount": _("%(amount)s is less than a cent in US dollars.")
                               % {"amount": original}})
    money(conversion.usd)  # within the bounds in US dollars too
    return conversion


def lock_fund(fund: Fund) -> FundBalance:
    return FundBalance.objects.select_for_update().select_related("fund").get(fund=fund)


def psc_line(fund: Fund) -> LineBalance:
    return LineBalance.objects.get(fund=fund, is_programme_support=True)


def check_programme_line(line: LineBalance | None, code: str, fund: Fund) -> LineBalance:
    """The line a posting is made on: a programme line of the fund (5601 follows the rate)."""
    if line is None:
        raise PostingRefused(_("There is no budget line %(code)s in fund %(fund)s.")
                             % {"code": code, "fund": fund}, rule="unknown_line")
    if line.is_programme_support:
        raise PostingRefused(_("Line %(code)s is programme support: the system charges it.")
                             % {"code": code}, rule="psc_line")
    return line


def programme_line(fund: Fund, code: str) -> LineBalance:
    return check_programme_line(LineBalance.objects.filter(fund=fund, code=code).first(), code,
                                fund)


def spending_lines(fund: Fund, code: str) -> tuple[LineBalance, LineBalance | None]:
    """The programme line an expenditure is made on and the PSC line its charge goes to, in
    one query."""
    found = LineBalance.objects.filter(Q(code=code) | Q(is_programme_support=True), fund=fund)
    line = psc = None
    for each in found:
        if each.is_programme_support:
            psc = each
        if each.code == code:
            line = each
    return check_programme_line(line, code, fund), psc


def check_period(facts: FundFacts, value_date: date) -> None:
    """A posting is dated between the agreement's signature and a year from today, and not
    in a closed year."""
    if value_date < facts.signed_on:
        raise PostingRefused(_("A posting cannot be dated before the agreement was signed "
                               "(%(date)s).") % {"date": facts.signed_on},
                             rule="before_signature")
    if value_date > facts.today + timedelta(days=366):
        raise PostingRefused(_("A posting cannot be dated more than a year ahead."),
                             rule="far_future")
    if facts.is_closed(value_date.year):
        raise PostingRefused(_("The year %(year)s is closed; no posting may be dated in it.")
                             % {"year": value_date.year}, rule="closed_year")


def check_running(facts: FundFacts, value_date: date, what: str,
                  entered_on: date | None = None) -> None:
    """After expiry or termination, no new obligations (Art. 6, 9;
    docs/lifecycle.md#after-the-end). The value date decides; an obligation entered (through
    a page or the API) once the agreement has ended cannot be back-dated before the end
    either. Imports of historical records pass no `entered_on` and are judged by value date
    alone."""
    lifecycle = facts.lifecycle
    if entered_on is not None and lifecycle.has_ended(entered_on):
        raise PostingRefused(
            _("The agreement ended on %(date)s; no new %(what)s may be entered now, whatever "
              "its value date.") % {"date": lifecycle.ends_on, "what": what},
            rule="agreement_ended")
    if lifecycle.has_ended(value_date):
        raise PostingRefused(
            _("The agreement ended on %(date)s (%(status)s); no new %(what)s may be dated "
              "from then.") % {"date": lifecycle.ends_on, "what": what,
                               "status": lifecycle.status(value_date).label},
            rule="agreement_ended")


def check_total(total: Decimal) -> None:
    if total > MAX_TOTAL:
        raise ValidationError({"amount": _("The fund's total would pass %(max)s.")
                               % {"max": format_amount(MAX_TOTAL)}})


@dataclass(frozen=True)
class Need:
    """What a posting of `amount` needs of a line or of the cash, as the refusal explains it:
    the amount, the reserve for claims it carries, the programme support cost on it, less what
    it releases of a commitment; `of` gives the same figure for any other amount, so that the
    refusal can say the most that would fit."""

    amount: Decimal
    reserve: Decimal = ZERO
    psc: Decimal = ZERO
    released: Decimal = ZERO
    of: Callable[[Decimal], Decimal] | None = None

    @property
    def total(self) -> Decimal:
        return self.amount + self.reserve + self.psc - self.released

    def explained(self, reserve_rate: Decimal) -> str:
        """The need as its parts, or "" when it is the amount alone."""
        if not (self.reserve or self.psc or self.released):
            return ""
        parts = [format_amount(self.amount)]
        if self.reserve:
            parts.append(_("%(reserve)s of reserve for claims (%(rate)s)")
                         % {"reserve": format_amount(self.reserve),
                            "rate": f"{(reserve_rate * 100).normalize():f}%"})
        if self.psc:
            parts.append(_("%(psc)s of programme support costs") % {"psc": format_amount(self.psc)})
        text = _(" and ").join(parts)
        if self.released:
            text += _(", less %(released)s released from its commitment") \
                % {"released": format_amount(self.released)}
        return text

    def largest_within(self, available: Decimal) -> Decimal | None:
        """The most that would fit, or None where the posting's amount is not the
        officer's to choose (a reversal)."""
        return largest_fitting(self.of, available) if self.of else None


def line_budget_on(facts: FundFacts, line: LineBalance,
                   value_date: date) -> tuple[Decimal, int | None]:
    """The budget a posting dated `value_date` must fit on this line: the line's amount in the
    version in force on that date, or its current budget if that is lower (a line never goes
    past its current budget either), with the number of the version that sets it
    (docs/revisions.md#effective-dates)."""
    in_force = facts.budget_in_force(line.code, value_date)
    if in_force is not None and in_force[0] < line.budget:
        return in_force
    return line.budget, None


def check_line(facts: FundFacts, line: LineBalance, need: Need, *, value_date: date) -> None:
    reserve_rate = facts.reserve_rate
    budget, version = line_budget_on(facts, line, value_date)
    available = budget - line.held - line.spent
    if need.total > available:
        message = _("Line %(code)s has %(available)s available; this needs %(needed)s.") % {
            "code": line.code, "available": format_amount(available),
            "needed": format_amount(need.total)}
        if explained := need.explained(reserve_rate):
            message = message[:-1] + ": " + explained + "."
        if version is not None:
            message += " " + _("A posting dated %(date)s must fit version %(n)s of the budget, "
                               "in force that day.") % {"date": value_date, "n": version}
        largest = need.largest_within(available)
        if largest:
            message += " " + _("The most it can take now is %(largest)s.") \
                % {"largest": format_amount(largest)}
        raise PostingRefused(message, rule="line_budget", available=available,
                             needed=need.total, largest=largest)


def check_cash(balance: FundBalance, need: Need, *, reserve_rate: Decimal) -> None:
    if need.total > balance.available:
        message = _("The fund has %(available)s of the contributions received available; "
                    "this needs %(needed)s.") % {
            "available": format_amount(balance.available),
            "needed": format_amount(need.total)}
        if explained := need.explained(reserve_rate):
            message = message[:-1] + ": " + explained + "."
        largest = need.largest_within(balance.available)
        if largest:
            message += " " + _("The most the fund can take now is %(largest)s.") \
                % {"largest": format_amount(largest)}
        raise PostingRefused(message, rule="cash", available=balance.available,
                             needed=need.total, largest=largest)


def check_texts(fields: dict) -> None:
    for field, limit in TEXT_LIMITS.items():
        if len(fields.get(field) or "") > limit:
            raise ValidationError({field: _("At most %(n)s characters.") % {"n": limit}})


def write_entry(balance: FundBalance, *, reserve_held: Decimal = ZERO,
                totals: TotalsDelta | None = None, **fields) -> Entry:
    """Write the fund's next entry, and add it to the monthly totals (budget.totals): at
    once, or to `totals`, which a posting of several entries saves in one statement."""
    check_texts(fields)
    balance.last_sequence += 1
    entry = Entry(fund=balance.fund, sequence=balance.last_sequence, **fields)
    entry.save()
    announce_entries(balance.fund, entry.sequence, entry.sequence)  # docs/webhooks.md
    delta = totals if totals is not None else TotalsDelta()
    delta.add(value_date=entry.value_date, line_code=entry.line_code, kind=entry.kind,
              amount=entry.amount, released=entry.released,
              released_reserve=entry.released_reserve, reserve_held=reserve_held)
    if totals is None:
        delta.save(balance.fund_id)
    return entry
