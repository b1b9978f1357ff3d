from django.core.management.base import BaseCommand

from webhooks.delivery import deliver_due, next_attempt


class Command(BaseCommand):
    help = ("Attempt the webhook deliveries due now, in this process: what a crashed worker "
            "left queued. The worker does the same after each act and books its own "
            "retries; run this from a timer beside deliver_mail as a safety net.")

    def handle(self, *args, **options) -> None:
        taken = deliver_due()
        later = next_attempt()
        self.stdout.write(f"{taken} webhook deliveries attempted"
                          + (f"; next attempt at {later:%Y-%m-%d %H:%M} UTC." if later
                             else "."))
