from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.commands import acting_user_named, add_acting_user_argument
from budget.definition import DefinitionError, load_fund


class Command(BaseCommand):
    help = "Load a fund definition file (agreement, parties, notices, rates, Annex B budget)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="the fund definition (YAML)")
        add_acting_user_argument(parser)

    def handle(self, *args, path: Path, user: str, **options) -> None:
        try:
            result = load_fund(path, acting_user=acting_user_named(user))
        except DefinitionError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        agreement = result.agreement
        if result.created:
            self.stdout.write(self.style.SUCCESS(
                f"Loaded fund {agreement.reference}: {agreement.title}"))
        else:
            self.stdout.write(f"Fund {agreement.reference} is already loaded; nothing changed.")
