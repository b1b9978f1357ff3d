"""The seed fund's IATI 2.03 activity file and the organisation file, against the official
schemas kept in publication/schemas/iati-2.03, with transactions summed by hand from the
demo ledger (funds/int-14-x46-a/ledger-2014.csv and the forum's travel grants)."""

from decimal import Decimal as D

import pytest
from django.db.models import Sum
from lxml import etree

from budget.models import Entry
from publication.actions import set_publication
from publication.iati.schema import ACTIVITIES, ORGANISATIONS, schema

URL = "/public/funds/int-14-x46-a/iati-activity.xml"
ORGANISATION_URL = "/public/iati-organisation.xml"


def _valid(body: bytes, name: str) -> etree._Element:
    document = etree.fromstring(body)
    checker = schema(name)
    assert checker.validate(document), [str(error) for error in checker.error_log]
    return document


def _sums(activity) -> dict[str, D]:
    sums: dict[str, D] = {}
    for transaction in activity.iter("transaction"):
        code = transaction.find("transaction-type").get("code")
        sums[code] = sums.get(code, D("0")) + D(transaction.find("value").text)
    return sums


@pytest.mark.django_db
def test_the_seed_funds_activity_file_validates_and_sums_to_the_ledger(published, anonymous):
    response = anonymous.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    document = _valid(response.content, ACTIVITIES)
    activity = document.find("iati-activity")
    assert activity.findtext("iati-identifier") == "XM-DAC-41305-INT-14-X46-A"
    sums = _sums(activity)
    # Incoming commitment: the agreement's sum, 500,000.00 (Art. 1.1; no schedule).
    assert sums["11"] == D("500000.00")
    # Incoming funds: the contribution of 14 August 2014 and 185.40 interest.
    assert sums["1"] == D("500000.00") + D("185.40")
    from_government = [t for t in activity.iter("transaction")
                       if t.find("transaction-type").get("code") == "1"
                       and t.find("provider-org") is not None]
    assert [D(t.find("value").text) for t in from_government] == [D("500000.00")]
    # Expenditure: 333,512.74 (reserve included) and 13% PSC 43,356.66, as the 2014
    # statement (tests/reports/test_statements.py).
    assert sums["4"] == D("333512.74") + D("43356.66")
    # Outgoing commitments: the ledger's commitments less their cancellations.
    entries = Entry.objects.filter(fund=published)
    committed = entries.filter(kind="commitment").aggregate(s=Sum("amount"))["s"]
    cancelled = entries.filter(kind="cancellation").aggregate(s=Sum("amount"))["s"] or 0
    assert sums["2"] == committed - cancelled
    assert "3" not in sums  # no refund


@pytest.mark.django_db
def test_the_activity_file_names_the_parties_dates_budgets_results_and_reports(
        with_reports, anonymous):
    activity = etree.fromstring(anonymous.get(URL).content).find("iati-activity")
    roles = {org.get("role"): org.findtext("narrative")
             for org in activity.iter("participating-org")}
    assert roles == {"1": "Government of the Republic of Kazakhstan",
                     "4": "United Nations Department of Economic and Social Affairs"}
    dates = {d.get("type"): d.get("iso-date") for d in activity.iter("activity-date")}
    # Annex B: August 2014 for 4 months; signed on 4 August 2014.
    assert dates["1"] == "2014-08-01" and dates["3"] == "2014-11-30"
    assert dates["2"] == "2014-08-04"
    titles = {n.get("{http://www.w3.org/XML/1998/namespace}lang"): n.text
              for n in activity.find("title").iter("narrative")}
    assert titles[None] == "United Nations e-Government Global Forum 2014"
    assert set(titles) == {None, "kk", "ru"}
    # Budgets: Annex B's total in one year (the whole planned period is in 2014).
    budgets = list(activity.iter("budget"))
    assert [(b.find("period-start").get("iso-date"), b.find("period-end").get("iso-date"))
            for b in budgets] == [("2014-08-01", "2014-11-30")]
    # Results: the logical framework's indicators IA1 and IA2.
    assert len(list(activity.iter("indicator"))) == 2
    # The 2014 statement and budget analysis, each by its public verification page.
    links = [link.get("url") for link in activity.iter("document-link")]
    assert sum("/reports/verify/" in url for url in links) == 2
    assert any(url.endswith("/public/funds/int-14-x46-a/") for url in links)


@pytest.mark.django_db
def test_the_organisation_file_validates_and_counts_only_opted_in_funds(published, anonymous):
    response = anonymous.get(ORGANISATION_URL)
    assert response.status_code == 200
    organisation = _valid(response.content, ORGANISATIONS).find("iati-organisation")
    assert organisation.findtext("organisation-identifier") == "XM-DAC-41305"
    spent = {e.find("period-start").get("iso-date"): D(e.find("value").text)
             for e in organisation.iter("total-expenditure")}
    assert spent["2014-01-01"] == D("333512.74") + D("43356.66")
    # The fund opts out of IATI (its factsheet stays): the organisation file, kept computed,
    # counts it no more at the next request.
    set_publication(fund=published, publish_iati=False, publish_factsheet=True,
                    acting_user=None)
    organisation = _valid(anonymous.get(ORGANISATION_URL).content,
                          ORGANISATIONS).find("iati-organisation")
    assert organisation.find("total-expenditure") is None
    assert organisation.find("total-budget") is None


@pytest.mark.django_db
def test_a_control_character_in_the_funds_title_does_not_break_the_file(seed, anonymous):
    # A vertical tab pasted from a word processor: XML 1.0 cannot hold it.
    seed.fund.title = "e-Government\x0bForum 2014"
    seed.fund.save()
    set_publication(fund=seed.fund, publish_iati=True, publish_factsheet=False,
                    acting_user=None)
    response = anonymous.get(URL)
    assert response.status_code == 200
    activity = _valid(response.content, ACTIVITIES).find("iati-activity")
    assert "e-GovernmentForum 2014" in [n.text for n in activity.iter("narrative")]


@pytest.mark.django_db
def test_the_organisation_file_without_any_fund_opted_in_is_still_valid(seed, anonymous):
    organisation = _valid(anonymous.get(ORGANISATION_URL).content,
                          ORGANISATIONS).find("iati-organisation")
    assert organisation.find("total-budget") is None


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_files_cannot_be_written_to(seed, anonymous, method):
    set_publication(fund=seed.fund, publish_iati=True, publish_factsheet=True,
                    acting_user=None)
    assert getattr(anonymous, method)(URL).status_code == 405
    assert getattr(anonymous, method)(ORGANISATION_URL).status_code == 405


@pytest.mark.django_db
def test_a_fund_with_no_entries_and_no_logical_framework_still_gives_a_valid_file(seed,
                                                                                 anonymous):
    set_publication(fund=seed.fund, publish_iati=True, publish_factsheet=False,
                    acting_user=None)
    activity = _valid(anonymous.get(URL).content, ACTIVITIES).find("iati-activity")
    # Only the pledge: the agreement's sum on the day of signature.
    assert _sums(activity) == {"11": D("500000.00")}
    assert activity.find("result") is None and activity.find("document-link") is None
