"""Closing a year: once its statement is issued, no posting may be dated in it
(docs/periods.md#closed-years)."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.dates import portal_today
from budget.models import ClosedYear, Fund
from budget.posting.controls import lock_fund


@transaction.atomic
def close_year(*, fund: Fund, year: int, acting_user: AbstractBaseUser | None = None,
               today: date | None = None) -> ClosedYear:
    lock_fund(fund)
    today = today or portal_today()
    if year < fund.start_date.year:
        raise ValidationError(_("Fund %(fund)s started in %(start)s; there is no %(year)s to "
                                "close.") % {"fund": fund, "start": fund.start_date.year,
                                             "year": year})
    if today <= date(year, 12, 31):
        raise ValidationError(_("%(year)s can be closed only after 31 December %(year)s.")
                              % {"year": year})
    if ClosedYear.objects.filter(fund=fund, year=year).exists():
        raise ValidationError(_("%(year)s is already closed.") % {"year": year})
    earlier = [y for y in range(fund.start_date.year, year)
               if not ClosedYear.objects.filter(fund=fund, year=y).exists()]
    if earlier:
        raise ValidationError(_("Close %(year)s first: years close in order.")
                              % {"year": earlier[0]})
    return ClosedYear.objects.create(fund=fund, year=year, closed_by=acting_user)
