"""Issue 25's "done when": an outside system runs the seed fund's 2014 through the API alone
(tokens of the Government's officer and of DESA's finance and programme officers: a letter
and its receipt, the contribution, a commitment, expenditures, a budget revision with four
eyes, the statement's figures), and the fund's IATI file then validates and adds up to the
same ledger. Every figure below is worked out by hand in the comments."""

from decimal import Decimal as D

import pytest
from lxml import etree
from rest_framework.test import APIClient

from agreements.models import Membership
from publication.actions import set_publication
from publication.iati.schema import ACTIVITIES, schema

Role = Membership.Role
FUND = "/api/v1/funds/int-14-x46-a"


@pytest.fixture
def officers(seed, token_for) -> dict[str, APIClient]:
    clients = {}
    for username, role in (("gov1", Role.GOVERNMENT), ("finance1", Role.DESA_FINANCE),
                           ("programme1", Role.DESA_PROGRAMME)):
        _user, token = token_for(username, seed, role)
        clients[username] = APIClient()
        clients[username].credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return clients


def created(response) -> dict:
    assert response.status_code == 201, response.json()
    return response.json()


@pytest.mark.django_db
def test_the_seed_funds_2014_runs_through_the_api_and_its_iati_file_validates(seed, officers,
                                                                              client):
    government, finance, programme = (officers[name] for name in ("gov1", "finance1",
                                                                  "programme1"))
    # The Government writes to DESA; DESA records that the letter arrived.
    letter = created(government.post(f"{FUND}/notices/", {
        "kind": "letter", "sender": "government", "sent_on": "2014-08-06", "delivery": "mail",
        "reference": "MFA/2014/88", "subject": "Payment of the contribution"}, format="json"))
    received = finance.post(f"{FUND}/notices/{letter['id']}/receipt/",
                            {"received_on": "2014-08-08"}, format="json")
    assert received.status_code == 200, received.json()
    assert received.json()["state"] == "received"

    # Money in, a commitment, and what is paid.
    created(finance.post(f"{FUND}/contributions/", {
        "amount": "500000.00", "currency": "USD", "value_date": "2014-08-14",
        "reference": "KZ-MOF-2014-0814"}, format="json"))
    created(finance.post(f"{FUND}/expenditures/", {
        "line": "1101", "amount": "12000.00", "value_date": "2014-08-31",
        "payee": "Project coordinator"}, format="json"))
    commitment = created(finance.post(f"{FUND}/commitments/", {
        "line": "5201", "amount": "2000.00", "value_date": "2014-11-03",
        "payee": "Astana printing house"}, format="json"))
    created(finance.post(f"{FUND}/expenditures/", {
        "line": "5201", "amount": "1500.00", "value_date": "2014-12-10",
        "payee": "Astana printing house", "commitment": commitment["sequence"]},
        format="json"))
    open_commitments = finance.get(f"{FUND}/open-commitments/").json()
    assert [(row["line"], row["open_amount"]) for row in open_commitments] == [
        ("5201", "500.00")]

    # A revision (the seed's letter of 28 November 2014: 1,000.00 from 5301 to 5201),
    # proposed by one officer and approved by another.
    seed_letter = seed.notices.get(kind="letter", reference__startswith="DESA")
    revision = created(finance.post(f"{FUND}/revisions/", {
        "reason": "Reports cost more than planned", "letter": seed_letter.pk,
        "lines": {"5201": "19000.00", "5301": "5478.00"}}, format="json"))
    assert finance.post(f"{FUND}/revisions/{revision['number']}/approve/", {},
                        format="json").status_code == 403  # four eyes
    approved = programme.post(f"{FUND}/revisions/{revision['number']}/approve/", {},
                              format="json")
    assert approved.status_code == 200, approved.json()
    budget = {line["code"]: line for line in finance.get(f"{FUND}/budget/").json()}
    assert (budget["5201"]["budget"], budget["5301"]["budget"]) == ("19000.00", "5478.00")

    # The statement's figures, by hand: paid 12,000.00 + reserve 1% (a salary) 120.00 and
    # 1,500.00 = 13,620.00; PSC 13% of 13,620.00 = 1,770.60; cash 500,000.00 - 13,620.00 -
    # 1,770.60 = 484,609.40; open 2,000.00 - 1,500.00 = 500.00, carrying PSC 65.00;
    # available 484,609.40 - 500.00 - 65.00 = 484,044.40.
    statement = finance.get(f"{FUND}/statements/2014/").json()
    rows = {row["cells"][0]: row["cells"][1]
            for row in statement["document"]["tables"][0]["rows"]}
    assert rows["Contributions received"] == "500000.00"
    assert rows["Total expenditure (reserve for claims included)"] == "-13620.00"
    assert rows["Programme support costs"] == "-1770.60"
    assert rows["Cash balance at 31 December"] == "484609.40"
    assert rows["Open commitments at 31 December"] == "-500.00"
    assert rows["Programme support they will carry"] == "-65.00"
    assert rows["Balance available after open commitments"] == "484044.40"

    # Published, the fund's IATI file is valid and its transactions are these figures:
    # received 500,000.00; committed 2,000.00; expenditure 13,620.00 + PSC 1,770.60 =
    # 15,390.60.
    set_publication(fund=seed.fund, publish_iati=True, publish_factsheet=False,
                    acting_user=None)
    response = client.get("/public/funds/int-14-x46-a/iati-activity.xml")
    assert response.status_code == 200
    document = etree.fromstring(response.content)
    checker = schema(ACTIVITIES)
    assert checker.validate(document), [str(error) for error in checker.error_log]
    sums: dict[str, D] = {}
    for transaction in document.iter("transaction"):
        code = transaction.find("transaction-type").get("code")
        sums[code] = sums.get(code, D("0")) + D(transaction.find("value").text)
    # IATI's transaction types: 11 incoming commitment (the pledge: the agreement's sum),
    # 1 incoming funds, 2 outgoing commitment (what was committed), 4 expenditure.
    assert sums == {"11": D("500000.00"), "1": D("500000.00"), "2": D("2000.00"),
                    "4": D("15390.60")}
