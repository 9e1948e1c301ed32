"""Repairs the PostgreSQL search index of a database on which an earlier copy of 0006 ran
while the index was empty: that copy returned early, kept the old table (vectors with
positions, no ``head`` or ``facets`` column), and every publish since failed with
``column "head" does not exist``. Such a table is converted here as 0006 converts it now; rows
that older code wrote into it meanwhile (say, after rolling the code back) keep their tokens.

A database whose index already has the new layout, and SQLite (whose 0006 never skipped the
conversion), are left alone. This is 0006's PostgreSQL conversion frozen again, on purpose: a
migration imports no live code and no other migration, so each means the same thing forever."""

import datetime as dt

from django.db import migrations

CHUNK = 5000
FIELDS = ("agency_id", "category_id", "published_on", "doc_type", "validity")
TABLE = "catalog_searchdoc"
CREATE = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    " record_id bigint PRIMARY KEY,"
    " tsv tsvector NOT NULL,"
    " head text[] NOT NULL DEFAULT '{}',"
    " facets text[] NOT NULL DEFAULT '{}')",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_tsv ON {TABLE} USING gin (tsv)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_walk ON {TABLE} (record_id) INCLUDE (facets)",
]


def _facets(agency_id, category_id, published_on, doc_type, validity) -> str:
    """The filter values as facet terms, as search.base.facet_tokens makes them."""
    tokens = [f"_a{agency_id}"]
    if category_id:
        tokens.append(f"_c{category_id}")
    if isinstance(published_on, dt.date):
        tokens.append(f"_y{published_on.year}")
    if doc_type:
        tokens.append(f"_t{doc_type}")
    if validity:
        tokens.append(f"_v{validity}")
    return " ".join(tokens)


def _old_layout(cur) -> bool:
    cur.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = %s",
        [TABLE],
    )
    columns = {row[0] for row in cur.fetchall()}
    return bool(columns) and "head" not in columns


def forward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cur:
        if not _old_layout(cur):
            return
        cur.execute("CREATE TEMPORARY TABLE facets_0007 (id bigint PRIMARY KEY, facets text)")
        select = (
            f"SELECT r.id, {', '.join('r.' + c for c in FIELDS)} FROM catalog_record r"
            f" JOIN {TABLE} s ON s.record_id = r.id WHERE r.id > %s ORDER BY r.id LIMIT %s"
        )
        last = 0
        while True:
            cur.execute(select, [last, CHUNK])
            chunk = cur.fetchall()
            if not chunk:
                break
            cur.execute(
                "INSERT INTO facets_0007 SELECT * FROM unnest(%s::bigint[], %s::text[])",
                [[row[0] for row in chunk], [_facets(*row[1:]) for row in chunk]],
            )
            last = chunk[-1][0]
        cur.execute(f"ALTER TABLE {TABLE} RENAME TO {TABLE}_0006")
        cur.execute(f"ALTER INDEX {TABLE}_tsv RENAME TO {TABLE}_0006_tsv")
        cur.execute(f"ALTER INDEX {TABLE}_pkey RENAME TO {TABLE}_0006_pkey")
        create_table, *indexes = CREATE
        cur.execute(create_table)
        # The head's tokens in order are the old vector's A positions sorted; the new vector
        # keeps the lexemes only (strip) and the facets.
        cur.execute(
            f"INSERT INTO {TABLE} (record_id, tsv, head, facets) SELECT s.record_id,"
            " strip(s.tsv) || coalesce(f.facets, '')::tsvector,"
            " coalesce((SELECT array_agg(u.lexeme ORDER BY p.at) FROM unnest(s.tsv) AS u,"
            " unnest(u.positions, u.weights) AS p(at, weight) WHERE p.weight = 'A'), '{}'),"
            " string_to_array(coalesce(f.facets, ''), ' ', '')"
            f" FROM {TABLE}_0006 s LEFT JOIN facets_0007 f ON f.id = s.record_id"
        )
        for statement in indexes:
            cur.execute(statement)
        cur.execute(f"DROP TABLE {TABLE}_0006")
        cur.execute("DROP TABLE facets_0007")
        # Records published while the index was broken were committed but never indexed;
        # their tokens need jieba, which a migration does not run, so say what to do.
        cur.execute(
            "SELECT count(*) FROM catalog_record r WHERE r.is_public AND r.live_id IS NOT NULL"
            f" AND NOT EXISTS (SELECT 1 FROM {TABLE} s WHERE s.record_id = r.id)"
        )
        missing = cur.fetchone()[0]
        if missing:
            print(
                f"\n  检索索引已修复；有 {missing} 条已公开的信息不在索引中（索引损坏期间发布），"
                "请运行 gongkai catalog reindex 重建索引。"
            )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0006_search_facets")]

    # Backwards: the new layout is what 0006 leaves too, so nothing to undo.
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
