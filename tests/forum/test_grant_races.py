"""Two officers paying or approving the same grant at once, on PostgreSQL."""

from datetime import date

import pytest
from django.db import connection

from budget.amounts import usd
from budget.models import Entry
from forum.actions import approve_travel_grant, pay_travel_grant, register_participant
from forum.models import Country, TravelGrant
from tests.concurrency import race as concurrent_race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def race(act) -> tuple[list, list]:
    return concurrent_race(act, workers=2)


def test_two_payments_at_once_never_pay_more_than_the_grant(forum):
    participant = register_participant(forum=forum, name="Sunita Gurung",
                                       country=Country.objects.get(code="NPL"),
                                       category="state", acting_user=None)
    grant = approve_travel_grant(participant=participant, amount=usd("1000.00"),
                                 approved_on=date(2014, 10, 1), acting_user=None)
    done, refused = race(lambda: pay_travel_grant(grant=grant, amount=usd("600.00"),
                                                  paid_on=date(2014, 10, 22), acting_user=None))
    assert len(done) == 1 and len(refused) == 1
    assert "400.00 left to pay" in refused[0].messages[0]
    assert Entry.objects.filter(kind="expenditure", commitment=grant.commitment).count() == 1


def test_two_approvals_at_once_make_one_grant_and_a_clear_refusal(forum):
    participant = register_participant(forum=forum, name="Tashi Wangmo",
                                       country=Country.objects.get(code="BTN"),
                                       category="state", acting_user=None)
    done, refused = race(lambda: approve_travel_grant(
        participant=participant, amount=usd("2000.00"), approved_on=date(2014, 10, 1),
        acting_user=None))
    assert len(done) == 1 and len(refused) == 1
    assert "already has a travel grant" in refused[0].messages[0]
    assert TravelGrant.objects.filter(participant=participant).count() == 1
