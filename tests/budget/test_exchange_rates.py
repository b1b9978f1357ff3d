"""Postings in another currency take the UN operational rate of their month
(docs/ledger-rules.md#rates)."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from moneyed import Money

from budget.amounts import usd
from budget.import_files import ImportRefused
from budget.models import Entry, ExchangeRate
from budget.posting import post_expenditure, record_contribution, reverse_entry
from budget.rates import import_exchange_rates, record_exchange_rate


@pytest.fixture
def funded(seed):
    record_contribution(fund=seed.fund, amount=usd("500000.00"), value_date=date(2014, 8, 15),
                        acting_user=None)
    record_exchange_rate(currency="KZT", valid_from=date(2014, 9, 1), units_per_usd=D("181.90"),
                         acting_user=None)
    record_exchange_rate(currency="KZT", valid_from=date(2014, 9, 15),
                         units_per_usd=D("183.50"), acting_user=None)
    return seed.fund


@pytest.mark.django_db
def test_tenge_cost_is_booked_in_usd_keeping_the_original(funded):
    entry = post_expenditure(fund=funded, line_code="5301", amount=Money("90950", "KZT"),
                             value_date=date(2014, 9, 10), payee="Astana print shop",
                             acting_user=None)
    # 90,950 KZT / 181.90 = 500.00 USD; PSC 13% = 65.00.
    assert entry.amount == D("500.00")
    assert entry.original == Money("90950.00", "KZT")
    assert entry.exchange_rate == D("181.90")
    assert Entry.objects.get(caused_by=entry, kind="psc").amount == D("65.00")


@pytest.mark.django_db
def test_a_rate_amended_mid_month_applies_from_its_date(funded):
    entry = post_expenditure(fund=funded, line_code="5301", amount=Money("100000", "KZT"),
                             value_date=date(2014, 9, 20), acting_user=None)
    # 100,000 / 183.50 = 544.9591... -> 544.96
    assert (entry.exchange_rate, entry.amount) == (D("183.50"), D("544.96"))


@pytest.mark.django_db
def test_posting_in_a_month_without_a_rate_is_refused(funded):
    before = Entry.objects.count()
    with pytest.raises(ValidationError, match="No UN operational rate of exchange for KZT is "
                                              "recorded for October 2014"):
        post_expenditure(fund=funded, line_code="5301", amount=Money("1000", "KZT"),
                         value_date=date(2014, 10, 2), acting_user=None)
    assert Entry.objects.count() == before


@pytest.mark.django_db
def test_a_reversal_uses_the_rate_of_the_entry_it_reverses(funded):
    entry = post_expenditure(fund=funded, line_code="5301", amount=Money("90950", "KZT"),
                             value_date=date(2014, 9, 10), acting_user=None)
    reversal = reverse_entry(entry=entry, value_date=date(2014, 9, 25), reason="Duplicate",
                             acting_user=None)
    assert (reversal.amount, reversal.original, reversal.exchange_rate) == (
        D("-500.00"), Money("-90950.00", "KZT"), D("181.90"))


@pytest.mark.django_db
def test_rates_csv_imports_all_rows_or_none_with_an_error_per_bad_row():
    good = "currency,valid_from,units_per_usd\nKZT,2014-08-01,181.85\nEUR,2014-08-01,0.746\n"
    assert import_exchange_rates(content=good.encode(), acting_user=None) == 2
    bad = ("currency,valid_from,units_per_usd\nKZT,2014-11-01,180.10\nTENGE,2014-11-01,1.5\n"
           "KZT,2014-13-01,181\nRUB,2014-11-01,-3\n")
    with pytest.raises(ImportRefused) as error:
        import_exchange_rates(content=bad.encode(), acting_user=None)
    assert error.value.errors == [
        "row 3: currency: TENGE is not an ISO 4217 currency code.",
        "row 4: valid_from must be a date, YYYY-MM-DD",
        "row 5: units_per_usd: A rate is a positive decimal below 1,000,000,000 with at most "
        "6 decimals.",
    ]
    assert ExchangeRate.objects.count() == 2
