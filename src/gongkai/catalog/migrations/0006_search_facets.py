"""The filters become terms of the full-text index (search/base.py, facets), so a filtered
search walks two posting lists instead of probing a record per match; on PostgreSQL the vectors
lose their positions, and the head's tokens (the ranking's) and the facets (a walk's first
check) get columns of their own.

An existing index keeps its jieba tokens (no re-segmenting, which takes most of an hour for a
million records): SQLite copies them into a table with the new ``facets`` column, PostgreSQL
into a new table. A fresh database already has the new layout (0002)."""

from django.db import migrations

CHUNK = 5000
FIELDS = ("agency_id", "category_id", "published_on", "doc_type", "validity")


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
    """``row``: the FIELDS' values as a raw cursor returns them (SQLite gives dates as text)."""
    import datetime as dt

    from gongkai.catalog.search import facets_of

    values = dict(zip(FIELDS, row, strict=True))
    if isinstance(values["published_on"], str):
        values["published_on"] = dt.date.fromisoformat(values["published_on"])
    return " ".join(facets_of(values))


def sqlite_forward(connection, cur) -> None:
    from gongkai.catalog.search.sqlite import CREATE, TABLE

    cur.execute(f"PRAGMA table_info({TABLE})")
    if "facets" in [row[1] for row in cur.fetchall()]:
        return
    fresh = f"{TABLE}_next"
    cur.execute(CREATE.replace(TABLE, fresh, 1))
    select = (
        f"SELECT f.rowid, f.title, f.body, {', '.join('r.' + c for c in FIELDS)}"
        f" FROM {TABLE} f JOIN catalog_record r ON r.id = f.rowid"
        " WHERE f.rowid > %s ORDER BY f.rowid LIMIT %s"
    )
    with connection.cursor() as reader:
        for chunk in _rows(reader, select):
            cur.executemany(
                f"INSERT INTO {fresh}(rowid, title, body, facets) VALUES (%s, %s, %s, %s)",
                [(row[0], row[1], row[2], _facets(row[3:])) for row in chunk],
            )
    cur.execute(f"DROP TABLE {TABLE}")
    cur.execute(f"ALTER TABLE {fresh} RENAME TO {TABLE}")


def postgres_forward(cur) -> None:
    """A new table built in one statement and indexed once (a GIN index built in bulk is far
    quicker than a million row updates each re-inserting every lexeme), then swapped in."""
    from gongkai.catalog.search.postgres import CREATE, TABLE

    cur.execute(f"SELECT EXISTS (SELECT 1 FROM {TABLE})")
    if not cur.fetchone()[0]:
        return
    cur.execute("CREATE TEMPORARY TABLE facets_0006 (id bigint PRIMARY KEY, facets text)")
    select = (
        f"SELECT r.id, {', '.join('r.' + c for c in FIELDS)} FROM catalog_record r"
        f" JOIN {TABLE} s ON s.record_id = r.id WHERE r.id > %s ORDER BY r.id LIMIT %s"
    )
    for chunk in _rows(cur, select):
        cur.execute(
            "INSERT INTO facets_0006 SELECT * FROM unnest(%s::bigint[], %s::text[])",
            [[row[0] for row in chunk], [_facets(row[1:]) for row in chunk]],
        )
    cur.execute(f"ALTER TABLE {TABLE} RENAME TO {TABLE}_0005")
    cur.execute(f"ALTER INDEX {TABLE}_tsv RENAME TO {TABLE}_0005_tsv")
    cur.execute(f"ALTER INDEX {TABLE}_pkey RENAME TO {TABLE}_0005_pkey")
    table, *indexes = CREATE
    cur.execute(table)
    # The old vectors had positions, the head's weighing A: the head's tokens in order are
    # the A positions sorted; the new vector keeps the lexemes only (strip) and the facets.
    cur.execute(
        f"INSERT INTO {TABLE} (record_id, tsv, head, facets) SELECT s.record_id,"
        " strip(s.tsv) || coalesce(f.facets, '')::tsvector,"
        " coalesce((SELECT array_agg(u.lexeme ORDER BY p.at) FROM unnest(s.tsv) AS u,"
        " unnest(u.positions, u.weights) AS p(at, weight) WHERE p.weight = 'A'), '{}'),"
        " string_to_array(coalesce(f.facets, ''), ' ', '')"
        f" FROM {TABLE}_0005 s LEFT JOIN facets_0006 f ON f.id = s.record_id"
    )
    for statement in indexes:
        cur.execute(statement)
    cur.execute(f"DROP TABLE {TABLE}_0005")
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
