"""The ledger's postings as worked accounting examples on the seed fund (13% PSC, 1% reserve).

Budget (Annex B): 1101 55,000; 1150 50,000; 1601 40,000; 3201 273,000; 5201 18,000;
5301 6,478; 5601 57,522.
"""

from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from budget.amounts import usd
from budget.models import Entry, FundBalance, LineBalance
from budget.models.ledger import ImmutableEntryError
from budget.posting import (
    PostingRefused,
    cancel_commitment,
    post_commitment,
    post_expenditure,
    record_contribution,
    reverse_entry,
)
from budget.verification import ledger_differences

AUG = date(2014, 8, 20)


@pytest.fixture
def fund(seed):
    return seed.fund


@pytest.fixture
def funded(fund):
    record_contribution(fund=fund, amount=usd("500000.00"), value_date=date(2014, 8, 15),
                        reference="JPMorgan 485-000-865", acting_user=None)
    return fund


def balance(fund) -> FundBalance:
    return FundBalance.objects.get(fund=fund)


def line(fund, code) -> LineBalance:
    return LineBalance.objects.get(fund=fund, code=code)


def entries(fund) -> list[tuple]:
    return [(e.sequence, e.kind, e.line_code, e.amount)
            for e in Entry.objects.filter(fund=fund).order_by("sequence")]


@pytest.mark.django_db
def test_salary_on_1101_carries_reserve_and_psc(funded):
    # 500,000 received, 12,000 spent on 1101: 120.00 reserve, 1,575.60 PSC
    # (13% of 12,120.00), 486,304.40 left.
    post_expenditure(fund=funded, line_code="1101", amount=usd("12000.00"), value_date=AUG,
                     payee="Project coordinator", reference="Aug salary", acting_user=None)
    assert entries(funded)[1:] == [
        (2, "expenditure", "1101", D("12000.00")),
        (3, "reserve", "1101", D("120.00")),
        (4, "psc", "5601", D("1575.60")),
    ]
    assert balance(funded).cash == D("486304.40")
    assert line(funded, "1101").available == D("42880.00")  # 55,000 - 12,120
    assert line(funded, "5601").spent == D("1575.60")
    assert ledger_differences(funded) == []


@pytest.mark.django_db
def test_travel_bears_psc_but_no_reserve(funded):
    post_expenditure(fund=funded, line_code="3201", amount=usd("2500.00"), value_date=AUG,
                     acting_user=None)
    assert entries(funded)[1:] == [(2, "expenditure", "3201", D("2500.00")),
                                   (3, "psc", "5601", D("325.00"))]


@pytest.mark.django_db
def test_psc_never_drifts_from_the_rate_over_many_small_postings(funded):
    # 3 x 0.05 on 5301: PSC per posting would round 0.0065 to 0.01 each (0.03 in all);
    # charged cumulatively it is round(0.13 x 0.15) = 0.02 in all.
    for _ in range(3):
        post_expenditure(fund=funded, line_code="5301", amount=usd("0.05"), value_date=AUG,
                         acting_user=None)
    psc = [e.amount for e in Entry.objects.filter(fund=funded, kind="psc")]
    assert psc == [D("0.01"), D("0.01")]
    assert balance(funded).psc_charged == D("0.02")


@pytest.mark.django_db
def test_commitment_over_line_budget_is_refused(funded):
    post_commitment(fund=funded, line_code="3201", amount=usd("271750.00"), value_date=AUG,
                    payee="Travel agency", acting_user=None)
    before = entries(funded)
    with pytest.raises(PostingRefused) as refusal:
        post_commitment(fund=funded, line_code="3201", amount=usd("2000.00"), value_date=AUG,
                        acting_user=None)
    # Travel bears no reserve: the most the line takes is what it has available.
    assert str(refusal.value.message) == ("Line 3201 has 1,250.00 available; this needs "
                                          "2,000.00. The most it can take now is 1,250.00.")
    assert (refusal.value.available, refusal.value.needed, refusal.value.largest) == (
        D("1250.00"), D("2000.00"), D("1250.00"))
    assert entries(funded) == before


@pytest.mark.django_db
def test_commitment_on_salary_holds_its_reserve_on_the_line(funded):
    # 50,000 on 1150 as fees holds 50,000 + 500 reserve = 50,500 > 50,000 budget.
    with pytest.raises(PostingRefused, match=r"Line 1150 has 50,000\.00 available; this needs "
                                             r"50,500\.00"):
        post_commitment(fund=funded, line_code="1150", amount=usd("50000.00"), value_date=AUG,
                        acting_user=None)
    post_commitment(fund=funded, line_code="1150", amount=usd("49500.00"), value_date=AUG,
                    acting_user=None)
    assert line(funded, "1150").held == D("49995.00")  # 49,500 + 495 reserve


