"""The posting arithmetic and controls as pure functions over the running figures: what a
commitment holds, what an expenditure charges and releases, what a cancellation or reversal
gives back, and whether the line and the cash can carry it (docs/ledger-rules.md). Nothing
here touches the database: the figures are the balance rows (or objects shaped like them)
and the facts come from `budget.posting.facts`. The interactive postings
(budget.posting.spending, receipts) and the bulk import (budget.ledger_import) both call
these, so the two paths cannot disagree.

Each `plan_*` checks first and changes nothing when it refuses; `apply_*` then moves the
figures by what was planned."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.dates import portal_today
from budget.amounts import format_amount
from budget.charges import Charges, ChargeState, charges_for_spending, to_cents
from budget.models.fund import BudgetLine
from budget.posting.controls import (
    ZERO,
    Need,
    check_cash,
    check_line,
    check_period,
    check_running,
    check_total,
)
from budget.posting.facts import FundFacts

SALARY = BudgetLine.CostElement.SALARY_OR_FEE


COST_ELEMENTS = frozenset(BudgetLine.CostElement.values)
# Named in a refusal only: translated when one is made, not for every row of an import.
BEYOND_COMMITMENT = gettext_lazy("expenditure beyond an earlier commitment")


def cost_element(facts: FundFacts, code: str, chosen: str | None) -> str:
    """The cost element chosen, or the line's default (docs/ledger-rules.md#cost-elements)."""
    if chosen:
        if chosen not in COST_ELEMENTS:
            raise ValidationError({"cost_element": _("Unknown cost element: %(e)s.")
                                   % {"e": chosen}})
        return chosen
    return facts.default_element(code)


def reserve_hold(facts: FundFacts, amount: Decimal, element: str) -> Decimal:
    """The reserve a commitment of `amount` will carry (docs/ledger-rules.md#holds)."""
    return to_cents(amount * facts.reserve_rate) if element == SALARY else ZERO


def release(facts: FundFacts, open_balance, amount: Decimal) -> tuple[Decimal, Decimal]:
    """The (amount, reserve) a liquidation or cancellation of `amount` releases of an open
    commitment: the whole reserve hold with the last of its amount, else its share."""
    released = min(amount, open_balance.open_amount)
    if released == open_balance.open_amount:
        return released, open_balance.reserve_hold
    reserve = (min(open_balance.reserve_hold, to_cents(released * facts.reserve_rate))
               if open_balance.reserve_hold else ZERO)
    return released, reserve


@dataclass(frozen=True)
class Held:
    """What a new commitment holds: on its line, and the PSC on all holds after it."""

    hold: Decimal
    reserve: Decimal
    psc_held: Decimal


def plan_commitment(facts: FundFacts, balance, line, *, amount: Decimal, value_date: date,
                    element: str, entered_on: date | None) -> Held:
    check_period(facts, value_date)
    check_running(facts, value_date, _("commitment"), entered_on)

    def hold_of(x: Decimal) -> Decimal:
        return x + reserve_hold(facts, x, element)

    def cash_of(x: Decimal) -> Decimal:
        hold = hold_of(x)
        return hold + to_cents(facts.psc_rate * (balance.held + hold)) - balance.psc_held

    hold = hold_of(amount)
    check_line(facts, line, Need(amount=amount, reserve=hold - amount, of=hold_of),
               value_date=value_date)
    psc_held = to_cents(facts.psc_rate * (balance.held + hold))
    check_cash(balance, Need(amount=amount, reserve=hold - amount,
                             psc=psc_held - balance.psc_held, of=cash_of),
               reserve_rate=facts.reserve_rate)
    return Held(hold=hold, reserve=hold - amount, psc_held=psc_held)


def apply_commitment(balance, line, held: Held) -> None:
    line.held += held.hold
    balance.held += held.hold
    balance.psc_held = held.psc_held


