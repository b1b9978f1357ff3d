"""Pledges and the payment schedule (docs/pledges.md): the agreement's sum as the pledge,
a schedule of instalments recorded through the page, contributions set against the
instalments in the order they fall due, and the same figures on the agreement page, the
statement's note and the API. Bad schedules are refused with their reason, nothing written."""

import csv
import io
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from rest_framework.test import APIClient

from agreements.models import Membership
from audit.models import AuditEvent
from budget.amounts import usd
from budget.definition import DefinitionError, load_fund
from budget.models import Instalment, PaymentSchedule
from budget.posting import record_contribution
from tests.agreements.test_access import other_fund  # noqa: F401 (a fixture)
from tests.conftest import SEED_DEFINITION, load_seed_files
from tests.html_tables import table_rows
from tests.test_database_roles import refused

Role = Membership.Role
SLUG = "int-14-x46-a"
PLEDGES = f"/funds/{SLUG}/pledges/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer(seed, make_user) -> Client:
    return signed_in(make_user("finance1", agreement=seed, role=Role.DESA_FINANCE))


@pytest.fixture
def government(seed, make_user) -> Client:
    return signed_in(make_user("government", agreement=seed, role=Role.GOVERNMENT))


def schedule_form(rows: list[tuple[str, str]], reason: str = "Letter KZ/2014/77") -> dict:
    form = {"instalment-TOTAL_FORMS": "4", "instalment-INITIAL_FORMS": "0",
            "instalment-MIN_NUM_FORMS": "0", "instalment-MAX_NUM_FORMS": "24",
            "reason": reason}
    for index in range(4):
        due_on, amount = rows[index] if index < len(rows) else ("", "")
        form[f"instalment-{index}-due_on"] = due_on
        form[f"instalment-{index}-amount"] = amount
    return form


TWO_INSTALMENTS = [("2014-08-15", "300000.00"), ("2015-01-31", "200000.00")]


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.mark.django_db
def test_the_seed_fund_with_its_2014_ledger_has_pledged_500000_received_500000_none_outstanding(
        seed, government):
    load_seed_files(forum=False)
    page = text_of(government.get(f"/funds/{SLUG}/"))
    assert "Pledged</dt><dd>500,000.00 USD" in page
    assert "Received</dt><dd>500,000.00 USD" in page
    assert "Outstanding</dt><dd>0.00 USD" in page
    pledges = text_of(government.get(PLEDGES))
    assert "No schedule of instalments is recorded" in pledges
    assert "Record a payment schedule" not in pledges  # the Government reads, DESA records


@pytest.mark.django_db
def test_a_schedule_recorded_on_the_page_receives_contributions_in_the_order_due(
        seed, officer, make_user):
    with time_machine.travel(date(2015, 3, 1), tick=False):
        response = officer.post(PLEDGES, schedule_form(TWO_INSTALMENTS), follow=True)
        assert "Payment schedule 1 recorded." in text_of(response)
        record_contribution(fund=seed.fund, amount=usd("300000.00"),
                            value_date=date(2014, 8, 14), acting_user=None)
        record_contribution(fund=seed.fund, amount=usd("50000.00"),
                            value_date=date(2015, 2, 10), acting_user=None)
        page = text_of(officer.get(PLEDGES))
    # Instalment 1 (300,000) fully paid by the first 300,000; instalment 2 (200,000) has
    # 50,000 of it and 150,000 outstanding, overdue since 31 January 2015.
    assert table_rows(page, "pledges")[1:] == [
        ["1", "2014-08-15", "300,000.00", "300,000.00", "0.00"],
        ["2", "2015-01-31 overdue", "200,000.00", "50,000.00", "150,000.00"],
        ["Total", "500,000.00", "350,000.00", "150,000.00"]]
    assert "Outstanding</dt><dd>150,000.00 USD <strong class=\"error\">(150,000.00 USD" in page
    assert "Received</dt><dd>350,000.00 USD" in page


@pytest.mark.django_db
def test_a_new_schedule_replaces_the_old_one_and_both_stay_in_the_history(seed, officer):
    officer.post(PLEDGES, schedule_form(TWO_INSTALMENTS))
    officer.post(PLEDGES, schedule_form([("2014-08-15", "250000.00"),
                                         ("2014-12-15", "250000.00")], reason="Letter 2"))
    assert list(PaymentSchedule.objects.values_list("number", "reason")) == [
        (2, "Letter 2"), (1, "Letter KZ/2014/77")]
    page = text_of(officer.get(PLEDGES))
    assert "Payment schedule (version 2)" in page
    assert "2014-12-15 250,000.00" in page  # version 2 in the history
    assert "2015-01-31 200,000.00" in page  # version 1 kept


