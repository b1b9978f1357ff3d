from django.core.management.base import BaseCommand

from notifications.delivery import deliver_due_messages, next_attempt, requeue_failed


class Command(BaseCommand):
    help = ("Send the outbox's due messages now, in this process: what a crash or an "
            "unreachable mail server left queued. The worker does the same after each act; "
            "run this from a timer as a safety net (deploy/trustfund-mail.timer). "
            "--retry-failed first gives messages that failed for good a new round.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--retry-failed", action="store_true",
                            help="queue the failed messages again (after fixing the cause)")

    def handle(self, *args, retry_failed: bool, **options) -> None:
        if retry_failed:
            self.stdout.write(f"{requeue_failed()} failed messages queued again.")
        run = deliver_due_messages()
        later = next_attempt()
        self.stdout.write(
            f"{run.attempted} messages attempted"
            + ("; the mail server could not be reached" if run.interrupted else "")
            + (f"; next attempt at {later:%Y-%m-%d %H:%M} UTC." if later else "."))
