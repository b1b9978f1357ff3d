"""The UN operational rates of exchange page: a finance officer records the month's rate and
can then post in tenge; bad rates and duplicates are refused with their reason and write
nothing; the month's CSV is uploaded whole or not at all; others read the rates only."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from agreements.models import Membership
from budget.amounts import usd
from budget.models import Entry, ExchangeRate
from budget.posting import record_contribution

Role = Membership.Role
RATES = "/funds/int-14-x46-a/rates/"


@pytest.fixture
def fund(seed):
    record_contribution(fund=seed.fund, amount=usd("500000.00"), value_date=date(2014, 8, 14),
                        acting_user=None)
    return seed.fund


@pytest.fixture
def officer(fund, make_user) -> Client:
    client = Client()
    client.force_login(make_user("finance1", agreement=fund.agreement,
                                 role=Role.DESA_FINANCE))
    return client


def tenge_payment(client: Client):
    return client.post("/funds/int-14-x46-a/ledger/new/expenditure/", {
        "line": "1601", "value_date": "2015-03-10", "amount": "184500.00", "currency": "KZT",
        "payee": "Astana printing", "reference": "KZT-15-03"}, follow=True)


@pytest.mark.django_db
def test_a_tenge_payment_posts_once_its_months_rate_is_recorded_on_the_page(fund, officer):
    refused = tenge_payment(officer).content.decode()
    assert "No UN operational rate of exchange for KZT is recorded for March 2015" in refused
    assert not Entry.objects.filter(fund=fund, reference="KZT-15-03").exists()
    response = officer.post(RATES, {"currency": "kzt", "valid_from": "2015-03-01",
                                    "units_per_usd": "184.5"}, follow=True)
    assert "Recorded: 184.5 KZT per US dollar from 2015-03-01." in (
        response.content.decode())
    tenge_payment(officer)
    # 184,500.00 KZT / 184.5 per USD = 1,000.00 USD.
    payment = Entry.objects.get(fund=fund, reference="KZT-15-03")
    assert (payment.amount, payment.original.amount, payment.exchange_rate) == (
        Decimal("1000.00"), Decimal("184500.00"), Decimal("184.500000"))
    rate = ExchangeRate.objects.get(currency="KZT", valid_from=date(2015, 3, 1))
    assert rate.recorded_by.username == "finance1"


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "message"), [
    ({"units_per_usd": "0"}, "A rate is a positive decimal below 1,000,000,000"),
    ({"units_per_usd": "-184.5"}, "A rate is a positive decimal below 1,000,000,000"),
    ({"currency": "XYZ"}, "XYZ is not an ISO 4217 currency code."),
    ({"currency": "USD"}, "The books are in US dollars; USD needs no rate."),
    ({"valid_from": "2015-02-30"}, "Enter a valid date."),
])
def test_a_bad_rate_is_refused_with_its_reason_and_nothing_recorded(fund, officer, typed,
                                                                     message):
    data = {"currency": "KZT", "valid_from": "2015-03-01", "units_per_usd": "184.5", **typed}
    response = officer.post(RATES, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ExchangeRate.objects.exists()


@pytest.mark.django_db
def test_a_second_rate_for_the_same_day_is_refused_and_the_first_kept(fund, officer):
    officer.post(RATES, {"currency": "KZT", "valid_from": "2015-03-01",
                         "units_per_usd": "184.5"})
    page = officer.post(RATES, {"currency": "KZT", "valid_from": "2015-03-01",
                                "units_per_usd": "185"}).content.decode()
    assert ("KZT already has a rate from 2015-03-01 (184.500000); a recorded rate is not "
            "changed. A correction is a new rate from a later day.") in page
    assert list(ExchangeRate.objects.values_list("units_per_usd", flat=True)) == [
        Decimal("184.500000")]


@pytest.mark.django_db
def test_the_months_csv_is_recorded_whole_or_not_at_all(fund, officer):
    bad = b"currency,valid_from,units_per_usd\nKZT,2015-04-01,185.1\nRUB,2015-04-01,0\n"
    page = officer.post("/funds/int-14-x46-a/rates/import/", {
        "rates_file": SimpleUploadedFile("rates-2015-04.csv", bad, "text/csv")}).content.decode()
    assert "Nothing was recorded:" in page and "row 3: units_per_usd: A rate is a positive" in page
    assert not ExchangeRate.objects.exists()
    good = b"currency,valid_from,units_per_usd\nKZT,2015-04-01,185.1\nRUB,2015-04-01,52.9\n"
    response = officer.post("/funds/int-14-x46-a/rates/import/", {
        "rates_file": SimpleUploadedFile("rates-2015-04.csv", good, "text/csv")}, follow=True)
    assert "2 new rate(s) recorded" in response.content.decode()
    assert ExchangeRate.objects.count() == 2


@pytest.mark.django_db
def test_others_read_the_rates_but_record_none(fund, officer, make_user):
    officer.post(RATES, {"currency": "KZT", "valid_from": "2015-03-01",
                         "units_per_usd": "184.5"})
    government = Client()
    government.force_login(make_user("government", agreement=fund.agreement,
                                     role=Role.GOVERNMENT))
    page = government.get(RATES).content.decode()
    assert "184.500000" in page and "Record the rate" not in page
    assert government.post(RATES, {"currency": "KZT", "valid_from": "2015-04-01",
                                   "units_per_usd": "185"}).status_code == 403
    assert government.post("/funds/int-14-x46-a/rates/import/").status_code == 403
    stranger = Client()
    stranger.force_login(make_user("stranger"))
    assert stranger.get(RATES).status_code == 404
    assert ExchangeRate.objects.count() == 1
    assert officer.put(RATES).status_code == 405
    assert officer.get("/funds/int-14-x46-a/rates/import/").status_code == 405
