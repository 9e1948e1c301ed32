"""The full-text index: an FTS5 table on SQLite, a tsvector table with a GIN index on
PostgreSQL. Raw SQL because neither is a Django field type on both databases."""

from django.db import migrations


def create(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            from gongkai.catalog.search.postgres import CREATE

            for statement in CREATE:
                cur.execute(statement)
        elif connection.vendor == "sqlite":
            from gongkai.catalog.search.sqlite import CREATE

            cur.execute(CREATE)


def drop(apps, schema_editor):
    connection = schema_editor.connection
    table = "catalog_searchdoc" if connection.vendor == "postgresql" else "catalog_fts"
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
