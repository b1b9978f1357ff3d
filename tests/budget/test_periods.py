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
