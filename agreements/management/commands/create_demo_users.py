from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from agreements.demo import create_demo_accounts
from agreements.models import Agreement


class Command(BaseCommand):
    help = "Create one demo user per role on a fund and print their credentials (DEBUG only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--fund", required=True, help="the fund's slug, e.g. int-14-x46-a")

    def handle(self, *args, fund: str, **options) -> None:
        if not settings.TRUSTFUND_DEMO:
            raise CommandError("Demo users are made only with DEBUG=true; none were created.")
        agreement = Agreement.objects.filter(slug=fund).first()
        if agreement is None:
            raise CommandError(f"No fund {fund!r}; load it first with load_fund.")
        accounts = create_demo_accounts(agreement=agreement)
        self.stdout.write(f"Demo users on {agreement.reference} (demo data only):")
        for account in accounts:
            self.stdout.write(
                f"  {account.username:<12} {account.password:<18} {account.description}")
