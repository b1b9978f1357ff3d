"""The portal connects as a runtime role that reads and writes rows and nothing more, and the
records it promises never to change are refused to it, by SQL, whoever asks
(docs/operations.md#database-roles, docs/ledger-integrity.md#records-kept-as-recorded). The
test suite itself runs as that role."""

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction

from agreements.actions import NoticeDraft, record_notice
from agreements.models import Party
from reports.issuing import issue_report


def refused(sql: str, params: list | None = None) -> str:
    """Run `sql` as the runtime role; return PostgreSQL's refusal (the test fails if none)."""
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(error.value)


def accepted(sql: str, params: list | None = None) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@pytest.mark.django_db
def test_the_portal_connects_as_a_role_that_cannot_change_the_tables(seed):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == ("trustfund", False)
    assert "permission denied" in refused("TRUNCATE budget_entry CASCADE")
    assert "permission denied" in refused("SET session_replication_role = replica")
    assert "must be owner" in refused("ALTER TABLE budget_entry DISABLE TRIGGER ALL")
    assert "must be owner" in refused("DROP TRIGGER budget_entry_append_only ON budget_entry")
    assert "permission denied" in refused("CREATE TABLE mischief (id int)")


@pytest.fixture
def issued(demo_fund, make_user):
    from agreements.models import Membership

    finance = make_user("finance9", agreement=demo_fund.agreement,
                        role=Membership.Role.DESA_FINANCE)
    return issue_report(fund=demo_fund, kind="statement", year=2014, acting_user=finance,
                        confirmed=True)


@pytest.mark.django_db
def test_an_issued_report_and_its_closed_year_cannot_be_changed_by_sql(issued):
    # A forged 40-byte file with its own hash: refused, so verification still finds the
    # issued one.
    message = refused("UPDATE reports_issuedreport SET pdf = %s, sha256 = %s WHERE id = %s",
                      [b"%PDF-1.4 forged" + b"x" * 25, "0" * 64, issued.pk])
    assert "reports_issuedreport is kept as recorded: UPDATE refused" in message
    assert "DELETE refused" in refused("DELETE FROM reports_issuedreport")
    assert "budget_closedyear is kept as recorded: DELETE refused" in refused(
        "DELETE FROM budget_closedyear")
    assert "UPDATE refused" in refused("UPDATE budget_closedyear SET year = 2099")
    assert "audit_auditevent is kept as recorded" in refused("DELETE FROM audit_auditevent")
    assert "budget_budgetline is kept as recorded" in refused(
        "UPDATE budget_budgetline SET amount = amount + 1")


@pytest.mark.django_db
def test_change_history_cannot_be_rewritten(issued):
    for table in ("agreements_historicalnotice", "budget_historicalrevision",
                  "accounts_historicaluser", "forum_historicalparticipant"):
        assert f"{table} is kept as recorded" in refused(f"DELETE FROM {table}")  # noqa: S608
        assert "UPDATE refused" in refused(
            f"UPDATE {table} SET history_date = now()")  # noqa: S608


@pytest.mark.django_db
def test_a_recorded_notice_only_gets_its_receipt_once(seed):
    pending = record_notice(agreement=seed, acting_user=None, draft=NoticeDraft(
        kind="letter", sender=Party.objects.get(kind="united_nations"),
        recipient=Party.objects.get(kind="government"), sent_on=date(2015, 2, 1),
        received_on=None, delivery="mail", reference="DESA/15/7"))
    assert "only received_on" in refused(
        "UPDATE agreements_notice SET kind = 'termination' WHERE id = %s", [pending.pk])
    assert "DELETE refused" in refused("DELETE FROM agreements_notice WHERE id = %s",
                                       [pending.pk])
    assert accepted("UPDATE agreements_notice SET received_on = '2015-02-05' WHERE id = %s",
                    [pending.pk]) == 1
    assert "received_on is already recorded" in refused(
        "UPDATE agreements_notice SET received_on = '2015-02-06' WHERE id = %s", [pending.pk])


@pytest.mark.django_db
def test_a_decided_revision_is_final(demo_fund):
    revision = demo_fund.revisions.get()  # the demo's, approved
    assert "decided and kept as recorded" in refused(
        "UPDATE budget_revision SET reason = 'rewritten' WHERE id = %s", [revision.pk])
    assert "DELETE refused" in refused("DELETE FROM budget_revision")
