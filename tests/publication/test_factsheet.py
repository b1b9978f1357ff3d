"""The public factsheet of the seed fund: the same figures as the 2014 financial statement
(its CSV, read as a finance officer downloads it), in three languages, naming no one."""

import csv
import io
import re
from datetime import date
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from lxml import html

from agreements.models import Signatory
from budget.amounts import usd
from budget.models import Entry
from budget.posting import record_income
from forum.models import Participant
from publication.actions import set_publication

FACTSHEET = "/public/funds/int-14-x46-a/"
IATI = "/public/funds/int-14-x46-a/iati-activity.xml"
STATEMENT_CSV = "/funds/int-14-x46-a/reports/statement/2014/draft.csv"


def _amount(text: str) -> D:
    """"333,512.74" (English) or "333 512,74" (Kazakh, Russian) as a number."""
    digits = re.sub(r"\s", "", text)
    if re.search(r",\d\d$", digits):
        digits = digits.replace(".", "").replace(",", ".")
    return D(digits.replace(",", ""))


def _figures(page: bytes, year: int) -> dict[str, D]:
    tree = html.fromstring(page)
    row = tree.xpath(f'//tr[@data-year="{year}"]')[0]
    return {cell.get("data-figure"): _amount(cell.text_content())
            for cell in row.xpath("td[@data-figure]")}


def _statement_csv(demo_fund) -> dict[str, D]:
    finance = get_user_model().objects.get(username="finance1")
    client = Client()
    client.force_login(finance)
    response = client.get(STATEMENT_CSV)
    assert response.status_code == 200
    rows = {}
    for cells in csv.reader(io.StringIO(response.content.decode())):
        if len(cells) >= 2 and re.fullmatch(r"-?\d+\.\d\d", cells[1]):
            rows[cells[0]] = D(cells[1])
    return rows


@pytest.mark.django_db
def test_the_factsheet_shows_the_2014_statements_figures(with_reports, anonymous):
    published = with_reports
    response = anonymous.get(FACTSHEET)
    assert response.status_code == 200
    shown = _figures(response.content, 2014)
    statement = _statement_csv(published)
    assert shown["contributions"] == statement["Contributions received"]
    assert shown["income"] == statement["Interest and other income"]
    assert shown["expenditure"] == -statement["Total expenditure (reserve for claims included)"]
    assert shown["programme_support"] == -statement["Programme support costs"]
    assert shown["closing_cash"] == statement["Cash balance at 31 December"]
    assert shown["open_commitments"] == -statement["Open commitments at 31 December"]
    # One by hand: 500,000.00 + 185.40 - 333,512.74 - 43,356.66 = 123,316.00.
    assert shown["closing_cash"] == D("123316.00")
    tree = html.fromstring(response.content)
    # Sources: pledged 500,000.00 (Art. 1.1), all of it received.
    figure = _sources(response.content)
    assert (figure["pledged"], figure["received"], figure["outstanding"]) == (
        D("500000.00"), D("500000.00"), D("0.00"))
    # Uses: the Annex B groups' spending and the PSC add up to the statement's outflows.
    groups = [_amount(cell.text_content())
              for cell in tree.xpath('//td[@data-figure="group-spent"]')]
    psc = _amount(tree.xpath('//td[@data-figure="psc"]')[0].text_content())
    assert sum(groups) == D("333512.74") and psc == D("43356.66")
    # The issued statement and analysis, each with its verification link; and the IATI file.
    verifications = tree.xpath('//ul[contains(@class, "factsheet-reports")]//a/@href')
    assert len(verifications) == 2 and all("/reports/verify/" in a for a in verifications)
    assert tree.xpath('//a[contains(@href, "/iati-activity.xml")]')


@pytest.mark.django_db
def test_the_factsheet_in_russian_has_the_same_structure_and_figures(published, anonymous):
    english = _figures(anonymous.get(FACTSHEET).content, 2014)
    response = anonymous.get(FACTSHEET, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    tree = html.fromstring(response.content)
    assert tree.get("lang") == "ru"
    assert _figures(response.content, 2014) == english
    assert len(tree.xpath("//h2")) == len(html.fromstring(
        anonymous.get(FACTSHEET).content).xpath("//h2"))
    kazakh = anonymous.get(FACTSHEET, HTTP_ACCEPT_LANGUAGE="kk")
    assert html.fromstring(kazakh.content).get("lang") == "kk"
    # The fund's own Kazakh title, as its definition gives it.
    assert "Біріккен Ұлттар Ұйымының" in kazakh.content.decode()


@pytest.mark.django_db
def test_neither_the_factsheet_nor_the_iati_file_names_anyone(published, anonymous):
    for address in (FACTSHEET, IATI):
        body = anonymous.get(address).content.decode()
        for user in get_user_model().objects.all():
            assert f">{user.username}<" not in body and f'"{user.username}"' not in body
            assert not user.email or user.email not in body
        for signatory in Signatory.objects.filter(agreement=published.agreement):
            assert signatory.representative_name not in body
            assert not signatory.email or signatory.email not in body
        for participant in Participant.objects.all():
            assert participant.name not in body
        # Nor the payees of the fund's spending (consultants, grantees).
        for payee in Entry.objects.filter(fund=published, kind__in=["commitment",
                                                                    "expenditure"]
                                          ).values_list("payee", flat=True):
            assert not payee or payee not in body


def _sources(page: bytes) -> dict[str, D]:
    tree = html.fromstring(page)
    return {cell.get("data-figure"): _amount(cell.text_content())
            for cell in tree.xpath('//table[contains(@class, "factsheet-sources")]//td')}


@pytest.mark.django_db
def test_the_factsheet_changes_as_soon_as_the_ledger_does(published, anonymous):
    assert _sources(anonymous.get(FACTSHEET).content)["income"] == D("185.40")
    record_income(fund=published, amount=usd("14.60"), value_date=date(2015, 1, 15),
                  reference="INT-2015", acting_user=None)
    # Cached, but keyed by the ledger's last sequence: the new entry shows at once.
    assert _sources(anonymous.get(FACTSHEET).content)["income"] == D("200.00")


@pytest.mark.django_db
def test_the_factsheet_cannot_be_posted_to(seed, anonymous):
    set_publication(fund=seed.fund, publish_iati=False, publish_factsheet=True,
                    acting_user=None)
    assert anonymous.get(FACTSHEET).status_code == 200
    assert anonymous.post(FACTSHEET).status_code == 405