@pytest.mark.django_db
def test_spending_beyond_the_cash_received_is_refused(fund):
    record_contribution(fund=fund, amount=usd("10000.00"), value_date=date(2014, 8, 15),
                        acting_user=None)
    # 8,850.00 + 1,150.50 PSC = 10,000.50 does not fit; 8,849.56 + 1,150.44 (13% is
    # 1,150.4428) = 10,000.00 exactly does.
    with pytest.raises(PostingRefused) as refusal:
        post_expenditure(fund=fund, line_code="5201", amount=usd("8850.00"), value_date=AUG,
                         acting_user=None)
    assert refusal.value.rule == "cash"
    assert "10,000.00 of the contributions received available; this needs 10,000.50" in \
        refusal.value.message
    post_expenditure(fund=fund, line_code="5201", amount=usd("8849.56"), value_date=AUG,
                     acting_user=None)
    assert balance(fund).cash == D("0.00")


@pytest.mark.django_db
def test_commitment_holds_psc_against_the_cash(fund):
    record_contribution(fund=fund, amount=usd("1130.00"), value_date=date(2014, 8, 15),
                        acting_user=None)
    post_commitment(fund=fund, line_code="5201", amount=usd("1000.00"), value_date=AUG,
                    acting_user=None)
    assert (balance(fund).held, balance(fund).psc_held, balance(fund).available) == (
        D("1000.00"), D("130.00"), D("0.00"))
    with pytest.raises(PostingRefused, match=r"this needs 1\.13"):
        post_commitment(fund=fund, line_code="5201", amount=usd("1.00"), value_date=AUG,
                        acting_user=None)


@pytest.mark.django_db
def test_liquidating_a_commitment_releases_its_hold(funded):
    commitment = post_commitment(fund=funded, line_code="1150", amount=usd("10000.00"),
                                 value_date=AUG, payee="Expert A", acting_user=None)
    post_expenditure(fund=funded, line_code="1150", amount=usd("6000.00"), value_date=AUG,
                     commitment=commitment, acting_user=None)
    # 4,000 stays open with its 40.00 reserve; 6,000 + 60 reserve spent.
    assert (line(funded, "1150").held, line(funded, "1150").spent) == (D("4040.00"),
                                                                       D("6060.00"))
    cancel_commitment(commitment=commitment, value_date=date(2014, 9, 30), reason="Finished",
                      acting_user=None)
    assert line(funded, "1150").held == D("0.00")
    assert balance(funded).held == D("0.00") and balance(funded).psc_held == D("0.00")
    assert ledger_differences(funded) == []


@pytest.mark.django_db
def test_reversal_restores_every_balance(funded):
    before = (balance(funded).cash, line(funded, "1101").available, line(funded, "5601").spent)
    spent = post_expenditure(fund=funded, line_code="1101", amount=usd("5500.00"),
                             value_date=AUG, acting_user=None)
    reverse_entry(entry=spent, value_date=date(2014, 9, 1), reason="Paid twice by mistake",
                  acting_user=None)
    assert (balance(funded).cash, line(funded, "1101").available,
            line(funded, "5601").spent) == before
    kinds = [(e.kind, e.amount) for e in Entry.objects.filter(fund=funded, sequence__gt=4)]
    assert kinds == [("expenditure", D("-5500.00")), ("reserve", D("-55.00")),
                     ("psc", D("-722.15"))]  # 13% of 5,555.00 = 722.15
    with pytest.raises(ValidationError, match="already reversed"):
        reverse_entry(entry=spent, value_date=date(2014, 9, 1), reason="again", acting_user=None)
    assert ledger_differences(funded) == []


@pytest.mark.django_db
@pytest.mark.parametrize(("amount", "message"), [
    (D("0"), "more than zero"), (D("-5"), "more than zero"), (D("10.001"), "two decimals"),
])
def test_bad_amounts_are_refused_and_write_nothing(funded, amount, message):
    before = entries(funded)
    with pytest.raises(ValidationError, match=message):
        post_expenditure(fund=funded, line_code="5301", amount=usd(amount), value_date=AUG,
                         acting_user=None)
    assert entries(funded) == before