@pytest.mark.django_db
@pytest.mark.parametrize(("rows", "message"), [
    ([("2014-08-15", "300000.00"), ("2015-01-31", "150000.00")],
     "The instalments add up to 450,000.00 USD, not the agreement&#x27;s sum of 500,000.00 USD"),
    ([("2014-08-15", "300000.00"), ("2014-08-15", "200000.00")],
     "Two instalments fall due on the same day"),
    ([("2014-07-01", "500000.00")],
     "An instalment cannot fall due before the agreement was signed (2014-08-04)"),
    ([("2014-08-15", "500000.00"), ("2015-01-31", "")],
     "An instalment needs both its day and its amount."),
    ([("2014-08-15", "-500000.00")], "Ensure this value is greater than or equal to 0.01."),
    ([], "A payment schedule has at least one instalment."),
])
def test_a_schedule_that_does_not_add_up_is_refused_with_its_reason_and_nothing_is_saved(
        seed, officer, rows, message):
    response = officer.post(PLEDGES, schedule_form(rows))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PaymentSchedule.objects.exists() and not Instalment.objects.exists()
    assert not AuditEvent.objects.filter(action="pledges.schedule_set").exists()


@pytest.mark.django_db
def test_a_government_officer_cannot_record_a_schedule(seed, government):
    assert government.post(PLEDGES, schedule_form(TWO_INSTALMENTS)).status_code == 403
    assert not PaymentSchedule.objects.exists()


@pytest.mark.django_db
def test_another_funds_officer_gets_404_and_writes_nothing(seed, other_fund, make_user):  # noqa: F811
    stranger = signed_in(make_user("stranger", agreement=other_fund, role=Role.DESA_FINANCE))
    assert stranger.get(PLEDGES).status_code == 404
    assert stranger.post(PLEDGES, schedule_form(TWO_INSTALMENTS)).status_code == 404
    assert not PaymentSchedule.objects.exists()


@pytest.mark.django_db
def test_the_pledges_page_answers_405_to_put_and_delete(seed, officer):
    assert officer.put(PLEDGES).status_code == 405
    assert officer.delete(PLEDGES).status_code == 405


@pytest.mark.django_db
def test_the_schedule_is_in_the_audit_trail_with_who_recorded_it(seed, officer, make_user):
    officer.post(PLEDGES, schedule_form(TWO_INSTALMENTS))
    event = AuditEvent.objects.get(action="pledges.schedule_set")
    assert event.actor.username == "finance1"
    assert event.agreement == seed
    assert event.summary == ("Payment schedule 1: 2014-08-15 300,000.00; "
                             "2015-01-31 200,000.00")
    admin = signed_in(make_user("root", superuser=True))
    trail = admin.get(f"/funds/{SLUG}/audit/?kind=pledge")
    line = table_rows(trail.content.decode(), "audit-trail")[1]
    assert line[1:3] == ["finance1", "Payment schedules"]
    assert line[3].startswith("Payment schedule recorded")
    assert line[3].endswith("2014-08-15 300,000.00; 2015-01-31 200,000.00")


