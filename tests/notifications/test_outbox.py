"""Mail goes through the outbox: written with the act, sent by the real worker to a real SMTP
server (aiosmtpd) started here, once, in the recipient's language; a mail server that is
down or a worker killed mid-send loses nothing and sends nothing twice."""

import time
from decimal import Decimal as D

import pytest
from django.test import Client

from accounts.models import User
from budget.models import Revision
from budget.revisions import propose_revision
from notifications.models import OutboxMessage
from tests.mail_server import MailServer, free_port, text_of
from tests.worker import run_command, run_queued_tasks, start_worker

Status = OutboxMessage.Status
NEW_AMOUNTS = {"5201": D("19000.00"), "5301": D("5478.00")}


def propose(seed, letter, proposer) -> Revision:
    return propose_revision(fund=seed.fund, new_amounts=NEW_AMOUNTS,
                            reason="Printing costs more than planned", letter=letter,
                            acting_user=proposer)


def revision_mail(server: MailServer):
    return [m for m in server.mailbox.messages if "budget revision" in m["Subject"]
            or "пересмотр" in m["Subject"].lower() or "қайта" in m["Subject"].lower()]


@pytest.mark.django_db(transaction=True)
def test_a_proposed_revision_reaches_each_other_approver_once_in_their_language(
        seed, people, letter):
    revision = propose(seed, letter, people.programme1)
    with MailServer() as server:
        run_queued_tasks(EMAIL_URL=server.url)
        run_command("deliver_mail", EMAIL_URL=server.url)  # a second run sends nothing again
    received = revision_mail(server)
    # The approvers are the fund's DESA officers except the proposer: finance (Kazakh),
    # finance2 (English), programme2 (Russian); never the Government, the auditor or another
    # fund's officer.
    assert sorted(m["To"] for m in received) == [
        "finance2@example.org", "finance@example.org", "programme2@example.org"]
    english = server.mailbox.to("finance2@example.org")[0]
    assert english["Subject"] == f"INT/14/X46/A: budget revision {revision.pk} awaits your " \
                                 "approval"
    body = text_of(english)
    assert "Line 5201: 18,000.00 to 19,000.00 USD" in body
    # PORTAL_URL: the first of ALLOWED_HOSTS over https (tests/environment.py).
    assert f"https://localhost/funds/int-14-x46-a/budget/revisions/{revision.pk}/" in body
    russian = next(m for m in received if m["To"] == "programme2@example.org")
    # (A long encoded subject is folded from its first word; mail programs trim the space.)
    assert russian["Subject"].strip() == (
        f"INT/14/X46/A: пересмотр бюджета № {revision.pk} ожидает вашего утверждения")
    assert russian["Content-Language"] == "ru"
    assert "18\xa0000,00" in text_of(russian)  # a no-break space groups thousands
    kazakh = next(m for m in received if m["To"] == "finance@example.org")
    assert kazakh["Content-Language"] == "kk"
    assert kazakh["Subject"].strip() == (
        f"INT/14/X46/A: № {revision.pk} бюджетті қайта қарау сіздің бекітуіңізді күтуде")
    assert OutboxMessage.objects.filter(event="revision_proposed", status=Status.SENT).count() == 3


@pytest.mark.django_db(transaction=True)
def test_with_the_mail_server_down_the_act_succeeds_and_the_mail_waits(seed, people, letter):
    nowhere = f"smtp://127.0.0.1:{free_port()}"  # nothing listens there
    revision = propose(seed, letter, people.programme1)
    run_queued_tasks(EMAIL_URL=nowhere)
    assert Revision.objects.get(pk=revision.pk).status == Revision.Status.PROPOSED
    waiting = OutboxMessage.objects.filter(event="revision_proposed")
    # The first message found the server down; the run stopped there, the others untried.
    assert sorted(waiting.values_list("status", "attempts")) == [
        (Status.QUEUED, 0), (Status.QUEUED, 0), (Status.QUEUED, 1)]
    assert "Connection refused" in waiting.get(attempts=1).last_error
    # A minute later (the first retry), the server is back: each message arrives once.
    waiting.update(next_attempt_at=waiting[0].created_at)
    with MailServer() as server:
        run_command("deliver_mail", EMAIL_URL=server.url)
        run_command("deliver_mail", EMAIL_URL=server.url)
    assert len(revision_mail(server)) == 3
    assert sorted(waiting.values_list("status", "attempts")) == [
        (Status.SENT, 1), (Status.SENT, 1), (Status.SENT, 2)]


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_sending_loses_nothing_and_sends_nothing_twice(
        seed, people, letter):
    propose(seed, letter, people.programme1)
    with MailServer() as server:
        server.mailbox.hold.set()  # the first sender is kept waiting at RCPT TO
        worker = start_worker(EMAIL_URL=server.url)
        try:
            assert server.mailbox.reached.wait(60), "the worker never reached the server"
            worker.kill()  # SIGKILL mid-send: no clean-up, no commit
            worker.wait(30)
        finally:
            if worker.poll() is None:
                worker.kill()
        server.mailbox.hold.clear()
        time.sleep(0.2)
        assert revision_mail(server) == []
        # Nothing was lost: still queued. The timer's run (or the next act) sends them.
        assert OutboxMessage.objects.filter(event="revision_proposed",
                                            status=Status.QUEUED).count() == 3
        run_command("deliver_mail", EMAIL_URL=server.url)
        run_command("deliver_mail", EMAIL_URL=server.url)
    assert sorted(m["To"] for m in revision_mail(server)) == [
        "finance2@example.org", "finance@example.org", "programme2@example.org"]


@pytest.mark.django_db(transaction=True)
def test_a_recipient_without_an_address_is_skipped_and_shown_to_administrators(
        seed, people, letter, make_user):
    people.finance2.email = ""
    people.finance2.save()
    propose(seed, letter, people.programme1)
    skipped = OutboxMessage.objects.get(event="revision_proposed", recipient=people.finance2)
    assert skipped.status == Status.SKIPPED
    with MailServer() as server:
        run_queued_tasks(EMAIL_URL=server.url)
    assert len(revision_mail(server)) == 2
    make_user("admin", superuser=True)
    admin = Client()
    admin.force_login(User.objects.get(username="admin"))
    page = admin.get("/").content.decode()
    assert "1 message could not be delivered" in page
    assert admin.get("/admin/notifications/outboxmessage/?status__in=skipped,failed"
                     ).status_code == 200
    # An officer sees nothing of it.
    officer = Client()
    officer.force_login(User.objects.get(username="finance"))
    assert "could not be delivered" not in officer.get("/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_address_no_server_takes_fails_at_once_and_holds_up_nobody(seed, people, letter):
    people.finance.email = "finance@example.org@elsewhere"  # typed wrong in the admin
    people.finance.save()
    propose(seed, letter, people.programme1)
    with MailServer() as server:
        run_queued_tasks(EMAIL_URL=server.url)
    assert sorted(m["To"] for m in revision_mail(server)) == [
        "finance2@example.org", "programme2@example.org"]
    failed = OutboxMessage.objects.get(event="revision_proposed", recipient=people.finance)
    assert (failed.status, failed.attempts) == (Status.FAILED, 1)
    assert failed.last_error.startswith("ValueError")
    # Once the address is corrected, an administrator gives it a new round.
    OutboxMessage.objects.filter(pk=failed.pk).update(to_address="finance@example.org")
    with MailServer() as server:
        log = run_command("deliver_mail", "--retry-failed", EMAIL_URL=server.url)
    assert "1 failed messages queued again" in log
    assert [m["To"] for m in revision_mail(server)] == ["finance@example.org"]
