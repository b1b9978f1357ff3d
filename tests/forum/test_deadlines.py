"""Visa and exit-permit deadlines at their edges (Annex A art. 3;
docs/forum.md#visa-deadlines)."""

from datetime import date

from forum.deadlines import State, exit_permit_deadline, visa_deadline, visa_due

OPENS, CLOSES = date(2014, 10, 28), date(2014, 10, 30)


def test_applied_exactly_28_days_before_the_opening_is_due_two_weeks_before_it():
    # 28 October - 28 days = 30 September; due 28 October - 14 days = 14 October.
    assert visa_due(applied_on=date(2014, 9, 30), opens_on=OPENS) == date(2014, 10, 14)


def test_applied_27_days_before_the_opening_is_due_three_days_before_it():
    # 1 October is 27 days before 28 October: due 25 October.
    assert visa_due(applied_on=date(2014, 10, 1), opens_on=OPENS) == date(2014, 10, 25)


def test_issued_on_the_due_day_is_on_time_and_a_day_later_is_late():
    on_time = visa_deadline(needed=True, applied_on=date(2014, 9, 30),
                            issued_on=date(2014, 10, 14), opens_on=OPENS,
                            today=date(2014, 10, 20))
    late = visa_deadline(needed=True, applied_on=date(2014, 9, 30),
                         issued_on=date(2014, 10, 15), opens_on=OPENS, today=date(2014, 10, 20))
    assert (on_time.state, late.state) == (State.ON_TIME, State.LATE)


def test_pending_until_the_due_day_then_overdue_then_on_arrival_at_the_opening():
    def state(today):
        return visa_deadline(needed=True, applied_on=date(2014, 10, 1), issued_on=None,
                             opens_on=OPENS, today=today).state

    assert state(date(2014, 10, 25)) == State.PENDING
    assert state(date(2014, 10, 26)) == State.OVERDUE
    assert state(date(2014, 10, 28)) == State.ON_ARRIVAL


def test_exit_permit_is_due_three_days_before_the_closing():
    # Closing 30 October: due 27 October; issued on the 27th is on time, on the closing
    # day is late.
    on_time = exit_permit_deadline(needed=True, issued_on=date(2014, 10, 27), closes_on=CLOSES,
                                   today=date(2014, 10, 30))
    on_closing_day = exit_permit_deadline(needed=True, issued_on=date(2014, 10, 30),
                                          closes_on=CLOSES, today=date(2014, 10, 30))
    assert on_time.due == date(2014, 10, 27)
    assert (on_time.state, on_closing_day.state) == (State.ON_TIME, State.LATE)
    assert exit_permit_deadline(needed=True, issued_on=None, closes_on=CLOSES,
                                today=date(2014, 10, 28)).state == State.OVERDUE
