"""Ledger entries are append-only in the database itself: on PostgreSQL a trigger refuses
UPDATE and DELETE of an entry, whoever sends them. TRUNCATE (test isolation) stays allowed;
production restricts it through the role the portal connects as (RULINGS 22)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION budget_entry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries are append-only: % refused on entry %, post a reversal',
        TG_OP, OLD.id USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER budget_entry_append_only
    BEFORE UPDATE OR DELETE ON budget_entry
    FOR EACH ROW EXECUTE FUNCTION budget_entry_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS budget_entry_append_only ON budget_entry;
DROP FUNCTION IF EXISTS budget_entry_append_only();
"""
SQLITE_CREATE = [
    """CREATE TRIGGER budget_entry_no_update BEFORE UPDATE ON budget_entry
       BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: post a reversal'); END;""",
    """CREATE TRIGGER budget_entry_no_delete BEFORE DELETE ON budget_entry
       BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: post a reversal'); END;""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS budget_entry_no_update;",
               "DROP TRIGGER IF EXISTS budget_entry_no_delete;"]


def create(apps, schema_editor):
    statements = [CREATE] if schema_editor.connection.vendor == "postgresql" else SQLITE_CREATE
    for sql in statements:
        schema_editor.execute(sql, params=None)


def drop(apps, schema_editor):
    statements = [DROP] if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP
    for sql in statements:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("budget", "0002_ledger")]
    operations = [migrations.RunPython(create, drop)]