@pytest.mark.django_db
@pytest.mark.parametrize("amount", [D("10.00"), 1.5, "10.00", 10])
def test_an_amount_without_its_currency_is_refused_and_writes_nothing(funded, amount):
    before = entries(funded)
    with pytest.raises(TypeError, match="postings take Money"):
        post_expenditure(fund=funded, line_code="5301", amount=amount, value_date=AUG,
                         acting_user=None)
    with pytest.raises(TypeError, match="never float"):
        usd(1.5)
    assert entries(funded) == before


@pytest.mark.django_db
def test_unknown_line_and_the_psc_line_are_refused(funded):
    with pytest.raises(PostingRefused, match="no budget line 9999"):
        post_expenditure(fund=funded, line_code="9999", amount=usd("1.00"), value_date=AUG,
                         acting_user=None)
    with pytest.raises(PostingRefused, match="the system charges it"):
        post_expenditure(fund=funded, line_code="5601", amount=usd("1.00"), value_date=AUG,
                         acting_user=None)


@pytest.mark.django_db
def test_posted_entries_cannot_be_changed_through_the_orm(funded):
    entry = Entry.objects.get(fund=funded, sequence=1)
    entry.amount = D("1.00")
    with pytest.raises(ImmutableEntryError):
        entry.save()
    with pytest.raises(ImmutableEntryError):
        Entry.objects.filter(fund=funded).update(amount=D("1.00"))
    with pytest.raises(ImmutableEntryError):
        Entry.objects.filter(fund=funded).delete()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_posted_entries_cannot_be_changed_with_plain_sql(funded):
    for sql in ["UPDATE budget_entry SET amount = 1", "DELETE FROM budget_entry"]:
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), \
                connection.cursor() as cursor:
            cursor.execute(sql)
    assert Entry.objects.get(fund=funded, sequence=1).amount == D("500000.00")


@pytest.mark.django_db
def test_line_total_check_in_the_database_is_the_last_line_of_defence(funded):
    with pytest.raises(IntegrityError), transaction.atomic():
        LineBalance.objects.filter(fund=funded, code="5301").update(spent=D("6478.01"))


@pytest.mark.django_db
def test_no_new_commitment_after_termination(funded):
    from agreements.actions import NoticeDraft, record_notice
    from agreements.models import Party

    record_notice(agreement=funded.agreement, acting_user=None, draft=NoticeDraft(
        kind="termination", sender=Party.objects.get(kind="government"),
        recipient=Party.objects.get(kind="united_nations"), sent_on=date(2015, 3, 1),
        received_on=date(2015, 3, 2), delivery="diplomatic"), confirmed=True)
    # Received 2 March 2015 -> terminated from 1 May 2015 (29 days of March + 30 of April
    # + 1).
    post_commitment(fund=funded, line_code="5201", amount=usd("100.00"),
                    value_date=date(2015, 4, 30), acting_user=None)
    with pytest.raises(PostingRefused, match="ended on 2015-05-01"):
        post_commitment(fund=funded, line_code="5201", amount=usd("100.00"),
                        value_date=date(2015, 5, 1), acting_user=None)


@pytest.mark.django_db
def test_liquidating_more_than_the_open_amount_needs_the_line_to_have_the_rest(funded):
    commitment = post_commitment(fund=funded, line_code="5301", amount=usd("1000.00"),
                                 value_date=AUG, acting_user=None)
    # 5301: 6,478 - 1,000 held = 5,478 free. Paying 7,000 against the 1,000 open releases
    # 1,000 and needs 6,000 more: refused. Paying 6,478 needs 5,478 more: accepted.
    with pytest.raises(PostingRefused, match=r"Line 5301 has 5,478\.00 available; this needs "
                                             r"6,000\.00"):
        post_expenditure(fund=funded, line_code="5301", amount=usd("7000.00"), value_date=AUG,
                         commitment=commitment, acting_user=None)
    post_expenditure(fund=funded, line_code="5301", amount=usd("6478.00"), value_date=AUG,
                     commitment=commitment, acting_user=None)
    assert line(funded, "5301").available == D("0.00")


@pytest.mark.django_db
def test_a_commitment_entered_after_termination_cannot_be_back_dated(funded):
    from agreements.actions import NoticeDraft, record_notice
    from agreements.models import Party

    record_notice(agreement=funded.agreement, acting_user=None, draft=NoticeDraft(
        kind="termination", sender=Party.objects.get(kind="government"),
        recipient=Party.objects.get(kind="united_nations"), sent_on=date(2015, 3, 1),
        received_on=date(2015, 3, 2), delivery="diplomatic"), confirmed=True)
    # Terminated from 1 May 2015. Entered on 2 May through a page, dated 30 April: refused.
    with pytest.raises(PostingRefused, match="no new commitment may be entered now"):
        post_commitment(fund=funded, line_code="5201", amount=usd("100.00"),
                        value_date=date(2015, 4, 30), entered_on=date(2015, 5, 2), acting_user=None)
    # A historical import of the same record is judged by its value date alone.
    post_commitment(fund=funded, line_code="5201", amount=usd("100.00"),
                    value_date=date(2015, 4, 30), acting_user=None)


