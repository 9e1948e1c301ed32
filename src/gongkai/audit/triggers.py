"""Database triggers that refuse UPDATE and DELETE on the audit log.

The model and queryset already refuse them; the triggers hold against raw SQL and other
programs with access to the database, so tampering needs a deliberate DDL change (which the
keyed chain and the anchor then still expose). On PostgreSQL the owner of a table may disable
its triggers, so ``harden_postgres_sql`` hands the audit tables to a second role and leaves the
application only SELECT and INSERT.
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


AUDIT_TABLES = ("audit_auditentry", "audit_chainhead")


def harden_postgres_sql(*, owner: str, app_role: str) -> str:
    """SQL (for a superuser to run) after which ``app_role`` cannot change or remove entries,
    nor disable the triggers: only the owner can, and the application never logs in as it."""
    entries, head = AUDIT_TABLES
    return f"""-- 以数据库超级用户（或审计表现在的属主）执行，例如：psql -v ON_ERROR_STOP=1 -f 本文件
-- 如 {owner} 角色尚不存在，先执行：CREATE ROLE {owner} NOLOGIN;
BEGIN;
ALTER TABLE {entries} OWNER TO {owner};
ALTER TABLE {head} OWNER TO {owner};
ALTER FUNCTION audit_entry_refuse() OWNER TO {owner};
REVOKE ALL ON {entries}, {head} FROM PUBLIC;
REVOKE ALL ON {entries}, {head} FROM {app_role};
-- 应用只能读取和追加审计记录；链头那一行随每次追加更新。
GRANT SELECT, INSERT ON {entries} TO {app_role};
GRANT SELECT, INSERT, UPDATE ON {head} TO {app_role};
COMMIT;
-- 以后若升级含有 audit 应用的数据库迁移，请以 {owner}（或超级用户）执行 gongkai migrate。"""
