"""The Government officer's visa board: what falls due and what is overdue (Annex A art. 3)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from forum.deadlines import Deadline, State, exit_permit_deadline, visa_deadline
from forum.models import Forum, Participant


@dataclass(frozen=True)
class VisaLine:
    participant: Participant
    visa: Deadline
    exit_permit: Deadline


@dataclass(frozen=True)
class VisaBoard:
    on: date
    overdue: list[VisaLine]
    due_this_week: list[VisaLine]
    not_applied: list[VisaLine]
    pending_later: list[VisaLine]
    on_arrival: list[VisaLine]
    done: list[VisaLine]


def default_day(forum: Forum, today: date) -> date:
    """Today, up to the forum's closing day: after it, the board as it stood at the close."""
    return min(today, forum.closes_on)


def _as_of(day: date | None, on: date) -> date | None:
    # Looking back at an earlier day, what happened after it had not happened yet.
    return day if day is not None and day <= on else None


def visa_board(forum: Forum, on: date) -> VisaBoard:
    week_end = on + timedelta(days=6)
    overdue, due, not_applied, later, arrival, done = [], [], [], [], [], []
    participants = forum.participants.select_related("country").filter(
        Q(needs_visa=True) | Q(needs_exit_permit=True))
    for participant in participants:
        line = VisaLine(
            participant,
            visa_deadline(needed=participant.needs_visa,
                          applied_on=_as_of(participant.visa_applied_on, on),
                          issued_on=_as_of(participant.visa_issued_on, on),
                          opens_on=forum.opens_on, today=on),
            exit_permit_deadline(needed=participant.needs_exit_permit,
                                 issued_on=_as_of(participant.exit_permit_issued_on, on),
                                 closes_on=forum.closes_on, today=on))
        states = {line.visa.state, line.exit_permit.state}
        dues = [d.due for d in (line.visa, line.exit_permit)
                if d.state == State.PENDING and d.due is not None]
        if State.OVERDUE in states:
            overdue.append(line)
        elif any(d <= week_end for d in dues):
            due.append(line)
        elif line.visa.state == State.NOT_APPLIED and on < forum.opens_on:
            not_applied.append(line)
        elif dues:
            later.append(line)
        elif line.visa.state in (State.ON_ARRIVAL, State.NOT_APPLIED):
            arrival.append(line)
        else:
            done.append(line)
    return VisaBoard(on, overdue, due, not_applied, later, arrival, done)
