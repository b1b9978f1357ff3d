"""An agreement's key dates: the planned end of the project (Annex B: its starting date and
duration), the day a termination takes effect (Art. 9), the expiry (Art. 6) and the open
arbitration deadlines (Art. 8). Read by the home page and the calendar feed
(docs/notifications.md#key-dates)."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from agreements.disputes import dispute_events
from agreements.lifecycle import Lifecycle
from agreements.models import Agreement


@dataclass(frozen=True)
class KeyDate:
    on: date
    title: str
    # Where the agreement sets it: "Annex B", "Art. 9".
    basis: str
    # Stable across runs: the calendar feed's event identifier.
    key: str


def article(number: int | str) -> str:
    return _("Art. %(article)s") % {"article": number}


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def planned_end(start: date, duration_months: int) -> date:
    """The last day of the project as Annex B plans it: 12 months from 1 January 2014 end on
    31 December 2014."""
    return add_months(start, duration_months) - timedelta(days=1)


def key_dates(agreement: Agreement, lifecycle: Lifecycle) -> list[KeyDate]:
    """Every key date of the agreement, past and future, in date order."""
    found = []
    fund = getattr(agreement, "fund", None)
    if fund is not None:
        found.append(KeyDate(planned_end(fund.start_date, fund.duration_months),
                             _("Planned end of the project"), _("Annex B"),
                             f"planned-end-{agreement.pk}"))
    if lifecycle.terminates_on is not None:
        found.append(KeyDate(lifecycle.terminates_on, _("Termination takes effect"), article(9),
                             f"termination-{agreement.pk}"))
    if lifecycle.expires_on is not None:
        found.append(KeyDate(lifecycle.expires_on, _("Expiry: purposes achieved"), article(6),
                             f"expiry-{agreement.pk}"))
    for dispute in agreement.arbitration_requests.all():
        for event in dispute_events(subject=dispute.subject, requested_on=dispute.requested_on,
                                    government_on=dispute.government_arbitrator_on,
                                    united_nations_on=dispute.united_nations_arbitrator_on,
                                    chair_on=dispute.chair_on):
            if event.deadline:
                found.append(KeyDate(event.on, event.title, article(event.article),
                                     f"arbitration-{dispute.pk}-{event.on:%Y%m%d}"))
    return sorted(found, key=lambda key_date: key_date.on)
