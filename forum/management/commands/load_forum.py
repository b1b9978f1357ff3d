from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.commands import acting_user_named, add_acting_user_argument
from budget.definition import DefinitionError
from forum.definition import load_forum


class Command(BaseCommand):
    help = "Load a forum definition (meetings, participants, visas, grants, activities)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        add_acting_user_argument(parser)

    def handle(self, *args, path: Path, user: str, **options) -> None:
        try:
            forum, created = load_forum(path, acting_user=acting_user_named(user))
        except DefinitionError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        if created:
            self.stdout.write(self.style.SUCCESS(f"Loaded {forum}."))
        else:
            self.stdout.write(f"{forum} is already loaded; nothing changed.")
