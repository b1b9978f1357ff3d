from datetime import timedelta

from django.core.management.base import BaseCommand

from accounts.commands import acting_user_named
from api.idempotency import purge_idempotency_keys


class Command(BaseCommand):
    help = "Remove Idempotency-Keys older than the retention period (at least 24 hours)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--hours", type=int, default=48)
        parser.add_argument("--user", metavar="USERNAME",
                            help="who runs it (a daily timer runs it as the system)")

    def handle(self, *args, hours: int, user: str | None, **options) -> None:
        deleted = purge_idempotency_keys(
            older_than=timedelta(hours=hours),
            acting_user=acting_user_named(user) if user else None)
        self.stdout.write(f"{deleted} key(s) older than {max(hours, 24)} hours removed.")
