"""The full-text index: an FTS5 table on SQLite, a tsvector table with a GIN index on
PostgreSQL. Raw SQL because neither is a Django field type on both databases.

The layout is frozen here as catalog/search had it when this migration was written (a migration
imports no live code, so it means the same thing forever): title and body on SQLite, vectors
with positions on PostgreSQL. 0006 converts it to the layout the search code reads today."""

from django.db import migrations

SQLITE_TABLE = "catalog_fts"
SQLITE_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE} USING fts5("
    'title, body, tokenize = "unicode61 remove_diacritics 0")'
)

POSTGRES_TABLE = "catalog_searchdoc"
POSTGRES_CREATE = [
    f"CREATE TABLE IF NOT EXISTS {POSTGRES_TABLE} ("
    # No foreign key: Django's test flush truncates catalog_record without CASCADE. Rows of
    # records that are not public are filtered out by the join, and records are never deleted.
    " record_id bigint PRIMARY KEY,"
    " tsv tsvector NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {POSTGRES_TABLE}_tsv ON {POSTGRES_TABLE} USING gin (tsv)",
]


def create(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            for statement in POSTGRES_CREATE:
                cur.execute(statement)
        elif connection.vendor == "sqlite":
            cur.execute(SQLITE_CREATE)


def drop(apps, schema_editor):
    connection = schema_editor.connection
    table = POSTGRES_TABLE if connection.vendor == "postgresql" else SQLITE_TABLE
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
