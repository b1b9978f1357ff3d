from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from api.models import IdempotencyKey


class Command(BaseCommand):
    help = "Remove Idempotency-Keys older than the retention period (at least 24 hours)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--hours", type=int, default=48)

    def handle(self, *args, hours: int, **options) -> None:
        hours = max(hours, 24)
        cutoff = timezone.now() - timedelta(hours=hours)
        deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(f"{deleted} key(s) older than {hours} hours removed.")