@pytest.mark.django_db
def test_reversing_a_payment_reopens_what_it_liquidated(funded):
    commitment = post_commitment(fund=funded, line_code="1150", amount=usd("10000.00"),
                                 value_date=AUG, acting_user=None)
    payment = post_expenditure(fund=funded, line_code="1150", amount=usd("6000.00"),
                               value_date=AUG, commitment=commitment, acting_user=None)
    reverse_entry(entry=payment, value_date=date(2014, 9, 1), reason="Paid to wrong account",
                  acting_user=None)
    # Back to 10,000 open with its 100.00 reserve held; nothing spent on 1150.
    assert (line(funded, "1150").held, line(funded, "1150").spent) == (D("10100.00"),
                                                                       D("0.00"))
    post_expenditure(fund=funded, line_code="1150", amount=usd("10000.00"),
                     value_date=date(2014, 9, 2), commitment=commitment, acting_user=None)
    assert line(funded, "1150").held == D("0.00")
    assert ledger_differences(funded) == []


@pytest.mark.django_db
def test_after_the_end_a_payment_beyond_its_commitment_needs_an_orderly_conclusion(funded):
    from agreements.actions import NoticeDraft, record_notice
    from agreements.models import Party

    commitment = post_commitment(fund=funded, line_code="5201", amount=usd("1.00"),
                                 value_date=date(2015, 3, 1), acting_user=None)
    record_notice(agreement=funded.agreement, acting_user=None, draft=NoticeDraft(
        kind="termination", sender=Party.objects.get(kind="government"),
        recipient=Party.objects.get(kind="united_nations"), sent_on=date(2015, 3, 1),
        received_on=date(2015, 3, 2), delivery="diplomatic"), confirmed=True)
    with pytest.raises(PostingRefused, match="ended on 2015-05-01"):
        post_expenditure(fund=funded, line_code="5201", amount=usd("2000.00"),
                         value_date=date(2015, 6, 1), commitment=commitment, acting_user=None)
    entry = post_expenditure(fund=funded, line_code="5201", amount=usd("2000.00"),
                             value_date=date(2015, 6, 1), commitment=commitment,
                             orderly_conclusion="Final printing invoice, Art. 9", acting_user=None)
    assert entry.orderly_conclusion == "Final printing invoice, Art. 9"


@pytest.mark.django_db
@pytest.mark.parametrize(("value_date", "message"), [
    (date(2014, 8, 3), "before the agreement was signed"),
    # Today is frozen at 1 June 2026: a year and a day ahead is 2 June 2027.
    (date(2027, 6, 3), "more than a year ahead"),
])
@time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=UTC), tick=False)
def test_postings_dated_outside_the_agreement_are_refused(funded, value_date, message):
    with pytest.raises(PostingRefused, match=message):
        post_expenditure(fund=funded, line_code="5301", amount=usd("1.00"),
                         value_date=value_date, acting_user=None)
    # A year ahead (366 days, for the leap years) is still accepted.
    post_expenditure(fund=funded, line_code="5301", amount=usd("1.00"),
                     value_date=date(2027, 6, 2), acting_user=None)


@pytest.mark.django_db
def test_amounts_too_large_to_hold_are_refused_not_crashed(funded):
    with pytest.raises(ValidationError, match=r"at most 9,999,999,999\.99"):
        record_contribution(fund=funded, amount=usd("1E+30"), value_date=AUG, acting_user=None)
    for _ in range(99):
        record_contribution(fund=funded, amount=usd("9999999999.99"), value_date=AUG,
                            acting_user=None)
    with pytest.raises(ValidationError, match="total would pass"):
        record_contribution(fund=funded, amount=usd("9999999999.99"), value_date=AUG,
                            acting_user=None)


@pytest.mark.django_db
def test_a_payment_cannot_be_dated_before_its_commitment(funded):
    commitment = post_commitment(fund=funded, line_code="5201", amount=usd("100.00"),
                                 value_date=date(2014, 9, 10), acting_user=None)
    with pytest.raises(ValidationError, match="before the commitment it liquidates"):
        post_expenditure(fund=funded, line_code="5201", amount=usd("100.00"),
                         value_date=date(2014, 9, 9), commitment=commitment, acting_user=None)
