"""Regenerate one initial migration per app (before 1.0 only: no production database may
hold the old history) and put back what `makemigrations` cannot write: the PostgreSQL
trigger that keeps ledger entries append-only (docs/ledger-integrity.md#append-only-entries).

    DEBUG=true .venv/bin/python scripts/squash-migrations.py
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["accounts", "audit", "agreements", "budget", "forum", "reports", "api"]

TRIGGER = '''

# Ledger entries are append-only in the database itself: on PostgreSQL a trigger refuses
# UPDATE and DELETE of an entry, whoever sends them. TRUNCATE (test isolation) stays allowed;
# production restricts it through the role the portal connects as. The SQLite demo relies on
# the ORM's refusal alone. See docs/ledger-integrity.md#append-only-entries.
APPEND_ONLY = """
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
DROP_APPEND_ONLY = """
DROP TRIGGER IF EXISTS budget_entry_append_only ON budget_entry;
DROP FUNCTION IF EXISTS budget_entry_append_only();
"""


def create_append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # params=None: the % of RAISE are not query placeholders.
        schema_editor.execute(APPEND_ONLY, params=None)


def drop_append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_APPEND_ONLY, params=None)


Migration.operations.append(migrations.RunPython(create_append_only, drop_append_only))
'''


def main() -> None:
    later = [path for app in APPS for path in (ROOT / app / "migrations").glob("0*.py")
             if not path.name.startswith("0001_")]
    if later:
        # Past the squash, migrations only add: a database may already hold them.
        sys.exit(f"Migrations were added after the squash ({later[0].name}...); make new "
                 "ones with makemigrations instead.")
    for app in APPS:
        for path in (ROOT / app / "migrations").glob("0*.py"):
            path.unlink()
    env = {**os.environ, "DEBUG": "true"}
    subprocess.run([sys.executable, "manage.py", "makemigrations", *APPS], cwd=ROOT, env=env,  # noqa: S603
                   check=True)
    initial = ROOT / "budget" / "migrations" / "0001_initial.py"
    initial.write_text(initial.read_text() + TRIGGER)


if __name__ == "__main__":
    main()
