"""Commitments, expenditures with their system charges, cancellations and reversals: each
one transaction under the fund's lock, the arithmetic and controls in budget.posting.book."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from moneyed import Money

from budget.amounts import USD
from budget.models import CommitmentBalance, Entry, Fund, FundBalance, LineBalance
from budget.posting import book
from budget.posting.controls import (
    check_period,
    lock_fund,
    programme_line,
    psc_line,
    spending_lines,
    usd_of,
    write_entry,
)
from budget.posting.facts import FundFacts
from budget.totals import TotalsDelta

Kind = Entry.Kind


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
    facts = FundFacts(fund).read_ahead()
    conversion = usd_of(amount, value_date, facts)
    balance = lock_fund(fund)
    line = programme_line(fund, line_code)
    element = book.cost_element(facts, line.code, cost_element)
    held = book.plan_commitment(facts, balance, line, amount=conversion.usd,
                                value_date=value_date, element=element, entered_on=entered_on)
    entry = write_entry(balance, kind=Kind.COMMITMENT, line_code=line.code,
                        value_date=value_date, amount=conversion.usd,
                        original=conversion.original, exchange_rate=conversion.rate,
                        cost_element=element, payee=payee, reference=reference,
                        description=description, recorded_by=acting_user,
                        reserve_held=held.reserve)
    CommitmentBalance.objects.create(commitment=entry, open_amount=conversion.usd,
                                     reserve_hold=held.reserve)
    book.apply_commitment(balance, line, held)
    line.save()
    balance.save()
    return entry


def _open_commitment(fund: Fund, commitment: Entry) -> CommitmentBalance:
    if commitment.fund_id != fund.pk or commitment.kind != Kind.COMMITMENT \
            or commitment.amount < 0:
        raise ValidationError({"commitment": _("Entry #%(n)s is not a commitment of this fund.")
                               % {"n": commitment.sequence}})
    return CommitmentBalance.objects.select_for_update().get(commitment=commitment)


@transaction.atomic
def post_expenditure(
    *, fund: Fund, line_code: str, amount: Money, value_date: date,
    cost_element: str | None = None, commitment: Entry | None = None, payee: str = "",
    reference: str = "", description: str = "", orderly_conclusion: str = "",
    acting_user: AbstractBaseUser | None, entered_on: date | None = None,
) -> Entry:
    """Money spent on a line, optionally liquidating a commitment, with the reserve and PSC
    the system charges in the same transaction (Art. 2.2, 2.3)."""
    facts = FundFacts(fund).read_ahead()
    conversion = usd_of(amount, value_date, facts)
    balance = lock_fund(fund)
    line, line_5601 = spending_lines(fund, line_code)
    open_balance = _open_commitment(fund, commitment) if commitment is not None else None
    element = book.cost_element(facts, line.code,
                                cost_element or (commitment and commitment.cost_element))
    spending = book.plan_expenditure(
        facts, balance, line, open_balance, amount=conversion.usd, value_date=value_date,
        element=element, commitment_facts=commitment, orderly_conclusion=orderly_conclusion,
        entered_on=entered_on)
    totals = TotalsDelta()
    entry = write_entry(balance, kind=Kind.EXPENDITURE, line_code=line.code,
                        value_date=value_date, amount=conversion.usd,
                        original=conversion.original, exchange_rate=conversion.rate,
                        cost_element=element, commitment=commitment, payee=payee,
                        reference=reference, description=description,
                        orderly_conclusion=orderly_conclusion.strip(),
                        released=spending.released,
                        released_reserve=spending.released_reserve, recorded_by=acting_user,
                        totals=totals)
    charged_line = _write_charges(balance, entry, spending, acting_user, line_5601, totals)
    totals.save(fund.pk)
    book.apply_spending(balance, line, charged_line, open_balance, spending)
    _save(balance, line, charged_line, open_balance)
    return entry


def _write_charges(balance: FundBalance, entry: Entry, spending: book.Spending,
                   acting_user, line_5601: LineBalance | None,
                   totals: TotalsDelta) -> LineBalance | None:
    """The reserve and PSC entries of an expenditure (or its reversal); the PSC line they
    go to, when there is a PSC charge."""
    charges = spending.charges
    if charges.reserve:
        write_entry(balance, kind=Kind.RESERVE, line_code=entry.line_code,
                    value_date=entry.value_date, amount=charges.reserve, caused_by=entry,
                    cost_element=entry.cost_element,
                    description=_("Reserve for claims, Art. 2.3"), recorded_by=acting_user,
                    totals=totals)
    if not charges.psc:
        return None
    if line_5601 is None:
        line_5601 = psc_line(balance.fund)  # raises the fund's own error when it has none
    write_entry(balance, kind=Kind.PSC, line_code=line_5601.code,
                value_date=entry.value_date, amount=charges.psc, caused_by=entry,
                description=_("Programme support cost, Art. 2.2"), recorded_by=acting_user,
                totals=totals)
    return line_5601


def _save(*rows) -> None:
    for row in rows:
        if row is not None:
            row.save()


@transaction.atomic
def cancel_commitment(
    *, commitment: Entry, value_date: date, amount: Money | None = None,
    reason: str = "", acting_user: AbstractBaseUser | None,
) -> Entry:
    """Release what a commitment still holds (all of it unless an amount is given)."""
    fund = commitment.fund
    facts = FundFacts(fund)
    balance = lock_fund(fund)
    open_balance = _open_commitment(fund, commitment)
    if amount is not None and amount.currency.code != USD:
        raise ValidationError({"amount": _("A cancellation releases US dollars of its "
                                           "commitment, the currency of the books.")})
    usd = usd_of(amount, value_date, facts).usd if amount is not None else None
    released = book.plan_cancellation(facts, open_balance, commitment_facts=commitment,
                                      amount=usd, value_date=value_date)
    entry = write_entry(balance, kind=Kind.CANCELLATION, line_code=commitment.line_code,
                        value_date=value_date, amount=released[0], commitment=commitment,
                        cost_element=commitment.cost_element, description=reason,
                        released=released[0], released_reserve=released[1],
                        recorded_by=acting_user)
    line = LineBalance.objects.get(fund=fund, code=commitment.line_code)
    book.apply_cancellation(facts, balance, line, open_balance, released)
    _save(open_balance, line, balance)
    return entry


def check_reversible(entry: Entry, *, reason: str, value_date: date,
                     already_reversed: bool) -> None:
    """Which entries a reversal may correct, and when (docs/ledger-rules.md#reversals)."""
    if not reason.strip():
        raise ValidationError({"reason": _("A reversal needs a reason.")})
    if entry.reverses_id is not None or already_reversed:
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


@transaction.atomic
def reverse_entry(
    *, entry: Entry, value_date: date, reason: str, acting_user: AbstractBaseUser | None,
) -> Entry:
    """Correct a posted entry by its opposite; an expenditure's charges unwind with it."""
    fund = entry.fund
    facts = FundFacts(fund)
    balance = lock_fund(fund)
    check_reversible(entry, reason=reason, value_date=value_date,
                     already_reversed=Entry.objects.filter(reverses=entry).exists())
    check_period(facts, value_date)
    common = {"reverses": entry, "value_date": value_date, "line_code": entry.line_code,
              "description": reason, "recorded_by": acting_user,
              "original": -entry.original if entry.original is not None else None,
              "exchange_rate": entry.exchange_rate}
    if entry.kind in (Kind.CONTRIBUTION, Kind.INCOME):
        book.plan_receipt_reversal(facts, balance, entry.amount)
        reversal = write_entry(balance, kind=entry.kind, amount=-entry.amount, **common)
        if entry.kind == Kind.CONTRIBUTION:
            balance.contributions -= entry.amount
        else:
            balance.income -= entry.amount
        balance.save()
        return reversal
    spending = book.plan_spending_reversal(
        facts, balance, amount=entry.amount, element=entry.cost_element,
        released=entry.released, released_reserve=entry.released_reserve)
    totals = TotalsDelta()
    reversal = write_entry(balance, kind=entry.kind, amount=-entry.amount,
                           cost_element=entry.cost_element, commitment=entry.commitment,
                           released=spending.released,
                           released_reserve=spending.released_reserve, totals=totals,
                           **common)
    line, psc = spending_lines(fund, entry.line_code)
    line_5601 = _write_charges(balance, reversal, spending, acting_user, psc, totals)
    totals.save(fund.pk)
    open_balance = (CommitmentBalance.objects.select_for_update().get(
        commitment_id=entry.commitment_id) if spending.freed else None)
    book.apply_spending(balance, line, line_5601, open_balance, spending)
    _save(balance, line, line_5601, open_balance)
    return reversal
