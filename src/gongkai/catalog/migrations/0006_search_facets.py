"""The filters become terms of the full-text index (search/base.py, facets), so a filtered
search walks two posting lists instead of probing a record per match; on PostgreSQL the vectors
lose their positions, and the head's tokens (the ranking's) and the facets (a walk's first
check) get columns of their own.

An existing index keeps its jieba tokens (no re-segmenting, which takes most of an hour for a
million records): SQLite copies them into a table with the new ``facets`` column, PostgreSQL
into a new table. Each converts whatever still has the old layout, an empty index included
(0002 creates the old one); an index that already has the new layout is left alone.

The layouts and the facet terms are frozen here as catalog/search had them when this migration
was written: a migration imports no live code, so it means the same thing forever."""

import datetime as dt

from django.db import migrations

CHUNK = 5000
FIELDS = ("agency_id", "category_id", "published_on", "doc_type", "validity")

SQLITE_TABLE = "catalog_fts"
SQLITE_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE} USING fts5("
    # "_" is a token character so a facet term stays one term; text tokens never contain it.
    "title, body, facets, tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\")"
)

POSTGRES_TABLE = "catalog_searchdoc"
POSTGRES_CREATE = [
    f"CREATE TABLE IF NOT EXISTS {POSTGRES_TABLE} ("
    # No foreign key: Django's test flush truncates catalog_record without CASCADE. Rows of
    # records that are not public are filtered out by the join, and records are never deleted.
    " record_id bigint PRIMARY KEY,"
    # No positions: matching needs none and the ranking reads ``head``. Without them a
    # record's vector is a few hundred bytes, read without decompressing when a search walks
    # the newest records one by one.
    " tsv tsvector NOT NULL,"
    " head text[] NOT NULL DEFAULT '{}',"
    # The facets again, checked before the vector when a search walks the newest records.
    " facets text[] NOT NULL DEFAULT '{}')",
    f"CREATE INDEX IF NOT EXISTS {POSTGRES_TABLE}_tsv ON {POSTGRES_TABLE} USING gin (tsv)",
    # A walk reads the facets from this index alone and visits only the rows that pass them.
    f"CREATE INDEX IF NOT EXISTS {POSTGRES_TABLE}_walk ON {POSTGRES_TABLE} (record_id) INCLUDE (facets)",
]


def _rows(cur, sql: str):
    """``sql`` selects the id first and takes the last id seen; yields chunks in id order."""
    last = 0
    while True:
        cur.execute(sql, [last, CHUNK])
        chunk = cur.fetchall()
        if not chunk:
            return
        yield chunk
        last = chunk[-1][0]


def _facets(row) -> str:
    """``row``: the FIELDS' values as a raw cursor returns them (SQLite gives dates as text);
    the terms as search.base.facet_tokens made them when this migration was written."""
    agency_id, category_id, published_on, doc_type, validity = row
    if isinstance(published_on, str):
        published_on = dt.date.fromisoformat(published_on)
    tokens = [f"_a{agency_id}"]
    if category_id:
        tokens.append(f"_c{category_id}")
    if published_on:
        tokens.append(f"_y{published_on.year}")
    if doc_type:
        tokens.append(f"_t{doc_type}")
    if validity:
        tokens.append(f"_v{validity}")
    return " ".join(tokens)


def sqlite_forward(connection, cur) -> None:
    table = SQLITE_TABLE
    cur.execute(f"PRAGMA table_info({table})")
    if "facets" in [row[1] for row in cur.fetchall()]:
        return
    fresh = f"{table}_next"
    cur.execute(SQLITE_CREATE.replace(table, fresh, 1))
    select = (
        f"SELECT f.rowid, f.title, f.body, {', '.join('r.' + c for c in FIELDS)}"
        f" FROM {table} f JOIN catalog_record r ON r.id = f.rowid"
        " WHERE f.rowid > %s ORDER BY f.rowid LIMIT %s"
    )
    with connection.cursor() as reader:
        for chunk in _rows(reader, select):
            cur.executemany(
                f"INSERT INTO {fresh}(rowid, title, body, facets) VALUES (%s, %s, %s, %s)",
                [(row[0], row[1], row[2], _facets(row[3:])) for row in chunk],
            )
    cur.execute(f"DROP TABLE {table}")
    cur.execute(f"ALTER TABLE {fresh} RENAME TO {table}")


def postgres_forward(cur) -> None:
    """A new table built in one statement and indexed once (a GIN index built in bulk is far
    quicker than a million row updates each re-inserting every lexeme), then swapped in.

    Whether to convert is read from the table's columns, never from its rows: an empty index in
    the old layout must be converted too, or every publish fails (``column "head" does not
    exist``). 0007 repairs the databases where an earlier copy of this migration skipped it."""
    table = POSTGRES_TABLE
    cur.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = %s",
        [table],
    )
    if "head" in {row[0] for row in cur.fetchall()}:
        return
    cur.execute("CREATE TEMPORARY TABLE facets_0006 (id bigint PRIMARY KEY, facets text)")
    select = (
        f"SELECT r.id, {', '.join('r.' + c for c in FIELDS)} FROM catalog_record r"
        f" JOIN {table} s ON s.record_id = r.id WHERE r.id > %s ORDER BY r.id LIMIT %s"
    )
    for chunk in _rows(cur, select):
        cur.execute(
            "INSERT INTO facets_0006 SELECT * FROM unnest(%s::bigint[], %s::text[])",
            [[row[0] for row in chunk], [_facets(row[1:]) for row in chunk]],
        )
    cur.execute(f"ALTER TABLE {table} RENAME TO {table}_0005")
    cur.execute(f"ALTER INDEX {table}_tsv RENAME TO {table}_0005_tsv")
    cur.execute(f"ALTER INDEX {table}_pkey RENAME TO {table}_0005_pkey")
    create_table, *indexes = POSTGRES_CREATE
    cur.execute(create_table)
    # The old vectors had positions, the head's weighing A: the head's tokens in order are
    # the A positions sorted; the new vector keeps the lexemes only (strip) and the facets.
    cur.execute(
        f"INSERT INTO {table} (record_id, tsv, head, facets) SELECT s.record_id,"
        " strip(s.tsv) || coalesce(f.facets, '')::tsvector,"
        " coalesce((SELECT array_agg(u.lexeme ORDER BY p.at) FROM unnest(s.tsv) AS u,"
        " unnest(u.positions, u.weights) AS p(at, weight) WHERE p.weight = 'A'), '{}'),"
        " string_to_array(coalesce(f.facets, ''), ' ', '')"
        f" FROM {table}_0005 s LEFT JOIN facets_0006 f ON f.id = s.record_id"
    )
    for statement in indexes:
        cur.execute(statement)
    cur.execute(f"DROP TABLE {table}_0005")
    cur.execute("DROP TABLE facets_0006")


def forward(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            sqlite_forward(connection, cur)
        elif connection.vendor == "postgresql":
            postgres_forward(cur)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_list_by_day")]

    # Backwards: the facets are harmless to older code (never queried), so nothing to undo.
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