@dataclass(frozen=True)
class Spending:
    """An expenditure's charges, what it releases of its commitment, and the figures after."""

    amount: Decimal
    charges: Charges
    after: ChargeState
    released: Decimal
    released_reserve: Decimal
    psc_held: Decimal

    @property
    def freed(self) -> Decimal:
        return self.released + self.released_reserve


def _charge_state(balance) -> ChargeState:
    return ChargeState(reserve_base=balance.reserve_base,
                       reserve_charged=balance.reserve_charged,
                       psc_base=balance.expenditure, psc_charged=balance.psc_charged)


def plan_expenditure(facts: FundFacts, balance, line, open_balance, *, amount: Decimal,
                     value_date: date, element: str, commitment_facts=None,
                     orderly_conclusion: str = "", entered_on: date | None = None
                     ) -> Spending:
    """`open_balance` is the open commitment it liquidates (or None), `commitment_facts` that
    commitment's entry (sequence, line_code, value_date)."""
    check_period(facts, value_date)
    if commitment_facts is not None:
        if commitment_facts.line_code != line.code:
            raise ValidationError({"commitment": _(
                "Commitment #%(n)s is on line %(line)s, not %(code)s.")
                % {"n": commitment_facts.sequence, "line": commitment_facts.line_code,
                   "code": line.code}})
        if open_balance.open_amount == 0:
            raise ValidationError({"commitment": _("Commitment #%(n)s has nothing left open.")
                                   % {"n": commitment_facts.sequence}})
        if value_date < commitment_facts.value_date:
            raise ValidationError({"value_date": _(
                "A payment cannot be dated before the commitment it liquidates (%(date)s).")
                % {"date": commitment_facts.value_date}})
    # What no earlier commitment covers is a new obligation: refused after the end unless a
    # finance officer marks it as orderly conclusion, with a reason
    # (docs/lifecycle.md#after-the-end).
    uncovered = amount - (open_balance.open_amount if open_balance else ZERO)
    if uncovered > 0 and not orderly_conclusion.strip():
        check_running(facts, value_date, BEYOND_COMMITMENT, entered_on)
    state = _charge_state(balance)

    def charged(x: Decimal) -> tuple[Charges, ChargeState]:
        return charges_for_spending(state, amount=x, bears_reserve=element == SALARY,
                                    reserve_rate=facts.reserve_rate, psc_rate=facts.psc_rate)

    def freed_of(x: Decimal) -> Decimal:
        return sum(release(facts, open_balance, x), ZERO) if open_balance else ZERO

    def line_of(x: Decimal) -> Decimal:
        return x + charged(x)[0].reserve - freed_of(x)

    def cash_of(x: Decimal) -> Decimal:
        charges, freed = charged(x)[0], freed_of(x)
        return (x + charges.reserve + charges.psc - freed
                + to_cents(facts.psc_rate * (balance.held - freed)) - balance.psc_held)

    charges, after = charged(amount)
    released, released_reserve = (release(facts, open_balance, amount) if open_balance
                                  else (ZERO, ZERO))
    freed = released + released_reserve
    check_line(facts, line, Need(amount=amount, reserve=charges.reserve, released=freed,
                                 of=line_of), value_date=value_date)
    psc_held = to_cents(facts.psc_rate * (balance.held - freed))
    check_cash(balance, Need(amount=amount, reserve=charges.reserve,
                             psc=charges.psc + psc_held - balance.psc_held, released=freed,
                             of=cash_of), reserve_rate=facts.reserve_rate)
    return Spending(amount=amount, charges=charges, after=after, released=released,
                    released_reserve=released_reserve, psc_held=psc_held)


