from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupFailed, make_backup


class Command(BaseCommand):
    help = ("Back up the database (pg_dump, custom format) and the uploaded files into a new "
            "folder under TARGET; see docs/operations.md#backups for the restore.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("target", type=Path, help="the folder that receives the backup")

    def handle(self, *args, target: Path, **options) -> None:
        try:
            backup = make_backup(target)
        except (BackupFailed, OSError) as error:
            raise CommandError(f"No backup was made: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Backup in {backup.folder}"))
