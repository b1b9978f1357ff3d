"""Money coming in (contributions, Art. 1.1), and the opening of a fund's running
balances."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from moneyed import Money

from budget.models import BudgetVersion, Entry, Fund, FundBalance, LineBalance
from budget.posting import book
from budget.posting.controls import lock_fund, usd_of, write_entry
from budget.posting.facts import FundFacts

Kind = Entry.Kind


@transaction.atomic
def open_ledger(*, fund: Fund, version: BudgetVersion) -> FundBalance:
    """Create the fund's running balances for the lines of its first budget version."""
    balance, _created = FundBalance.objects.get_or_create(fund=fund)
    for line in version.lines.all():
        LineBalance.objects.get_or_create(
            fund=fund, code=line.code,
            defaults={"budget": line.amount, "is_programme_support": line.is_programme_support},
        )
    return balance


@transaction.atomic
def record_contribution(
    *, fund: Fund, amount: Money, value_date: date, reference: str = "",
    description: str = "", acting_user: AbstractBaseUser | None,
) -> Entry:
    """A contribution received (Art. 1.1), which DESA may then commit (Art. 3.1). Its date
    received may not be after today (docs/ledger-rules.md#cash)."""
    return _receive(Kind.CONTRIBUTION, fund=fund, amount=amount, value_date=value_date,
                    reference=reference, description=description, acting_user=acting_user)


@transaction.atomic
def record_income(
    *, fund: Fund, amount: Money, value_date: date, reference: str = "",
    description: str = "", acting_user: AbstractBaseUser | None,
) -> Entry:
    """Interest and other income credited to the fund (an Art. 5(b) statement row)."""
    return _receive(Kind.INCOME, fund=fund, amount=amount, value_date=value_date,
                    reference=reference, description=description, acting_user=acting_user)


def _receive(kind: str, *, fund: Fund, amount: Money, value_date: date, reference: str,
             description: str, acting_user: AbstractBaseUser | None) -> Entry:
    book.check_receipt_date(kind, value_date)
    facts = FundFacts(fund)
    conversion = usd_of(amount, value_date, facts)
    balance = lock_fund(fund)
    book.plan_receipt(facts, balance, kind=kind, amount=conversion.usd,
                      value_date=value_date)
    entry = write_entry(balance, kind=kind, value_date=value_date, amount=conversion.usd,
                        original=conversion.original, exchange_rate=conversion.rate,
                        reference=reference, description=description, recorded_by=acting_user)
    book.apply_receipt(balance, kind=kind, amount=conversion.usd)
    balance.save()
    return entry
