"""The records the portal promises never to change are kept so by the database itself
(docs/ledger-integrity.md#records-kept-as-recorded): on PostgreSQL, triggers refuse UPDATE
and DELETE of issued reports, closed years, dispositions, imports, budget versions and their
lines, audit events and every change-history table, whoever sends them; a recorded notice
may only have its receipt, its withdrawal or its correction filled in, once; a revision or
a correction of a notice, once decided, is final. TRUNCATE (test isolation) is not a row
operation; the runtime role may not TRUNCATE (deploy/roles.sql). The SQLite demo relies on
the actions alone."""

from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION trustfund_kept_as_recorded() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is kept as recorded: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

-- Only the columns named as arguments may change, and each only once: from empty to a value.
CREATE OR REPLACE FUNCTION trustfund_filled_once() RETURNS trigger AS $$
DECLARE
    once text[] := TG_ARGV;
    name text;
    before jsonb := to_jsonb(OLD);
    after jsonb := to_jsonb(NEW);
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '% is kept as recorded: DELETE refused', TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (before - once) IS DISTINCT FROM (after - once) THEN
        RAISE EXCEPTION '% is kept as recorded: only % may be filled in', TG_TABLE_NAME,
            array_to_string(once, ', ') USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    FOREACH name IN ARRAY once LOOP
        IF (before ->> name) IS DISTINCT FROM (after ->> name)
                AND coalesce(before ->> name, '') <> '' THEN
            RAISE EXCEPTION '%.% is already recorded', TG_TABLE_NAME, name
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END LOOP;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- A decision is final: the row may change while its status (argument 1) is still the open
-- one (argument 2), never after; it is never deleted.
CREATE OR REPLACE FUNCTION trustfund_final_once_decided() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (to_jsonb(OLD) ->> TG_ARGV[0]) <> TG_ARGV[1] THEN
        RAISE EXCEPTION '% is decided and kept as recorded: % refused', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

KEPT = ["reports_issuedreport", "budget_closedyear", "budget_disposition",
        "budget_ledgerimport", "budget_budgetversion", "budget_budgetline",
        "budget_budgetgroup", "audit_auditevent"]
FILLED_ONCE = {
    "agreements_notice": ["received_on", "receipt_scan", "receipt_recorded_by_id",
                          "withdrawn_on", "withdrawal_reason", "corrected_on"],
    "budget_asset": ["transferred_on", "transfer_letter_id"],
}
DECIDED = {"budget_revision": ("status", "proposed"),
           "agreements_noticecorrection": ("status", "proposed")}


def _trigger(table: str, function: str, arguments: list[str] = ()) -> str:
    quoted = ", ".join(f"'{argument}'" for argument in arguments)
    return (f'CREATE TRIGGER "{table}_kept" BEFORE UPDATE OR DELETE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION {function}({quoted});")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    statements = [FUNCTIONS]
    statements += [_trigger(table, "trustfund_kept_as_recorded") for table in KEPT]
    statements += [_trigger(table, "trustfund_filled_once", columns)
                   for table, columns in FILLED_ONCE.items()]
    statements += [_trigger(table, "trustfund_final_once_decided", list(arguments))
                   for table, arguments in DECIDED.items()]
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                       "AND tablename LIKE %s ORDER BY tablename", ["%historical%"])
        history = [name for (name,) in cursor.fetchall()]
    statements += [_trigger(table, "trustfund_kept_as_recorded") for table in history]
    for statement in statements:
        # params=None: the % of RAISE are not query placeholders.
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT event_object_table FROM information_schema.triggers "
                       "WHERE trigger_name LIKE %s", ["%\\_kept"])
        for (table,) in set(cursor.fetchall()):
            cursor.execute(f'DROP TRIGGER IF EXISTS "{table}_kept" ON "{table}"')
    for function in ("trustfund_kept_as_recorded", "trustfund_filled_once",
                     "trustfund_final_once_decided"):
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}()", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("accounts", "0001_initial"),
        ("agreements", "0001_initial"),
        ("budget", "0001_initial"),
        ("forum", "0001_initial"),
        ("reports", "0001_initial"),
        ("api", "0001_initial"),
    ]
    operations = [migrations.RunPython(create, drop)]
