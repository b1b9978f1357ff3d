from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from budget.rates import import_exchange_rates


class Command(BaseCommand):
    help = ("Import UN operational rates of exchange from a CSV (currency, valid_from, "
            "units_per_usd): all rows or none.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        try:
            created = import_exchange_rates(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        except ValidationError as error:
            raise CommandError("Nothing was imported.\n" + "\n".join(error.messages)) from error
        self.stdout.write(f"{created} new rate(s) recorded.")