@pytest.mark.django_db
def test_the_2014_statement_notes_what_was_received_by_31_december_against_each_instalment(
        seed, officer, make_user):
    officer.post(PLEDGES, schedule_form(TWO_INSTALMENTS))
    with time_machine.travel(date(2015, 3, 1), tick=False):
        record_contribution(fund=seed.fund, amount=usd("300000.00"),
                            value_date=date(2014, 8, 14), acting_user=None)
        record_contribution(fund=seed.fund, amount=usd("200000.00"),
                            value_date=date(2015, 2, 10), acting_user=None)
        response = officer.get(f"/funds/{SLUG}/reports/statement/2014/draft.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    # By 31 December 2014 only the first 300,000 had come: the second instalment (due
    # 31 January 2015) is wholly outstanding in the 2014 statement.
    assert ["Instalment 1, due 2014-08-15", "300000.00", "300000.00", "0.00"] in rows
    assert ["Instalment 2, due 2015-01-31", "200000.00", "0.00", "200000.00"] in rows
    assert ["Total", "500000.00", "300000.00", "200000.00"] in rows


@pytest.mark.django_db
def test_the_api_gives_pledged_received_and_outstanding(seed, make_user):
    from knox.models import AuthToken

    user = make_user("government", agreement=seed, role=Role.GOVERNMENT)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
    record_contribution(fund=seed.fund, amount=usd("120000.00"), value_date=date(2014, 8, 14),
                        acting_user=None)
    body = client.get(f"/api/v1/funds/{SLUG}/pledges/").json()
    assert (body["pledged"], body["received"], body["outstanding"]) == (
        "500000.00", "120000.00", "380000.00")
    assert body["schedule_version"] is None
    assert body["instalments"] == [{"number": 1, "due_on": None, "pledged": "500000.00",
                                    "received": "120000.00", "outstanding": "380000.00",
                                    "overdue": False}]


@pytest.mark.django_db
def test_a_fund_definition_may_carry_its_payment_schedule_which_must_add_up(loader, tmp_path):
    text = SEED_DEFINITION.read_text(encoding="utf-8")
    _copy_seed_texts(tmp_path)
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(text + "\npayment_schedule:\n  - {due_on: 2014-08-15, amount: \"300000.00\"}\n"
                     "  - {due_on: 2015-01-31, amount: \"100000.00\"}\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"add up to 400,000\.00 USD"):
        load_fund(wrong, acting_user=loader)
    assert not PaymentSchedule.objects.exists()
    right = tmp_path / "right.yaml"
    right.write_text(text + "\npayment_schedule:\n  - {due_on: 2014-08-15, amount: \"300000.00\"}\n"
                     "  - {due_on: 2015-01-31, amount: \"200000.00\"}\n", encoding="utf-8")
    fund = load_fund(right, acting_user=loader).agreement.fund
    assert [(i.due_on, str(i.amount)) for i in Instalment.objects.filter(
        schedule__fund=fund)] == [(date(2014, 8, 15), "300000.00"),
                                  (date(2015, 1, 31), "200000.00")]


def _copy_seed_texts(folder: Path) -> None:
    for text in SEED_DEFINITION.parent.glob("agreement-*.md"):
        (folder / text.name).write_text(text.read_text(encoding="utf-8"), encoding="utf-8")


@pytest.mark.django_db
@pytest.mark.parametrize("junk", [
    {},  # no management form at all
    {"instalment-TOTAL_FORMS": "x", "instalment-INITIAL_FORMS": "0", "reason": "r"},
    {"instalment-TOTAL_FORMS": "900", "instalment-INITIAL_FORMS": "0", "reason": "r"},
    {**schedule_form([("2014-13-45", "1e400")])},
])
def test_a_tampered_schedule_form_gets_a_page_not_an_error_and_writes_nothing(
        seed, officer, junk):
    response = officer.post(PLEDGES, junk)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not PaymentSchedule.objects.exists()


@pytest.mark.django_db
def test_a_recorded_schedule_cannot_be_changed_or_deleted_even_by_sql(seed, officer):
    officer.post(PLEDGES, schedule_form(TWO_INSTALMENTS))
    assert "budget_instalment is kept as recorded: UPDATE refused" in refused(
        "UPDATE budget_instalment SET amount = 1")
    assert "budget_paymentschedule is kept as recorded: DELETE refused" in refused(
        "DELETE FROM budget_paymentschedule")
    assert sorted(Instalment.objects.values_list("amount", flat=True)) == [
        200000, 300000]


@pytest.mark.django_db
def test_more_received_than_pledged_is_shown_apart_so_the_rows_add_up(seed, officer):
    record_contribution(fund=seed.fund, amount=usd("500000.00"), value_date=date(2014, 8, 14),
                        acting_user=None)
    record_contribution(fund=seed.fund, amount=usd("20000.00"), value_date=date(2014, 9, 1),
                        acting_user=None)
    page = officer.get(PLEDGES).content.decode()
    assert table_rows(page, "pledges")[1:] == [
        ["1", "Art. 1.1, no date agreed", "500,000.00", "500,000.00", "0.00"],
        ["Received beyond the pledges", "20,000.00", ""],
        ["Total", "500,000.00", "520,000.00", "0.00"]]
    statement = officer.get(f"/funds/{SLUG}/reports/statement/2014/draft.csv")
    rows = list(csv.reader(io.StringIO(statement.content.decode("utf-8-sig"))))
    assert ["Received beyond the pledges", "", "20000.00", ""] in rows
    assert ["Total", "500000.00", "520000.00", "0.00"] in rows
