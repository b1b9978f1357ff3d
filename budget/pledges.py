"""Pledges and the payment schedule (docs/pledges.md): what the Government pledged (the
agreement's sum, Art. 1.1, in one sum or in instalments), what it has paid in, and what is
still to come.

Reads are plain functions shared by the fund's pages, the financial statement's notes and
the API. Contributions received are set against the instalments in the order they fall due:
the first dollar received pays the first instalment.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Subquery
from django.utils.translation import gettext as _
from moneyed import Money

from accounts.models import attributable
from agreements.dates import portal_today
from audit.actions import record_event
from budget.amounts import format_amount
from budget.models import USD, Fund, FundBalance, Instalment, PaymentSchedule
from budget.models.ledger import ZERO
from budget.posting.controls import lock_fund


@dataclass(frozen=True)
class InstalmentTerms:
    """An instalment as agreed: the day it falls due and its amount (US dollars)."""

    due_on: date
    amount: Money


@dataclass(frozen=True)
class InstalmentPosition:
    number: int
    due_on: date | None  # None: the agreement's sum, with no schedule of instalments
    pledged: Decimal
    received: Decimal
    as_of: date

    @property
    def outstanding(self) -> Decimal:
        return self.pledged - self.received

    @property
    def overdue(self) -> bool:
        return (self.due_on is not None and self.due_on < self.as_of
                and self.outstanding > ZERO)


@dataclass(frozen=True)
class PledgePosition:
    """Pledged, received and outstanding, as at a day."""

    as_of: date
    schedule: PaymentSchedule | None
    instalments: list[InstalmentPosition]
    received: Decimal

    @property
    def pledged(self) -> Decimal:
        return sum((i.pledged for i in self.instalments), ZERO)

    @property
    def outstanding(self) -> Decimal:
        """What is still to come: never below zero (more received is `received_beyond`)."""
        return max(self.pledged - self.received, ZERO)

    @property
    def received_beyond(self) -> Decimal:
        return max(self.received - self.pledged, ZERO)

    @property
    def overdue(self) -> Decimal:
        return sum((i.outstanding for i in self.instalments if i.overdue), ZERO)


def allocate(terms: list[tuple[date | None, Decimal]], received: Decimal, as_of: date
             ) -> list[InstalmentPosition]:
    """Set what was received against the instalments in the order they fall due (pure)."""
    left = received
    positions = []
    for number, (due_on, amount) in enumerate(terms, start=1):
        paid = min(max(left, ZERO), amount)
        left -= paid
        positions.append(InstalmentPosition(number=number, due_on=due_on, pledged=amount,
                                            received=paid, as_of=as_of))
    return positions


def current_schedule(fund: Fund) -> PaymentSchedule | None:
    return fund.payment_schedules.order_by("-number").first()


def pledge_position(fund: Fund, *, received: Decimal | None = None,
                    as_of: date | None = None) -> PledgePosition:
    """The fund's pledges against what it has received: by default all contributions so far
    (the running total, one row); a statement passes what was received by its year's end."""
    as_of = as_of or portal_today()
    if received is None:
        received = (FundBalance.objects.filter(fund=fund).values_list("contributions", flat=True)
                    .first() or ZERO)
    # The current schedule's instalments with it, in one query.
    latest = PaymentSchedule.objects.filter(fund=fund).order_by("-number").values("pk")[:1]
    instalments = list(Instalment.objects.filter(schedule=Subquery(latest))
                       .select_related("schedule").order_by("number"))
    schedule = instalments[0].schedule if instalments else None
    terms: list[tuple[date | None, Decimal]] = (
        [(i.due_on, i.amount) for i in instalments] or [(None, fund.amount)])
    return PledgePosition(as_of=as_of, schedule=schedule, instalments=allocate(
        terms, received, as_of), received=received)


def check_schedule(fund: Fund, instalments: list[InstalmentTerms]) -> None:
    """A schedule names at least one instalment, each in US dollars, on days of its own, none
    due before the agreement was signed, adding up to the agreement's sum (Art. 1.1)."""
    if not instalments:
        raise ValidationError(_("A payment schedule has at least one instalment."))
    errors = []
    for terms in instalments:
        if terms.amount.currency.code != USD or terms.amount.amount <= 0:
            errors.append(_("An instalment is a positive amount in US dollars (%(amount)s).")
                          % {"amount": terms.amount})
    days = [terms.due_on for terms in instalments]
    if len(set(days)) != len(days):
        errors.append(_("Two instalments fall due on the same day: make them one."))
    signed_on = fund.agreement.signed_on
    if min(days) < signed_on:
        errors.append(_("An instalment cannot fall due before the agreement was signed "
                        "(%(date)s).") % {"date": signed_on.isoformat()})
    total = sum((terms.amount.amount for terms in instalments), ZERO)
    if total != fund.amount:
        errors.append(_("The instalments add up to %(total)s USD, not the agreement's sum of "
                        "%(sum)s USD (Art. 1.1).")
                      % {"total": format_amount(total), "sum": format_amount(fund.amount)})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def set_payment_schedule(*, fund: Fund, instalments: list[InstalmentTerms], reason: str,
                         acting_user: AbstractBaseUser | None) -> PaymentSchedule:
    """Record a schedule of instalments for the agreement's sum; it replaces the one before
    as a whole (the earlier versions are kept)."""
    check_schedule(fund, instalments)
    # The fund's lock orders two officers recording a schedule at once (the second gets the
    # next number, not a duplicate-key error).
    lock_fund(fund)
    previous = current_schedule(fund)
    schedule = PaymentSchedule.objects.create(
        fund=fund, number=previous.number + 1 if previous else 1, reason=reason,
        recorded_by=attributable(acting_user))
    ordered = sorted(instalments, key=lambda terms: terms.due_on)
    Instalment.objects.bulk_create(
        Instalment(schedule=schedule, number=number, due_on=terms.due_on,
                   amount=terms.amount.amount)
        for number, terms in enumerate(ordered, start=1))
    record_event(
        action="pledges.schedule_set", agreement=fund.agreement, acting_user=acting_user,
        # Stored in English, whatever the officer's language (as every audit row).
        summary=f"Payment schedule {schedule.number}: " + "; ".join(
            f"{terms.due_on.isoformat()} {format_amount(terms.amount.amount, language='en')}"
            for terms in ordered),
        details={"version": schedule.number, "reason": reason,
                 "instalments": [[t.due_on.isoformat(), str(t.amount.amount)]
                                 for t in ordered]})
    return schedule
