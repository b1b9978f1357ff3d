"""A closed year takes no more postings; corrections of it are dated in the open period."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from budget.amounts import usd
from budget.models import Entry, FundBalance
from budget.posting import (
    PostingRefused,
    close_year,
    post_expenditure,
    record_contribution,
    record_income,
    reverse_entry,
)
from budget.posting.periods import open_years


@pytest.fixture
def fund(seed):
    record_contribution(fund=seed.fund, amount=usd("500000.00"), value_date=date(2014, 8, 15),
                        acting_user=None)
    return seed.fund


@pytest.mark.django_db
def test_posting_dated_in_a_closed_year_is_refused(fund):
    spent = post_expenditure(fund=fund, line_code="5201", amount=usd("1000.00"),
                             value_date=date(2014, 12, 1), acting_user=None)
    close_year(fund=fund, year=2014, today=date(2015, 3, 1), confirmed=True, acting_user=None)
    count = Entry.objects.count()
    with pytest.raises(PostingRefused, match="The year 2014 is closed"):
        post_expenditure(fund=fund, line_code="5201", amount=usd("1.00"),
                         value_date=date(2014, 12, 31), acting_user=None)
    with pytest.raises(PostingRefused, match="The year 2014 is closed"):
        reverse_entry(entry=spent, value_date=date(2014, 12, 31), reason="wrong year",
                      acting_user=None)
    assert Entry.objects.count() == count
    # The correction of a closed year's entry is dated in the open period.
    reversal = reverse_entry(entry=spent, value_date=date(2015, 1, 5), reason="Wrong invoice",
                             acting_user=None)
    assert reversal.reverses == spent and reversal.value_date.year == 2015


@pytest.mark.django_db
def test_a_year_closes_once_after_its_end_and_in_order(fund):
    with pytest.raises(ValidationError, match="only after 31 December 2014"):
        close_year(fund=fund, year=2014, today=date(2014, 12, 31), confirmed=True, acting_user=None)
    with pytest.raises(ValidationError, match="Close 2014 first"):
        close_year(fund=fund, year=2015, today=date(2016, 1, 2), confirmed=True, acting_user=None)
    with pytest.raises(ValidationError, match="no 2013 to close"):
        close_year(fund=fund, year=2013, today=date(2016, 1, 2), confirmed=True, acting_user=None)
    close_year(fund=fund, year=2014, today=date(2015, 1, 2), confirmed=True, acting_user=None)
    with pytest.raises(ValidationError, match="already closed"):
        close_year(fund=fund, year=2014, today=date(2015, 1, 2), confirmed=True, acting_user=None)


@pytest.mark.django_db
def test_interest_is_income_that_adds_to_the_cash(fund):
    record_income(fund=fund, amount=usd("312.45"), value_date=date(2014, 12, 31),
                  reference="Interest 2014", acting_user=None)
    assert FundBalance.objects.get(fund=fund).cash == D("500312.45")


@pytest.mark.django_db
def test_the_open_years_run_from_the_signature_to_a_year_ahead_less_the_closed_ones(fund):
    """Signed 4 August 2014; on 7 December 2026 a posting may be dated up to 8 December
    2027 (366 days ahead), so 2014-2027 are open until 2014 closes."""
    today = date(2026, 12, 7)
    assert open_years(fund, today) == list(range(2014, 2028))
    close_year(fund=fund, year=2014, acting_user=None, today=date(2015, 1, 5), confirmed=True)
    assert open_years(fund, today) == list(range(2015, 2028))
    # On 1 January 2027 the year 2028 opens too.
    assert open_years(fund, date(2027, 1, 1))[-1] == 2028


@pytest.mark.django_db
def test_the_demo_says_which_years_are_open(seed, loader, settings, capsys):
    """What `make run` prints after its demo: the seed fund with 2014 closed by the demo's
    2014 statement, on 7 December 2026."""
    import time_machine
    from django.core.management import call_command

    from tests.conftest import load_seed_files

    settings.TRUSTFUND_DEMO = True
    load_seed_files()
    with time_machine.travel(date(2026, 12, 7), tick=False):
        call_command("load_demo", "--fund", "INT/14/X46/A")
    out = capsys.readouterr().out
    assert ("Open for posting on INT/14/X46/A: value dates in 2015-2027 (closed: 2014)."
            in out)
