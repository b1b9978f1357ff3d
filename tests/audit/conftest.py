"""The audit trail's tests share one scripted day of work on the seed fund."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.test import Client

from agreements.actions import NoticeDraft, change_member_role, invite_member, record_notice
from agreements.models import Membership, Party
from budget.amounts import usd
from budget.posting import post_commitment
from budget.revisions import approve_revision, propose_revision
from reports.issuing import issue_report
from reports.receipts import acknowledge_report
from tests.conftest import PASSWORD, load_seed_files

Role = Membership.Role
DAY = datetime(2027, 2, 1, 8, 0, tzinfo=UTC)


def at(hour: int, minute: int) -> datetime:
    return DAY.replace(hour=hour, minute=minute)


def sign_in(username: str, password: str = PASSWORD) -> Client:
    client = Client()
    client.post("/accounts/login/", {"username": username, "password": password})
    return client


@pytest.fixture
def loaded_fund(seed):
    """The seed fund with its rates, 2014 ledger and forum, as `make run` loads them (without
    the demo's revision: the day's revision is the one to read)."""
    load_seed_files()
    return seed.fund


@pytest.fixture
def day(loaded_fund, make_user, letter):
    """The people of the seed fund, then one day of their work on it (1 February 2027)."""
    agreement = loaded_fund.agreement
    people = {name: make_user(name, agreement=agreement, role=role) for name, role in (
        ("finance1", Role.DESA_FINANCE), ("government", Role.GOVERNMENT),
        ("auditor", Role.AUDITOR), ("programme1", Role.DESA_PROGRAMME),
        ("programme2", Role.DESA_PROGRAMME))}
    Membership.objects.filter(user=people["finance1"]).update(administers=True)
    un, government = Party.objects.get(kind="united_nations"), Party.objects.get(
        kind="government")
    with time_machine.travel(at(8, 0), tick=False) as clock:
        sign_in("finance1")
        clock.move_to(at(8, 5))
        sign_in("government", "not the password")
        clock.move_to(at(8, 6))
        sign_in("government")
        clock.move_to(at(8, 10))
        post_commitment(fund=loaded_fund, line_code="5201", amount=usd("1200.00"),
                        value_date=date(2014, 10, 20), payee="Printing house",
                        acting_user=people["finance1"])
        clock.move_to(at(8, 20))
        record_notice(agreement=agreement, acting_user=people["government"], draft=NoticeDraft(
            kind="letter", sender=government, recipient=un, sent_on=date(2014, 10, 15),
            received_on=None,
            delivery="mail", reference="MFA/2014/7", subject="Names of the delegation"))
        clock.move_to(at(8, 30))
        revision = propose_revision(
            fund=loaded_fund, new_amounts={"5201": Decimal("19000.00"), "5301": Decimal("5478.00")},
            reason="Publication costs higher", letter=letter, acting_user=people["programme1"])
        clock.move_to(at(8, 40))
        approve_revision(revision=revision, acting_user=people["finance1"],
                         today=date(2014, 10, 6))
        clock.move_to(at(9, 0))
        statement = issue_report(fund=loaded_fund, kind="statement", year=2014,
                                 acting_user=people["finance1"], confirmed=True)
        clock.move_to(at(9, 30))
        acknowledge_report(report=statement, acting_user=people["government"])
        clock.move_to(at(10, 0))
        invite_member(agreement=agreement, email="auditor2@example.org", role=Role.AUDITOR,
                      language="en", acting_user=people["finance1"])
        clock.move_to(at(10, 10))
        change_member_role(membership=Membership.objects.get(user=people["programme2"]),
                           role=Role.AUDITOR, administers=False,
                           acting_user=people["finance1"])
    return people


