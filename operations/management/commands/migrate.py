"""`manage.py migrate` as the owner role: the portal itself connects as a runtime role that
may read and write rows but not change tables (deploy/roles.sql); migrations, which do, run
through the `owner` connection when MIGRATION_DATABASE_URL configures one
(docs/operations.md#database-roles)."""

from django.conf import settings
from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import DEFAULT_DB_ALIAS, connections

OWNER = "owner"


class Command(MigrateCommand):
    def handle(self, *args, **options):
        if OWNER not in settings.DATABASES or options.get("database") not in (
                None, DEFAULT_DB_ALIAS):
            return super().handle(*args, **options)
        options["database"] = OWNER
        # A data migration that writes through the default manager (third-party ones do,
        # e.g. django_tasks_db's) must also write as the owner, in the migration's own
        # transaction: the runtime role would wait on the owner's locks.
        runtime = connections[DEFAULT_DB_ALIAS]
        connections[DEFAULT_DB_ALIAS] = connections[OWNER]
        try:
            return super().handle(*args, **options)
        finally:
            connections[DEFAULT_DB_ALIAS] = runtime
