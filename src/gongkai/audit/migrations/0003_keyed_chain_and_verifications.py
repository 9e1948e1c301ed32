"""The chain is keyed from here on (chain_version 2); earlier entries keep version 1.

The switch-over point is anchored outside the database as the migration runs, so the entries
written the old way cannot later be extended or re-chained the old way unnoticed. SQLite
rebuilds the table to add a column, so the append-only triggers are lifted and put back.
"""

from django.db import migrations, models

from gongkai.audit import triggers


def lift_triggers(apps, schema_editor):
    triggers.drop(schema_editor.connection)


def restore_triggers(apps, schema_editor):
    triggers.install(schema_editor.connection)


def anchor_the_old_chain(apps, schema_editor):
    from gongkai.audit import anchor

    entry = (
        apps.get_model("audit", "AuditEntry")
        .objects.using(schema_editor.connection.alias)
        .order_by("-seq")
        .first()
    )
    if entry is not None:
        anchor.append(entry.seq, entry.hash)


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
        migrations.RunPython(anchor_the_old_chain, migrations.RunPython.noop),
        migrations.CreateModel(
            name="Verification",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False)),
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
