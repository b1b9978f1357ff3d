from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.commands import acting_user_named, add_acting_user_argument
from budget.ledger_import import ImportRefused, import_ledger
from budget.models import Fund


class Command(BaseCommand):
    help = "Post a CSV of historical postings to a fund, all rows or none."

    def add_arguments(self, parser) -> None:
        parser.add_argument("fund", help="the project number, e.g. INT/14/X46/A")
        parser.add_argument("path", type=Path)
        add_acting_user_argument(parser)

    def handle(self, *args, fund: str, path: Path, user: str, **options) -> None:
        acting_user = acting_user_named(user)
        target = Fund.objects.filter(project_number=fund).first()
        if target is None:
            raise CommandError(f"No fund {fund!r}.")
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        try:
            result = import_ledger(fund=target, content=content, file_name=path.name,
                                   acting_user=acting_user)
        except ImportRefused as refusal:
            raise CommandError("Nothing was imported.\n" + "\n".join(refusal.errors)) from None
        if result.already_imported:
            self.stdout.write(f"{path.name} is already imported into {fund}; nothing changed.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Posted {result.rows} row(s) to {fund}."))
