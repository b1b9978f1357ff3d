"""`manage.py migrate` as the owner role: the portal itself connects as a runtime role that
may read and write rows but not change tables (deploy/roles.sql); migrations, which do, run
through the `owner` connection when MIGRATION_DATABASE_URL configures one
(docs/operations.md#database-roles)."""

from django.conf import settings
from django.core.management.commands.migrate import Command as MigrateCommand

OWNER = "owner"


class Command(MigrateCommand):
    def handle(self, *args, **options):
        if OWNER in settings.DATABASES and options.get("database") in (None, "default"):
            options["database"] = OWNER
        return super().handle(*args, **options)
