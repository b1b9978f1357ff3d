"""Commitments, expenditures with their system charges, cancellations and reversals."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from moneyed import Money

from budget.amounts import USD, format_amount
from budget.charges import ChargeState, charges_for_spending, to_cents
from budget.models import CommitmentBalance, Entry, Fund, FundBalance, LineBalance
from budget.posting.controls import (
    ZERO,
    Need,
    check_cash,
    check_line,
    check_period,
    check_running,
    lock_fund,
    programme_line,
    psc_line,
    usd_of,
    write_entry,
)

Kind = Entry.Kind


def _cost_element(line: LineBalance, fund: Fund, cost_element: str | None) -> str:
    if cost_element:
        if cost_element not in Entry.CostElement.values:
            raise ValidationError({"cost_element": _("Unknown cost element: %(e)s.")
                                   % {"e": cost_element}})
        return cost_element
    version = fund.budget_versions.order_by("-number").first()
    budget_line = version.lines.filter(code=line.code).first() if version else None
    return budget_line.default_cost_element if budget_line else Entry.CostElement.OTHER


def _reserve_hold(fund: Fund, amount: Decimal, cost_element: str) -> Decimal:
    if cost_element != Entry.CostElement.SALARY_OR_FEE:
        return ZERO
    return to_cents(amount * fund.reserve_rate)


@transaction.atomic
def post_commitment(
    *, fund: Fund, line_code: str, amount: Money, value_date: date,
    cost_element: str | None = None, payee: str = "", reference: str = "",
    description: str = "", acting_user: AbstractBaseUser | None,
    entered_on: date | None = None,
) -> Entry:
    """An obligation (contract, travel authorisation, purchase order) on a line. It holds
    its amount and the reserve it will carry on the line, and those plus their PSC against
    the cash (docs/ledger-rules.md#holds)."""
    conversion = usd_of(amount, value_date)
    amount = conversion.usd
    balance = lock_fund(fund)
    line = programme_line(fund, line_code)
    check_period(fund, value_date)
    check_running(fund, value_date, _("commitment"), entered_on)
    element = _cost_element(line, fund, cost_element)

    def hold_of(x: Decimal) -> Decimal:
        return x + _reserve_hold(fund, x, element)

    def cash_of(x: Decimal) -> Decimal:
        hold = hold_of(x)
        return hold + to_cents(fund.psc_rate * (balance.held + hold)) - balance.psc_held

    hold = hold_of(amount)
    check_line(line, Need(amount=amount, reserve=hold - amount, of=hold_of),
               value_date=value_date, reserve_rate=fund.reserve_rate)
    psc_held = to_cents(fund.psc_rate * (balance.held + hold))
    check_cash(balance, Need(amount=amount, reserve=hold - amount,
                             psc=psc_held - balance.psc_held, of=cash_of),
               reserve_rate=fund.reserve_rate)

    entry = write_entry(balance, kind=Kind.COMMITMENT, line_code=line.code,
                        value_date=value_date, amount=amount, original=conversion.original,
                        exchange_rate=conversion.rate, cost_element=element, payee=payee,
                        reference=reference, description=description, recorded_by=acting_user)
    CommitmentBalance.objects.create(commitment=entry, open_amount=amount,
                                     reserve_hold=hold - amount)
    line.held += hold
    line.save()
    balance.held += hold
    balance.psc_held = psc_held
    balance.save()
    return entry


def _open_commitment(fund: Fund, commitment: Entry) -> CommitmentBalance:
    if commitment.fund_id != fund.pk or commitment.kind != Kind.COMMITMENT \
            or commitment.amount < 0:
        raise ValidationError({"commitment": _("Entry #%(n)s is not a commitment of this fund.")
                               % {"n": commitment.sequence}})
    return CommitmentBalance.objects.select_for_update().get(commitment=commitment)


def _release(
    fund: Fund, open_balance: CommitmentBalance, amount: Decimal
) -> tuple[Decimal, Decimal]:
    """The (amount, reserve) a liquidation or cancellation of `amount` releases."""
    released = min(amount, open_balance.open_amount)
    if released == open_balance.open_amount:
        return released, open_balance.reserve_hold
    reserve = min(open_balance.reserve_hold, to_cents(released * fund.reserve_rate)) \
        if open_balance.reserve_hold else ZERO
    return released, reserve


@transaction.atomic
def post_expenditure(
    *, fund: Fund, line_code: str, amount: Money, value_date: date,
    cost_element: str | None = None, commitment: Entry | None = None, payee: str = "",
    reference: str = "", description: str = "", orderly_conclusion: str = "",
    acting_user: AbstractBaseUser | None, entered_on: date | None = None,
) -> Entry:
    """Money spent on a line, optionally liquidating a commitment, with the reserve and PSC
    the system charges in the same transaction (Art. 2.2, 2.3)."""
    conversion = usd_of(amount, value_date)
    amount = conversion.usd
    balance = lock_fund(fund)
    line = programme_line(fund, line_code)
    check_period(fund, value_date)
    open_balance = None
    if commitment is not None:
        open_balance = _open_commitment(fund, commitment)
        if commitment.line_code != line.code:
            raise ValidationError({"commitment": _(
                "Commitment #%(n)s is on line %(line)s, not %(code)s.")
                % {"n": commitment.sequence, "line": commitment.line_code, "code": line.code}})
        if open_balance.open_amount == 0:
            raise ValidationError({"commitment": _("Commitment #%(n)s has nothing left open.")
                                   % {"n": commitment.sequence}})
        if value_date < commitment.value_date:
            raise ValidationError({"value_date": _(
                "A payment cannot be dated before the commitment it liquidates (%(date)s).")
                % {"date": commitment.value_date}})
    # What no earlier commitment covers is a new obligation: refused after the end unless a
    # finance officer marks it as orderly conclusion, with a reason
    # (docs/lifecycle.md#after-the-end).
    uncovered = amount - (open_balance.open_amount if open_balance else ZERO)
    if uncovered > 0 and not orderly_conclusion.strip():
        check_running(fund, value_date, _("expenditure beyond an earlier commitment"),
                      entered_on)
    element = _cost_element(line, fund, cost_element or (commitment and commitment.cost_element))
    state = ChargeState(reserve_base=balance.reserve_base,
                        reserve_charged=balance.reserve_charged,
                        psc_base=balance.expenditure, psc_charged=balance.psc_charged)

    def charged(x: Decimal):
        return charges_for_spending(
            state, amount=x, bears_reserve=element == Entry.CostElement.SALARY_OR_FEE,
            reserve_rate=fund.reserve_rate, psc_rate=fund.psc_rate)

    def freed_of(x: Decimal) -> Decimal:
        return sum(_release(fund, open_balance, x), ZERO) if open_balance else ZERO

    def line_of(x: Decimal) -> Decimal:
        return x + charged(x)[0].reserve - freed_of(x)

    def cash_of(x: Decimal) -> Decimal:
        charges, freed = charged(x)[0], freed_of(x)
        return (x + charges.reserve + charges.psc - freed
                + to_cents(fund.psc_rate * (balance.held - freed)) - balance.psc_held)

    charges, after = charged(amount)
    released, released_reserve = (_release(fund, open_balance, amount) if open_balance
                                   else (ZERO, ZERO))
    freed = released + released_reserve
    check_line(line, Need(amount=amount, reserve=charges.reserve, released=freed, of=line_of),
               value_date=value_date, reserve_rate=fund.reserve_rate)
    psc_held = to_cents(fund.psc_rate * (balance.held - freed))
    check_cash(balance, Need(amount=amount, reserve=charges.reserve,
                             psc=charges.psc + psc_held - balance.psc_held, released=freed,
                             of=cash_of), reserve_rate=fund.reserve_rate)

    entry = write_entry(balance, kind=Kind.EXPENDITURE, line_code=line.code,
                        value_date=value_date, amount=amount, original=conversion.original,
                        exchange_rate=conversion.rate, cost_element=element,
                        commitment=commitment, payee=payee, reference=reference,
                        description=description, orderly_conclusion=orderly_conclusion.strip(),
                        released=released, released_reserve=released_reserve,
                        recorded_by=acting_user)
    _write_charges(balance, entry, line, charges.reserve, charges.psc, acting_user)
    if open_balance is not None:
        open_balance.open_amount -= released
        open_balance.reserve_hold -= released_reserve
        open_balance.save()
    line.spent += amount + charges.reserve
    line.held -= freed
    line.save()
    balance.expenditure += amount + charges.reserve
    balance.reserve_base = after.reserve_base
    balance.reserve_charged = after.reserve_charged
    balance.psc_charged = after.psc_charged
    balance.held -= freed
    balance.psc_held = psc_held
    balance.save()
    return entry


def _write_charges(balance: FundBalance, entry: Entry, line: LineBalance, reserve: Decimal,
                   psc: Decimal, user) -> None:
    if reserve:
        write_entry(balance, kind=Kind.RESERVE, line_code=line.code, value_date=entry.value_date,
               amount=reserve, caused_by=entry, cost_element=entry.cost_element,
               description=_("Reserve for claims, Art. 2.3"), recorded_by=user)
    if psc:
        line_5601 = psc_line(balance.fund)
        write_entry(balance, kind=Kind.PSC, line_code=line_5601.code, value_date=entry.value_date,
               amount=psc, caused_by=entry, description=_("Programme support cost, Art. 2.2"),
               recorded_by=user)
        line_5601.spent += psc
        line_5601.save()


@transaction.atomic
def cancel_commitment(
    *, commitment: Entry, value_date: date, amount: Money | None = None,
    reason: str = "", acting_user: AbstractBaseUser | None,
) -> Entry:
    """Release what a commitment still holds (all of it unless an amount is given)."""
    fund = commitment.fund
    balance = lock_fund(fund)
    open_balance = _open_commitment(fund, commitment)
    if open_balance.open_amount == 0:
        raise ValidationError(_("Commitment #%(n)s has nothing left open to cancel.")
                              % {"n": commitment.sequence})
    if amount is not None and amount.currency.code != USD:
        raise ValidationError({"amount": _("A cancellation releases US dollars of its "
                                           "commitment, the currency of the books.")})
    amount = open_balance.open_amount if amount is None else usd_of(amount, value_date).usd
    if amount > open_balance.open_amount:
        raise ValidationError({"amount": _(
            "Commitment #%(n)s has %(open)s open; %(amount)s cannot be cancelled.")
            % {"n": commitment.sequence, "open": format_amount(open_balance.open_amount),
               "amount": format_amount(amount)}})
    check_period(fund, value_date)
    if value_date < commitment.value_date:
        raise ValidationError({"value_date": _(
            "A cancellation cannot be dated before the commitment (%(date)s).")
            % {"date": commitment.value_date}})
    released, released_reserve = _release(fund, open_balance, amount)
    entry = write_entry(balance, kind=Kind.CANCELLATION, line_code=commitment.line_code,
                        value_date=value_date, amount=released, commitment=commitment,
                        cost_element=commitment.cost_element, description=reason,
                        released=released, released_reserve=released_reserve,
                        recorded_by=acting_user)
    open_balance.open_amount -= released
    open_balance.reserve_hold -= released_reserve
    open_balance.save()
    line = LineBalance.objects.get(fund=fund, code=commitment.line_code)
    line.held -= released + released_reserve
    line.save()
    balance.held -= released + released_reserve
    balance.psc_held = to_cents(fund.psc_rate * balance.held)
    balance.save()
    return entry


@transaction.atomic
def reverse_entry(
    *, entry: Entry, value_date: date, reason: str, acting_user: AbstractBaseUser | None,
) -> Entry:
    """Correct a posted entry by its opposite; an expenditure's charges unwind with it."""
    fund = entry.fund
    balance = lock_fund(fund)
    if not reason.strip():
        raise ValidationError({"reason": _("A reversal needs a reason.")})
    if entry.reverses_id is not None or Entry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("Entry #%(n)s is a reversal or is already reversed.")
                              % {"n": entry.sequence})
    if entry.kind in (Kind.RESERVE, Kind.PSC):
        raise ValidationError(_("Charges follow their expenditure: reverse entry #%(n)s "
                                "instead.") % {"n": entry.caused_by.sequence})
    if entry.kind in (Kind.COMMITMENT, Kind.CANCELLATION):
        raise ValidationError(_("A commitment is released by cancelling it, not reversed."))
    if entry.kind not in (Kind.CONTRIBUTION, Kind.INCOME, Kind.EXPENDITURE):
        raise ValidationError(_("Entries of kind %(kind)s cannot be reversed here.")
                              % {"kind": entry.get_kind_display()})
    if value_date < entry.value_date:
        raise ValidationError({"value_date": _("A reversal cannot be dated before the entry "
                                               "it reverses (%(date)s).")
                               % {"date": entry.value_date}})
    check_period(fund, value_date)
    common = {"reverses": entry, "value_date": value_date, "line_code": entry.line_code,
              "description": reason, "recorded_by": acting_user,
              "original": -entry.original if entry.original is not None else None,
              "exchange_rate": entry.exchange_rate}
    if entry.kind in (Kind.CONTRIBUTION, Kind.INCOME):
        check_cash(balance, Need(amount=entry.amount), reserve_rate=fund.reserve_rate)
        reversal = write_entry(balance, kind=entry.kind, amount=-entry.amount, **common)
        if entry.kind == Kind.CONTRIBUTION:
            balance.contributions -= entry.amount
        else:
            balance.income -= entry.amount
        balance.save()
        return reversal
    # An expenditure: lower the bases and unwind the charges; a liquidation's commitment
    # holds again what the payment had released of it.
    line = LineBalance.objects.get(fund=fund, code=entry.line_code)
    rehold = entry.released + entry.released_reserve
    charges, after = charges_for_spending(
        ChargeState(reserve_base=balance.reserve_base, reserve_charged=balance.reserve_charged,
                    psc_base=balance.expenditure, psc_charged=balance.psc_charged),
        amount=-entry.amount,
        bears_reserve=entry.cost_element == Entry.CostElement.SALARY_OR_FEE,
        reserve_rate=fund.reserve_rate, psc_rate=fund.psc_rate)
    psc_held = to_cents(fund.psc_rate * (balance.held + rehold))
    check_cash(balance, Need(amount=-entry.amount + charges.reserve + charges.psc + rehold
                             + psc_held - balance.psc_held), reserve_rate=fund.reserve_rate)
    reversal = write_entry(balance, kind=entry.kind, amount=-entry.amount,
                           cost_element=entry.cost_element, commitment=entry.commitment,
                           released=-entry.released, released_reserve=-entry.released_reserve,
                           **common)
    _write_charges(balance, reversal, line, charges.reserve, charges.psc, acting_user)
    if rehold:
        open_balance = CommitmentBalance.objects.select_for_update().get(
            commitment_id=entry.commitment_id)
        open_balance.open_amount += entry.released
        open_balance.reserve_hold += entry.released_reserve
        open_balance.save()
    line.spent += -entry.amount + charges.reserve
    line.held += rehold
    line.save()
    balance.expenditure += -entry.amount + charges.reserve
    balance.reserve_base = after.reserve_base
    balance.reserve_charged = after.reserve_charged
    balance.psc_charged = after.psc_charged
    balance.held += rehold
    balance.psc_held = psc_held
    balance.save()
    return reversal
