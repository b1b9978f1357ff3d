"""Closing a year: once its statement is issued, no posting may be dated in it
(docs/periods.md#closed-years)."""

from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import attributable
from agreements.dates import portal_today
from agreements.irreversible import require_confirmation
from audit.actions import record_event
from budget.models import ClosedYear, Fund
from budget.posting.controls import lock_fund


def open_years(fund: Fund, today: date | None = None) -> list[int]:
    """The years a posting may still be dated in: from the agreement's signature to a year
    from today, less the closed ones (the dates check_period accepts)."""
    today = today or portal_today()
    closed = set(ClosedYear.objects.filter(fund=fund).values_list("year", flat=True))
    last = (today + timedelta(days=366)).year
    return [year for year in range(fund.agreement.signed_on.year, last + 1)
            if year not in closed]


def check_year_can_close(*, fund: Fund, year: int, today: date | None = None) -> None:
    """Raise ValidationError unless the year can be closed now: after its end, in order,
    once."""
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


@transaction.atomic
def close_year(*, fund: Fund, year: int, acting_user: AbstractBaseUser | None,
               today: date | None = None, confirmed: bool = False) -> ClosedYear:
    """Close a year: no posting may be dated in it afterwards. It cannot be undone."""
    lock_fund(fund)
    check_year_can_close(fund=fund, year=year, today=today)
    require_confirmation(confirmed, _(
        "Closing %(year)s cannot be undone: no posting may be dated in it afterwards, and a "
        "mistake found later is corrected by an entry dated in the open period.")
        % {"year": year})
    closed = ClosedYear.objects.create(fund=fund, year=year,
                                       closed_by=attributable(acting_user))
    record_event(action="year.closed", acting_user=acting_user, agreement=fund.agreement,
                 summary=f"{fund} {year} closed", details={"year": year})
    return closed
