from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from agreements.dates import portal_today
from agreements.demo import create_demo_accounts
from agreements.status import lifecycle_of
from budget.demo import apply_demo_revision
from budget.models import Fund
from budget.posting.periods import open_years
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
        self._say_open_years(target)
        self.stdout.write(f"Demo users on {fund} (demo data only):")
        for account in accounts:
            self.stdout.write(
                f"  {account.username:<12} {account.password:<18} {account.description}")

    def _say_open_years(self, fund: Fund) -> None:
        """Which years the demo's postings may be dated in, and what the agreement's end
        allows (docs/periods.md, docs/lifecycle.md#after-the-end)."""
        years = open_years(fund)
        closed = sorted(set(range(fund.agreement.signed_on.year, years[-1] + 1)) - set(years))
        self.stdout.write(
            f"Open for posting on {fund}: value dates in {_ranges(years)}"
            + (f" (closed: {_ranges(closed)})" if closed else "") + ".")
        ends_on = lifecycle_of(fund.agreement).ends_on
        if ends_on is not None and ends_on <= portal_today():
            self.stdout.write(
                f"  The agreement ended on {ends_on:%d %B %Y}: from then on only liquidations "
                "of earlier commitments, cancellations, reversals, receipts and expenditures "
                "marked 'orderly conclusion (Art. 9)' are posted.")


def _ranges(years: list[int]) -> str:
    """2014, 2016-2018 for [2014, 2016, 2017, 2018]."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs)
