"""Visa and exit-permit deadlines under Annex A, art. 3 (docs/forum.md#visa-deadlines). Pure
functions.

- applied 28 days or more before the opening: the visa is due 14 days before the opening;
- applied 27 days or fewer before: due 3 days before the opening;
- issued on the due date is on time; a participant still without a visa at the opening gets
  it on arrival at the airport;
- an exit permit is due 3 days before the closing.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

EARLY_APPLICATION = timedelta(days=28)


def visa_due(*, applied_on: date, opens_on: date) -> date:
    if opens_on - applied_on >= EARLY_APPLICATION:
        return opens_on - timedelta(days=14)
    return opens_on - timedelta(days=3)


def exit_permit_due(*, closes_on: date) -> date:
    return closes_on - timedelta(days=3)


class State(StrEnum):
    NOT_NEEDED = "not_needed"
    NOT_APPLIED = "not_applied"
    PENDING = "pending"
    OVERDUE = "overdue"
    ON_TIME = "on_time"
    LATE = "late"
    ON_ARRIVAL = "on_arrival"

    @property
    def label(self) -> str:
        return {
            State.NOT_NEEDED: _("not needed"), State.NOT_APPLIED: _("not applied for"),
            State.PENDING: _("pending"), State.OVERDUE: _("overdue"),
            State.ON_TIME: _("issued on time"), State.LATE: _("issued late"),
            State.ON_ARRIVAL: _("on arrival at the airport"),
        }[self]


@dataclass(frozen=True)
class Deadline:
    state: State
    due: date | None = None


def visa_deadline(*, needed: bool, applied_on: date | None, issued_on: date | None,
                  opens_on: date, today: date) -> Deadline:
    if not needed:
        return Deadline(State.NOT_NEEDED)
    if applied_on is None:
        return Deadline(State.NOT_APPLIED)
    due = visa_due(applied_on=applied_on, opens_on=opens_on)
    if issued_on is not None:
        return Deadline(State.ON_TIME if issued_on <= due else State.LATE, due)
    if today >= opens_on:
        return Deadline(State.ON_ARRIVAL, due)
    return Deadline(State.OVERDUE if today > due else State.PENDING, due)


def exit_permit_deadline(*, needed: bool, issued_on: date | None, closes_on: date,
                         today: date) -> Deadline:
    if not needed:
        return Deadline(State.NOT_NEEDED)
    due = exit_permit_due(closes_on=closes_on)
    if issued_on is not None:
        return Deadline(State.ON_TIME if issued_on <= due else State.LATE, due)
    return Deadline(State.OVERDUE if today > due else State.PENDING, due)
