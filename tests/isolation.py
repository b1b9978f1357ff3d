"""Test isolation with the production roles (docs/testing.md#test-database): the suite runs
as the runtime role, which may not TRUNCATE; the tables are migrated, and emptied after each
transactional test, through the owner role, with a connection of its own (Django's test
guard lets a test touch only its own database aliases)."""

import psycopg2
from django.conf import settings
from django.test import TransactionTestCase

# Written once, read by every test: emptying them would only make the next test refill them.
KEPT = {"django_migrations", "django_content_type", "auth_permission"}


def truncate_as_owner() -> None:
    owner = settings.DATABASES["owner"]
    connection = psycopg2.connect(dbname=owner["NAME"], user=owner["USER"],
                                  host=owner["HOST"], port=owner["PORT"],
                                  password=owner.get("PASSWORD") or None)
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = sorted(name for (name,) in cursor.fetchall() if name not in KEPT)
            if tables:
                cursor.execute("TRUNCATE {} CASCADE".format(
                    ", ".join(f'"{name}"' for name in tables)))
    finally:
        connection.close()


def _fixture_teardown(self) -> None:
    truncate_as_owner()


def use_owner_for_flushes() -> None:
    TransactionTestCase._fixture_teardown = _fixture_teardown
