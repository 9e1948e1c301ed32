"""The chain is keyed from here on (chain_version 2); earlier entries keep version 1.

The switch-over point is anchored outside the database after the migration (audit's
post_migrate handler: a migration imports no live code), so the entries written the old way
cannot later be extended or re-chained the old way unnoticed. SQLite rebuilds the table to add a
column, so the append-only triggers (frozen here as 0002 wrote them) are lifted and put back.
"""

from django.db import migrations, models

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


lift_triggers, restore_triggers = _run("drop"), _run("install")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        migrations.RunPython(lift_triggers, restore_triggers),
        migrations.AddField(
            model_name="auditentry",
            name="chain_version",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="链版本"),
        ),
        migrations.RunPython(restore_triggers, lift_triggers),
        migrations.CreateModel(
            name="Verification",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(auto_now_add=True, verbose_name="校验时间")),
                ("ok", models.BooleanField(verbose_name="完好")),
                ("entries", models.BigIntegerField(verbose_name="记录条数")),
                (
                    "anchored",
                    models.BigIntegerField(blank=True, null=True, verbose_name="锚定条数"),
                ),
                (
                    "problems",
                    models.JSONField(blank=True, default=list, verbose_name="发现的问题"),
                ),
                ("by", models.CharField(max_length=150, verbose_name="校验人")),
            ],
            options={
                "verbose_name": "审计日志校验",
                "verbose_name_plural": "审计日志校验",
                "ordering": ["-at", "-id"],
                "default_permissions": ("view",),
            },
        ),
    ]
