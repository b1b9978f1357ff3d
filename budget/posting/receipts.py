"""Money coming in (contributions, Art. 1.1), and the opening of a fund's running
balances."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from moneyed import Money

from agreements.dates import portal_today
from budget.models import BudgetVersion, Entry, Fund, FundBalance, LineBalance
from budget.posting.controls import check_period, check_total, lock_fund, usd_of, write_entry

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
    if value_date > portal_today():
        raise ValidationError({"value_date": _("A contribution cannot be received in the "
                                               "future.")})
    conversion = usd_of(amount, value_date)
    amount = conversion.usd
    balance = lock_fund(fund)
    check_period(fund, value_date)
    check_total(balance.contributions + amount)
    entry = write_entry(balance, kind=Kind.CONTRIBUTION, value_date=value_date, amount=amount,
                        original=conversion.original, exchange_rate=conversion.rate,
                        reference=reference, description=description, recorded_by=acting_user)
    balance.contributions += amount
    balance.save()
    return entry


@transaction.atomic
def record_income(
    *, fund: Fund, amount: Money, value_date: date, reference: str = "",
    description: str = "", acting_user: AbstractBaseUser | None,
) -> Entry:
    """Interest and other income credited to the fund (an Art. 5(b) statement row)."""
    conversion = usd_of(amount, value_date)
    balance = lock_fund(fund)
    check_period(fund, value_date)
    check_total(balance.income + conversion.usd)
    entry = write_entry(balance, kind=Kind.INCOME, value_date=value_date, amount=conversion.usd,
                        original=conversion.original, exchange_rate=conversion.rate,
                        reference=reference, description=description, recorded_by=acting_user)
    balance.income += conversion.usd
    balance.save()
    return entry
