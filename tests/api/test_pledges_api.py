"""A payment schedule recorded through the API by the pledges page's act: accepted, and
refused as the page refuses it (400 on `instalments`), nothing written."""

import pytest

from budget.models import PaymentSchedule
from tests.api.clients import BASE, Role, client_of, stranger

SCHEDULE = {"reason": "Letter MFA/2014/117 of 1 August 2014",
            "instalments": [{"due_on": "2015-01-31", "amount": "200000.00"},
                            {"due_on": "2014-08-15", "amount": "300000.00"}]}


@pytest.mark.django_db
def test_a_schedule_is_recorded_and_the_pledges_answer_with_it(finance_client):
    response = finance_client.post(f"{BASE}/pledges/", SCHEDULE, format="json")
    assert response.status_code == 201
    body = response.json()
    # 500,000.00 received (the fixture's contribution) pays both instalments in due order.
    assert (body["schedule_version"], body["pledged"], body["received"],
            body["outstanding"]) == (1, "500000.00", "500000.00", "0.00")
    assert [(i["number"], i["due_on"], i["pledged"], i["received"])
            for i in body["instalments"]] == [(1, "2014-08-15", "300000.00", "300000.00"),
                                              (2, "2015-01-31", "200000.00", "200000.00")]
    assert finance_client.get(f"{BASE}/pledges/").json() == body
    schedule = PaymentSchedule.objects.get()
    assert (schedule.number, schedule.reason) == (1, SCHEDULE["reason"])


@pytest.mark.django_db
@pytest.mark.parametrize(("instalments", "message"), [
    ([{"due_on": "2014-08-15", "amount": "300000.00"},
      {"due_on": "2015-01-31", "amount": "150000.00"}],
     "The instalments add up to 450,000.00 USD, not the agreement's sum of 500,000.00 USD "
     "(Art. 1.1)."),
    ([{"due_on": "2014-08-15", "amount": "300000.00"},
      {"due_on": "2014-08-15", "amount": "200000.00"}],
     "Two instalments fall due on the same day: make them one."),
    ([{"due_on": "2014-07-01", "amount": "500000.00"}],
     "An instalment cannot fall due before the agreement was signed (2014-08-04)."),
])
def test_a_schedule_the_page_refuses_is_refused_and_nothing_is_written(finance_client,
                                                                      instalments, message):
    response = finance_client.post(f"{BASE}/pledges/", {**SCHEDULE, "instalments": instalments},
                                   format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"instalments": [message]}
    assert not PaymentSchedule.objects.exists()


@pytest.mark.django_db
def test_bad_input_is_refused_field_by_field(finance_client):
    response = finance_client.post(f"{BASE}/pledges/", {"instalments": [], "reason": ""},
                                   format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"instalments", "reason"}
    bad_row = finance_client.post(f"{BASE}/pledges/", {**SCHEDULE, "instalments": [
        {"due_on": "2014-08-15", "amount": 500000}]}, format="json")
    assert bad_row.status_code == 400 and "instalments" in bad_row.json()["fields"]
    assert not PaymentSchedule.objects.exists()


@pytest.mark.django_db
def test_who_may_record_a_schedule(funded, token_for):
    government = client_of(token_for, "government", funded.agreement, Role.GOVERNMENT)
    assert government.get(f"{BASE}/pledges/").status_code == 200
    assert government.post(f"{BASE}/pledges/", SCHEDULE, format="json").status_code == 403
    assert stranger(token_for).post(f"{BASE}/pledges/", SCHEDULE,
                                    format="json").status_code == 404
    assert not PaymentSchedule.objects.exists()


@pytest.mark.django_db
def test_pledges_take_no_put(finance_client):
    assert finance_client.put(f"{BASE}/pledges/", SCHEDULE, format="json").status_code == 405
