"""Trigram indexes for the ledger's search of payee, reference and description
(docs/ledger-integrity.md#search), on PostgreSQL only: the demo's SQLite reads its small
ledger without them. pg_trgm is a trusted extension (PostgreSQL 13+): the owner role that
runs migrations, owner of the database, may create it. The indexes are built CONCURRENTLY
(outside a transaction), so that postings go on while a large ledger is indexed."""

from django.db import migrations

COLUMNS = ("payee", "reference", "description")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        # The expression Django's icontains compares: UPPER(column::text) LIKE UPPER(%s).
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY entry_{column}_trigram ON budget_entry "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS entry_{column}_trigram")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('budget', '0004_entry_recorded_index'),
    ]

    operations = [migrations.RunPython(create, drop)]