def apply_spending(balance, line, psc_line, open_balance, spending: Spending) -> None:
    """Move the figures by an expenditure (or, with a negative amount, its reversal)."""
    if open_balance is not None:
        open_balance.open_amount -= spending.released
        open_balance.reserve_hold -= spending.released_reserve
    line.spent += spending.amount + spending.charges.reserve
    line.held -= spending.freed
    if spending.charges.psc:
        psc_line.spent += spending.charges.psc
    balance.expenditure += spending.amount + spending.charges.reserve
    balance.reserve_base = spending.after.reserve_base
    balance.reserve_charged = spending.after.reserve_charged
    balance.psc_charged = spending.after.psc_charged
    balance.held -= spending.freed
    balance.psc_held = spending.psc_held


def plan_cancellation(facts: FundFacts, open_balance, *, commitment_facts,
                      amount: Decimal | None, value_date: date) -> tuple[Decimal, Decimal]:
    """Release what a commitment still holds (all of it unless an amount is given)."""
    if open_balance.open_amount == 0:
        raise ValidationError(_("Commitment #%(n)s has nothing left open to cancel.")
                              % {"n": commitment_facts.sequence})
    amount = open_balance.open_amount if amount is None else amount
    if amount > open_balance.open_amount:
        raise ValidationError({"amount": _(
            "Commitment #%(n)s has %(open)s open; %(amount)s cannot be cancelled.")
            % {"n": commitment_facts.sequence,
               "open": format_amount(open_balance.open_amount),
               "amount": format_amount(amount)}})
    check_period(facts, value_date)
    if value_date < commitment_facts.value_date:
        raise ValidationError({"value_date": _(
            "A cancellation cannot be dated before the commitment (%(date)s).")
            % {"date": commitment_facts.value_date}})
    return release(facts, open_balance, amount)


def apply_cancellation(facts: FundFacts, balance, line, open_balance,
                       released: tuple[Decimal, Decimal]) -> None:
    amount, reserve = released
    open_balance.open_amount -= amount
    open_balance.reserve_hold -= reserve
    line.held -= amount + reserve
    balance.held -= amount + reserve
    balance.psc_held = to_cents(facts.psc_rate * balance.held)


def plan_receipt_reversal(facts: FundFacts, balance, amount: Decimal) -> None:
    """A contribution or income taken back: the cash must still cover what is spent and
    held."""
    check_cash(balance, Need(amount=amount), reserve_rate=facts.reserve_rate)


def plan_spending_reversal(facts: FundFacts, balance, *, amount: Decimal, element: str,
                           released: Decimal, released_reserve: Decimal) -> Spending:
    """An expenditure taken back: the bases and charges unwind, and a liquidation's
    commitment holds again what the payment had released of it."""
    rehold = released + released_reserve
    charges, after = charges_for_spending(
        _charge_state(balance), amount=-amount, bears_reserve=element == SALARY,
        reserve_rate=facts.reserve_rate, psc_rate=facts.psc_rate)
    psc_held = to_cents(facts.psc_rate * (balance.held + rehold))
    check_cash(balance, Need(amount=-amount + charges.reserve + charges.psc + rehold
                             + psc_held - balance.psc_held), reserve_rate=facts.reserve_rate)
    return Spending(amount=-amount, charges=charges, after=after, released=-released,
                    released_reserve=-released_reserve, psc_held=psc_held)


def check_receipt_date(kind: str, value_date: date) -> None:
    """A contribution is not received in the future (docs/ledger-rules.md#cash). Checked
    before the rate is looked up: a future month has none."""
    if kind == "contribution" and value_date > portal_today():
        raise ValidationError({"value_date": _("A contribution cannot be received in the "
                                               "future.")})


def plan_receipt(facts: FundFacts, balance, *, kind: str, amount: Decimal,
                 value_date: date) -> None:
    """A contribution or interest and other income."""
    check_receipt_date(kind, value_date)
    check_period(facts, value_date)
    check_total((balance.contributions if kind == "contribution" else balance.income) + amount)


def apply_receipt(balance, *, kind: str, amount: Decimal) -> None:
    if kind == "contribution":
        balance.contributions += amount
    else:
        balance.income += amount
