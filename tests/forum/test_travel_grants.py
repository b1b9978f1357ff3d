"""Travel grants commit and pay on line 3201 through the posting service."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from budget.amounts import usd
from budget.models import Entry, LineBalance
from budget.posting import PostingRefused
from forum.actions import approve_travel_grant, pay_travel_grant, register_participant
from forum.models import Country


def newcomer(forum, code="NPL", name="Sunita Gurung"):
    return register_participant(forum=forum, name=name, country=Country.objects.get(code=code),
                                category="state", acting_user=None)


@pytest.mark.django_db
def test_a_grant_is_a_commitment_on_3201_and_its_payment_an_expenditure_with_psc(forum):
    line = LineBalance.objects.get(fund=forum.fund, code="3201")
    assert (line.held, line.spent) == (D("7500.00"), D("203700.00"))  # the demo's grants
    grant = approve_travel_grant(participant=newcomer(forum), amount=usd("5000.00"),
                                 approved_on=date(2014, 10, 1), acting_user=None)
    line.refresh_from_db()
    assert line.held == D("12500.00")
    payment = pay_travel_grant(grant=grant, amount=usd("4200.00"), paid_on=date(2014, 10, 22),
                               acting_user=None)
    # 4,200.00 travel: no reserve; PSC 13% = 546.00 on 5601.
    assert Entry.objects.get(caused_by=payment, kind="psc").amount == D("546.00")
    line.refresh_from_db()
    assert (line.held, line.spent) == (D("8300.00"), D("207900.00"))


@pytest.mark.django_db
def test_grant_for_a_country_not_marked_developing_is_refused(forum):
    count = Entry.objects.count()
    with pytest.raises(ValidationError, match="Singapore is not marked as a developing"):
        approve_travel_grant(participant=newcomer(forum, "SGP", "Lee Wei"),
                             amount=usd("3000.00"), approved_on=date(2014, 10, 1), acting_user=None)
    assert Entry.objects.count() == count


@pytest.mark.django_db
def test_grant_beyond_what_3201_has_available_is_refused(forum):
    # 3201: 273,000 - 203,700 spent - 7,500 held = 61,800.00 available.
    with pytest.raises(PostingRefused, match=r"Line 3201 has 61,800\.00 available; this "
                                             r"needs 61,800\.01"):
        approve_travel_grant(participant=newcomer(forum), amount=usd("61800.01"),
                             approved_on=date(2014, 10, 1), acting_user=None)
    approve_travel_grant(participant=newcomer(forum, "BTN", "Tashi Wangmo"),
                         amount=usd("61800.00"), approved_on=date(2014, 10, 1), acting_user=None)


@pytest.mark.django_db
def test_paying_more_than_the_grant_is_refused(forum):
    grant = approve_travel_grant(participant=newcomer(forum), amount=usd("1000.00"),
                                 approved_on=date(2014, 10, 1), acting_user=None)
    with pytest.raises(ValidationError, match=r"1,000\.00 left to pay"):
        pay_travel_grant(grant=grant, amount=usd("1000.01"), paid_on=date(2014, 10, 22),
                         acting_user=None)
