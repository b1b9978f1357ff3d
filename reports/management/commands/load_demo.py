from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from agreements.demo import create_demo_accounts
from budget.demo import apply_demo_revision
from budget.models import Fund
from reports.demo import issue_demo_reports


class Command(BaseCommand):
    help = ("Demo data on a loaded fund (DEBUG only): one user per role, printed with their "
            "passwords, the demo budget revision and the issued 2014 statement and budget "
            "analysis.")

    def add_arguments(self, parser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--fund", help="the project number")
        group.add_argument("--users", action="store_true",
                           help="only the demo users, before any fund is loaded")

    def handle(self, *args, fund: str | None, users: bool, **options) -> None:
        if not settings.TRUSTFUND_DEMO:
            raise CommandError("Demo data is made only with DEBUG=true; nothing was created.")
        if users:
            create_demo_accounts(agreement=None)
            return
        target = Fund.objects.filter(project_number=fund).select_related("agreement").first()
        if target is None:
            raise CommandError(f"No fund {fund!r}; load it first with load_fund.")
        accounts = create_demo_accounts(agreement=target.agreement)
        if apply_demo_revision(fund=target):
            self.stdout.write("Demo budget revision approved (version 2).")
        for report in issue_demo_reports(fund=target):
            self.stdout.write(f"Issued {report} (SHA-256 {report.sha256}).")
        self.stdout.write(f"Demo users on {fund} (demo data only):")
        for account in accounts:
            self.stdout.write(
                f"  {account.username:<12} {account.password:<18} {account.description}")
