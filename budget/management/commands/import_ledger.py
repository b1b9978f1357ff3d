import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from accounts.commands import acting_user_named, add_acting_user_argument
from budget.ledger_import import ImportRefused, Progress, import_ledger
from budget.models import Fund

STEPS = {"check": "checking rows", "write": "writing entries"}


class ProgressBars:
    """A tqdm bar per step of the import (checking rows, writing entries), on the terminal's
    standard error; nothing when it is not a terminal (logs, cron, tests)."""

    def __init__(self) -> None:
        self.bar: tqdm | None = None
        self.step = ""

    def __call__(self, step: str, done: int, of: int) -> None:
        if step != self.step:
            self.close()
            self.step = step
            self.bar = tqdm(total=of, desc=STEPS.get(step, step), unit="row",
                            unit_scale=True, file=sys.stderr)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


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
        bars = ProgressBars() if sys.stderr.isatty() and options["verbosity"] > 0 else None
        progress: Progress | None = bars
        try:
            result = import_ledger(fund=target, content=content, file_name=path.name,
                                   acting_user=acting_user, progress=progress)
        except ImportRefused as refusal:
            raise CommandError("Nothing was imported.\n" + "\n".join(refusal.errors)) from None
        finally:
            if bars is not None:
                bars.close()
        if result.already_imported:
            self.stdout.write(f"{path.name} is already imported into {fund}; nothing changed.")
        else:
            self.stdout.write(self.style.SUCCESS(
                f"Posted {result.rows} row(s) to {fund}: {result.entries} entries."))
