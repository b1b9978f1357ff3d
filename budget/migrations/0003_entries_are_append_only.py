"""Ledger entries are append-only in the database itself: on PostgreSQL (production and the
tests) a trigger refuses UPDATE and DELETE of an entry, whoever sends them. TRUNCATE (test
isolation) stays allowed; production restricts it through the role the portal connects as
(RULINGS 22). The SQLite demo relies on the ORM's refusal alone."""

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


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # params=None: the % of RAISE are not query placeholders.
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("budget", "0002_ledger")]
    operations = [migrations.RunPython(create, drop)]
