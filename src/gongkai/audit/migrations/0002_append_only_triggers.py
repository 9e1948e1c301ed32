"""Database triggers that refuse UPDATE, DELETE (and on PostgreSQL TRUNCATE) on the audit log.

The statements are frozen here as gongkai.audit.triggers had them when this migration was
written (tests lift and restore the triggers through that module): a migration imports no live
code, so it means the same thing forever."""

from django.db import migrations

SQL = {
    "sqlite": {
        "install": [
            """CREATE TRIGGER IF NOT EXISTS audit_entry_no_update
               BEFORE UPDATE ON audit_auditentry
               BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;""",
            """CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete
               BEFORE DELETE ON audit_auditentry
               BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;""",
        ],
        "drop": [
            "DROP TRIGGER IF EXISTS audit_entry_no_update;",
            "DROP TRIGGER IF EXISTS audit_entry_no_delete;",
        ],
    },
    "postgresql": {
        "install": [
            """CREATE OR REPLACE FUNCTION audit_entry_refuse() RETURNS trigger AS $$
               BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$ LANGUAGE plpgsql;""",
            """CREATE OR REPLACE TRIGGER audit_entry_no_change
               BEFORE UPDATE OR DELETE ON audit_auditentry
               FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse();""",
            """CREATE OR REPLACE TRIGGER audit_entry_no_truncate
               BEFORE TRUNCATE ON audit_auditentry
               FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse();""",
        ],
        "drop": [
            "DROP TRIGGER IF EXISTS audit_entry_no_change ON audit_auditentry;",
            "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;",
        ],
    },
}


def _run(kind):
    def run(apps, schema_editor):
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            for statement in SQL.get(connection.vendor, {}).get(kind, []):
                cursor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(_run("install"), _run("drop"))]
