"""Database triggers that refuse UPDATE and DELETE on the audit log.

The model and queryset already refuse them; the triggers hold against raw SQL and other
programs with access to the database, so tampering needs a deliberate DDL change (which the
hash chain then still exposes).
"""

from __future__ import annotations

_SQL = {
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


def _execute(connection, kind: str) -> None:
    with connection.cursor() as cursor:
        for statement in _SQL.get(connection.vendor, {}).get(kind, []):
            cursor.execute(statement)


def install(connection) -> None:
    _execute(connection, "install")


def drop(connection) -> None:
    _execute(connection, "drop")
