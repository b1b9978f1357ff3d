"""`manage.py createcachetable` as the owner role, like `migrate` (the cache table is a
table)."""

from django.conf import settings
from django.core.management.commands.createcachetable import Command as CacheTableCommand

OWNER = "owner"


class Command(CacheTableCommand):
    def handle(self, *args, **options):
        if OWNER in settings.DATABASES and options.get("database") in (None, "default"):
            options["database"] = OWNER
        return super().handle(*args, **options)
