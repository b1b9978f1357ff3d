"""UN operational rates of exchange: looking them up, converting, and recording them."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from moneyed import Money, get_currency
from moneyed.classes import CurrencyDoesNotExist

from accounts.models import attributable
from agreements.dates import date_in_words
from budget.import_files import Row, cell_date, cell_decimal, import_rows, read_table
from budget.models import ExchangeRate

CENT = Decimal("0.01")
MAX_RATE = Decimal("1000000000")


def rate_on(currency: str, value_date: date) -> ExchangeRate:
    """The latest rate for the currency that applies on the date, from that month."""
    rate = (ExchangeRate.objects
            .filter(currency=currency, valid_from__lte=value_date,
                    valid_from__year=value_date.year, valid_from__month=value_date.month)
            .order_by("-valid_from").first())
    if rate is None:
        raise no_rate(currency, value_date)
    return rate


def no_rate(currency: str, value_date: date) -> ValidationError:
    return ValidationError(
        {"currency": _("No UN operational rate of exchange for %(currency)s is recorded for "
                       "%(month)s; record it before posting.")
         % {"currency": currency, "month": date_in_words(value_date, length="month")}},
        code="no_rate")


@dataclass(frozen=True)
class Conversion:
    usd: Decimal
    original: Money | None
    rate: Decimal | None


def to_usd(original: Money, value_date: date, *,
           units_per_usd: Decimal | None = None) -> Conversion:
    """USD = original / units per USD, rounded half-up to the cent
    (docs/ledger-rules.md#rates); the rate is looked up unless given."""
    if original.currency.code == "USD":
        return Conversion(usd=original.amount, original=None, rate=None)
    rate = units_per_usd or rate_on(original.currency.code, value_date).units_per_usd
    usd = (original.amount / rate).quantize(CENT, rounding=ROUND_HALF_UP)
    return Conversion(usd=usd, original=original, rate=rate)


def currency_code(value: str) -> str:
    code = (value or "").strip().upper()
    try:
        get_currency(code)
    except CurrencyDoesNotExist:
        raise ValidationError({"currency": _("%(code)s is not an ISO 4217 currency code.")
                               % {"code": value}}) from None
    return code


def record_exchange_rate(
    *, currency: str, valid_from: date, units_per_usd: Decimal,
    acting_user: AbstractBaseUser | None, new_only: bool = False,
) -> ExchangeRate:
    """Record a published rate; a rate already recorded for that currency and day is kept
    (the same file imported again adds nothing), or with `new_only` (a rate typed on the
    page) refused: a recorded rate is never changed, postings may have used it; a correction
    is a new rate from a later day (docs/ledger-rules.md#rates)."""
    code, units = _checked(currency, units_per_usd)
    return _recorded(code, valid_from, units, acting_user, new_only=new_only)[0]


def _checked(currency: str, units_per_usd: Decimal) -> tuple[str, Decimal]:
    code = currency_code(currency)
    if code == "USD":
        raise ValidationError({"currency": _("The books are in US dollars; USD needs no rate.")})
    if (not isinstance(units_per_usd, Decimal) or not units_per_usd.is_finite()
            or units_per_usd <= 0 or units_per_usd >= MAX_RATE
            or units_per_usd != units_per_usd.quantize(Decimal("0.000001"))):
        raise ValidationError({"units_per_usd": _(
            "A rate is a positive decimal below 1,000,000,000 with at most 6 decimals.")})
    return code, units_per_usd


def _recorded(code: str, valid_from: date, units_per_usd: Decimal,
              acting_user: AbstractBaseUser | None, *, new_only: bool
              ) -> tuple[ExchangeRate, bool]:
    """The rate of that currency and day, and whether it was recorded now. Two people
    recording the same day at once: the second finds the first's (the unique constraint
    decides, in a savepoint) and is answered as if it had been there before."""
    for _attempt in range(2):
        existing = ExchangeRate.objects.filter(currency=code, valid_from=valid_from).first()
        if existing is not None:
            _check_same(existing, units_per_usd, new_only=new_only)
            return existing, False
        try:
            with transaction.atomic():
                return ExchangeRate.objects.create(
                    currency=code, valid_from=valid_from, units_per_usd=units_per_usd,
                    recorded_by=attributable(acting_user)), True
        except IntegrityError:
            continue  # recorded meanwhile: read it and answer as above
    raise ValidationError(_("The rate could not be recorded; try again."))


def _check_same(existing: ExchangeRate, units_per_usd: Decimal, *, new_only: bool) -> None:
    code, valid_from = existing.currency, existing.valid_from
    if new_only:
        raise ValidationError({"valid_from": _(
            "%(code)s already has a rate from %(date)s (%(rate)s); a recorded rate is not "
            "changed. A correction is a new rate from a later day.")
            % {"code": code, "date": valid_from.isoformat(), "rate": existing.units_per_usd}})
    if existing.units_per_usd != units_per_usd:
        raise ValidationError(_("%(code)s already has the rate %(rate)s from %(date)s; a "
                                "published rate is not changed.")
                              % {"code": code, "rate": existing.units_per_usd,
                                 "date": valid_from})


def import_exchange_rates(*, content: bytes, file_name: str = "rates.csv",
                          acting_user: AbstractBaseUser | None) -> int:
    """Import a CSV with columns currency, valid_from (YYYY-MM-DD), units_per_usd: all rows
    or none. Returns how many rates were new; raises ImportRefused listing every bad row."""
    table = read_table(file_name, content, required={"currency", "valid_from",
                                                     "units_per_usd"},
                       optional=set(), max_rows=10_000)

    created = 0

    def record(row: Row) -> None:
        nonlocal created
        valid_from = cell_date(row.cells["valid_from"], "valid_from")
        if valid_from is None:
            raise ValidationError(_("%(column)s must be a date, YYYY-MM-DD")
                                  % {"column": "valid_from"})
        code, units = _checked(row.cells["currency"], cell_decimal(
            row.cells["units_per_usd"], "units_per_usd", decimal_comma=table.decimal_comma))
        created += _recorded(code, valid_from, units, acting_user, new_only=False)[1]

    with transaction.atomic():
        import_rows(table.rows, record)
        return created
