from django.core.management.base import BaseCommand, CommandError

from budget.models import Fund
from budget.verification import ledger_differences


class Command(BaseCommand):
    help = ("Recompute every running balance, charge and monthly total from the entries; fail "
            "on a difference. Reads one consistent snapshot and takes no lock, so postings "
            "go on while it runs.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--fund", help="a project number; all funds when omitted")

    def handle(self, *args, fund: str | None = None, **options) -> None:
        funds = Fund.objects.all() if fund is None else Fund.objects.filter(project_number=fund)
        if fund is not None and not funds.exists():
            raise CommandError(f"No fund {fund!r}.")
        failed = False
        for each in funds.order_by("project_number"):
            differences = ledger_differences(each)
            if differences:
                failed = True
                self.stderr.write(f"{each.project_number}: {len(differences)} difference(s)")
                for difference in differences:
                    self.stderr.write(f"  {difference}")
            else:
                self.stdout.write(f"{each.project_number}: every balance and charge agrees "
                                  f"with the entries.")
        if failed:
            raise CommandError("The ledger does not agree with its entries.")
