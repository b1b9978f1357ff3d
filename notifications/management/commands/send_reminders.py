from datetime import date

from django.core.management.base import BaseCommand, CommandError

from agreements.dates import portal_today
from notifications.reminders import send_reminders


class Command(BaseCommand):
    help = ("Write each person's daily mail: reminders of reports falling due and visas "
            "overdue, and the notifications they asked for as a digest. Run once a day "
            "(cron or deploy/trustfund-daily.timer); a second run the same day sends nothing.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--today", help="the day to remind as of (YYYY-MM-DD); default "
                                            "today in the portal's time zone")

    def handle(self, *args, today: str | None, **options) -> None:
        try:
            day = date.fromisoformat(today) if today else portal_today()
        except ValueError as error:
            raise CommandError(f"--today: {error}") from error
        written = send_reminders(day)
        self.stdout.write(f"{len(written)} daily messages written to the outbox for {day}.")
