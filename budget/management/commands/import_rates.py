from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.commands import acting_user_named, add_acting_user_argument
from budget.import_files import ImportRefused
from budget.rates import import_exchange_rates


class Command(BaseCommand):
    help = ("Import UN operational rates of exchange from a CSV (currency, valid_from, "
            "units_per_usd): all rows or none.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        add_acting_user_argument(parser)

    def handle(self, *args, path: Path, user: str, **options) -> None:
        acting_user = acting_user_named(user)
        try:
            created = import_exchange_rates(content=path.read_bytes(), file_name=path.name,
                                            acting_user=acting_user)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        except ImportRefused as refusal:
            raise CommandError("Nothing was imported.\n" + "\n".join(refusal.errors)) from None
        self.stdout.write(f"{created} new rate(s) recorded.")
