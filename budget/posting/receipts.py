"""Money coming in (contributions, Art. 1.1), and the opening of a fund's running
balances."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from budget.models import BudgetVersion, Entry, Fund, FundBalance, LineBalance
from budget.posting.controls import check_period, lock_fund, money, write_entry

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
    *, fund: Fund, amount: Decimal, value_date: date, reference: str = "",
    description: str = "", user: AbstractBaseUser | None = None,
) -> Entry:
    """A contribution received in USD (Art. 1.1), which DESA may then commit (Art. 3.1)."""
    amount = money(amount)
    balance = lock_fund(fund)
    check_period(fund, value_date)
    entry = write_entry(balance, kind=Kind.CONTRIBUTION, value_date=value_date, amount=amount,
                   reference=reference, description=description, recorded_by=user)
    balance.contributions += amount
    balance.save()
    return entry
