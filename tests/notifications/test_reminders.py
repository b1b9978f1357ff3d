"""`send_reminders`: a report is reminded 60, 30 and 7 days before its due date and on the
day; a visa or exit permit on the day it becomes overdue; each reminder once per person,
item and threshold, whatever the number of runs. Dates worked out by hand: the 2014 reports
are due on 30 June 2015 (Art. 5)."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.management import call_command

from budget.revisions import propose_revision
from notifications.models import OutboxMessage, ReminderSent
from notifications.preferences import save_preferences
from notifications.reminders import send_reminders
from tests.conftest import load_seed_files
from tests.mail_server import MailServer, text_of
from tests.notifications.test_outbox import NEW_AMOUNTS
from tests.worker import run_queued_tasks


def daily(username: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(event="daily", recipient__username=username)
                .order_by("pk"))


def reminded(username: str) -> list[tuple[str, int]]:
    return sorted(ReminderSent.objects.filter(recipient__username=username)
                  .values_list("item", "threshold"))


@pytest.mark.django_db
def test_each_threshold_is_reminded_once_however_often_the_command_runs(seed, people):
    fund = seed.fund.pk
    statement = f"report:{fund}:statement:2014"
    for day, thresholds in [
            (date(2015, 4, 30), []),            # 61 days before: nothing yet
            (date(2015, 5, 1), [60]),           # 60 days before
            (date(2015, 5, 1), [60]),           # the same day again: nothing new
            (date(2015, 5, 20), [60]),          # 41 days: the 60-day reminder was sent
            (date(2015, 5, 31), [30, 60]),      # 30 days
            (date(2015, 6, 23), [7, 30, 60]),   # 7 days
            (date(2015, 6, 30), [0, 7, 30, 60]),  # the due day
            (date(2015, 7, 15), [0, 7, 30, 60]),  # overdue: already reminded on the day
    ]:
        send_reminders(day)
        assert reminded("finance") == [(statement, t) for t in sorted(thresholds)], day
    # Four messages to the finance officer (one per threshold), each naming the statement.
    assert [m.subject for m in daily("finance2")] == ["Trust funds: 1 reminder"] * 4
    assert "(b) Annual financial statement for 2014 is due by 30 June 2015" in \
        daily("finance2")[0].body
    assert "(b) Annual financial statement for 2014 is overdue" not in daily("finance2")[0].body
    # The programme officers issue (a) and (c): two items per threshold.
    assert reminded("programme1") == sorted(
        (f"report:{fund}:{kind}:2014", t) for kind in ("progress", "budget_analysis")
        for t in (0, 7, 30, 60))
    # The Government and the auditor issue no report; another fund's officer hears nothing.
    assert daily("government") == daily("auditor") == daily("outsider") == []


@pytest.mark.django_db
def test_a_first_run_late_sends_only_the_nearest_threshold(seed, people):
    send_reminders(date(2015, 6, 25))  # 5 days before: the 7-day reminder, not 60 or 30
    assert reminded("finance") == [(f"report:{seed.fund.pk}:statement:2014", 7)]


@pytest.mark.django_db
def test_reminders_switched_off_are_not_sent(seed, people):
    save_preferences(user=people.finance, modes={"reminders": "off"}, acting_user=people.finance)
    send_reminders(date(2015, 5, 1))
    assert daily("finance") == [] and len(daily("finance2")) == 1


@pytest.mark.django_db
def test_visas_are_reminded_to_the_government_on_the_day_they_become_overdue(seed, people):
    load_seed_files()
    # tests/forum/test_forum_records: on 27 October 2014 eight visas were overdue; Merdan
    # Orazov's exit permit fell due that day (closing 30 October - 3) and is overdue on the
    # 28th; the visas are then "on arrival" (the forum opened).
    with time_machine.travel(datetime(2014, 10, 27, 9, tzinfo=UTC), tick=False):
        call_command("send_reminders", verbosity=0)
        call_command("send_reminders", verbosity=0)
    [first] = daily("government")
    assert first.language == "ru"
    for name in ("Rahim Hossain", "Bat-Erdene Ganbaatar", "Marie Joseph", "Minh Nguyen",
                 "Kwame Mensah", "Farid Ahmadi", "Leila Ben Salah", "Marco Bellini"):
        assert name in first.body
    assert "Merdan Orazov" not in first.body
    assert len(reminded("government")) == 8
    with time_machine.travel(datetime(2014, 10, 28, 9, tzinfo=UTC), tick=False):
        call_command("send_reminders", verbosity=0)
    second = daily("government")[1]
    assert "Merdan Orazov" in second.body and "Kwame Mensah" not in second.body
    assert len(reminded("government")) == 9
    # DESA's officers get no visa reminders (the Government issues visas).
    assert not any("visa:" in item for item, _t in ReminderSent.objects.exclude(
        recipient__username="government").values_list("item", "threshold"))


@pytest.mark.django_db(transaction=True)
def test_the_digest_and_the_reminders_arrive_in_one_mail(seed, people, letter):
    save_preferences(user=people.finance2, modes={"revision_proposed": "digest"},
                     acting_user=people.finance2)
    revision = propose_revision(fund=seed.fund, new_amounts=NEW_AMOUNTS, reason="Printing",
                                letter=letter, acting_user=people.programme1)
    send_reminders(date(2015, 5, 1))
    with MailServer() as server:
        run_queued_tasks(EMAIL_URL=server.url)
    [mail] = server.mailbox.to("finance2@example.org")  # held, then folded: one mail
    assert mail["Subject"] == "Trust funds: 1 reminder"
    text = text_of(mail)
    assert "(b) Annual financial statement for 2014 is due by 30 June 2015" in text
    assert f"== INT/14/X46/A: budget revision {revision.pk} awaits your approval ==" in text
    held = OutboxMessage.objects.get(event="revision_proposed", recipient=people.finance2)
    assert held.status == OutboxMessage.Status.FOLDED and held.digest.subject == mail["Subject"]
    # Those who chose "at once" had it at once, apart from their reminders.
    assert len(server.mailbox.to("programme2@example.org")) == 2
