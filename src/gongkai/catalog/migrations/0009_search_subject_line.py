"""The search index gets a subject line of its own (search/__init__.py, SUBJECT_FIELDS): the
subject words move out of the head, and the heading and document type become searchable, so
规范性文件 finds the 行政规范性文件 and a title match ranks above a subject-word match.

Existing rows are re-indexed here from their live version: the head (title, document number)
and the subject line are segmented again (short strings: minutes for a million records); the
body's tokens are kept as they are, since the body's segmentation did not change (re-segmenting
every body takes most of an hour for a million records). Whatever already has the new layout is
left alone. The layouts and the segmentation are frozen here as catalog/search had them when
this migration was written: a migration imports no live code, so it means the same thing
forever."""

import logging
import re

import jieba
from django.db import migrations

jieba.setLogLevel(logging.WARNING)

CHUNK = 5000
STOPWORDS = frozenset(
    "的 了 和 与 及 或 在 是 对 为 于 等 之 其 并 将 把 被 由 从 以 也 就 都 而 则".split()
)
_WORD = re.compile(r"\w+")
_NOT_WORD = re.compile(r"[^\w]+")
HEAD_FIELDS = ("title", "document_number")
SUBJECT_FIELDS = ("subject_words", "subject_class", "category", "doc_type_label")

SQLITE_TABLE = "catalog_fts"
SQLITE_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE} USING fts5("
    "title, subject, body, facets, tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\")"
)
POSTGRES_TABLE = "catalog_searchdoc"
POSTGRES_INDEXES = [
    f"CREATE INDEX IF NOT EXISTS {POSTGRES_TABLE}_tsv ON {POSTGRES_TABLE} USING gin (tsv)",
    f"CREATE INDEX IF NOT EXISTS {POSTGRES_TABLE}_walk ON {POSTGRES_TABLE}"
    " (record_id) INCLUDE (facets)",
]


def _tokens(text: str) -> str:
    """text_search.index_tokens as it was, joined by spaces (tokens never hold one)."""
    out = []
    for raw in jieba.cut_for_search(_NOT_WORD.sub(" ", text or "")):
        token = raw.strip().lower()
        if token and token not in STOPWORDS and _WORD.fullmatch(token) and "_" not in token:
            out.append(token)
    return " ".join(out)


def _head_and_subject(values) -> tuple[str, str]:
    """``values``: HEAD_FIELDS then SUBJECT_FIELDS of the live version (None where missing)."""
    head = " ".join(v or "" for v in values[: len(HEAD_FIELDS)])
    subject = " ".join(v or "" for v in values[len(HEAD_FIELDS) :])
    return _tokens(head), _tokens(subject)


def _columns(cur, connection, table: str) -> set[str]:
    if connection.vendor == "sqlite":
        cur.execute(f"PRAGMA table_info({table})")
        return {row[1] for row in cur.fetchall()}
    cur.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = %s",
        [table],
    )
    return {row[0] for row in cur.fetchall()}


def _chunks(cur, sql: str):
    last = 0
    while True:
        cur.execute(sql, [last, CHUNK])
        chunk = cur.fetchall()
        if not chunk:
            return
        yield chunk
        last = chunk[-1][0]


def sqlite_forward(connection, cur) -> None:
    table = SQLITE_TABLE
    columns = _columns(cur, connection, table)
    if not columns or "subject" in columns:
        return
    fresh = f"{table}_next"
    cur.execute(SQLITE_CREATE.replace(table, fresh, 1))
    fields = ", ".join(f"json_extract(v.data, '$.{f}')" for f in HEAD_FIELDS + SUBJECT_FIELDS)
    select = (
        f"SELECT f.rowid, f.title, f.body, f.facets, v.id, {fields} FROM {table} f"
        " LEFT JOIN catalog_record r ON r.id = f.rowid"
        " LEFT JOIN catalog_recordversion v ON v.id = r.live_id"
        " WHERE f.rowid > %s ORDER BY f.rowid LIMIT %s"
    )
    with connection.cursor() as reader:
        for chunk in _chunks(reader, select):
            rows = []
            for rowid, title, body, facets, version, *values in chunk:
                # A row without a live version is never shown (the join filters it): kept as is.
                head, subject = _head_and_subject(values) if version else (title, "")
                rows.append((rowid, head, subject, body, facets))
            cur.executemany(
                f"INSERT INTO {fresh}(rowid, title, subject, body, facets)"
                " VALUES (%s, %s, %s, %s, %s)",
                rows,
            )
    cur.execute(f"DROP TABLE {table}")
    cur.execute(f"ALTER TABLE {fresh} RENAME TO {table}")


def postgres_forward(connection, cur) -> None:
    """As 0006: a new table built in one statement and indexed once, then swapped in (a GIN
    index built in bulk is far quicker than a million row updates)."""
    table = POSTGRES_TABLE
    columns = _columns(cur, connection, table)
    if not columns or "subject" in columns:
        return
    cur.execute("CREATE TEMPORARY TABLE lines_0009 (id bigint PRIMARY KEY, head text, subject text)")
    fields = ", ".join(f"v.data->>'{f}'" for f in HEAD_FIELDS + SUBJECT_FIELDS)
    select = (
        f"SELECT s.record_id, {fields} FROM {table} s"
        " JOIN catalog_record r ON r.id = s.record_id"
        " JOIN catalog_recordversion v ON v.id = r.live_id"
        " WHERE s.record_id > %s ORDER BY s.record_id LIMIT %s"
    )
    with connection.cursor() as reader:
        for chunk in _chunks(reader, select):
            lines = [_head_and_subject(row[1:]) for row in chunk]
            cur.execute(
                "INSERT INTO lines_0009 SELECT * FROM unnest(%s::bigint[], %s::text[], %s::text[])",
                [[row[0] for row in chunk], [h for h, _ in lines], [s for _, s in lines]],
            )
    cur.execute(f"ALTER TABLE {table} RENAME TO {table}_0008")
    cur.execute(f"ALTER INDEX {table}_tsv RENAME TO {table}_0008_tsv")
    cur.execute(f"ALTER INDEX {table}_walk RENAME TO {table}_0008_walk")
    cur.execute(f"ALTER INDEX {table}_pkey RENAME TO {table}_0008_pkey")
    cur.execute(
        f"CREATE TABLE {table} (record_id bigint PRIMARY KEY, tsv tsvector NOT NULL,"
        " head text[] NOT NULL DEFAULT '{}', subject text[] NOT NULL DEFAULT '{}',"
        " facets text[] NOT NULL DEFAULT '{}')"
    )
    # The vector keeps every lexeme it had (the body's among them) and gains the subject
    # line's; array_to_tsvector reads lexemes as they are, no parser.
    cur.execute(
        f"INSERT INTO {table} (record_id, tsv, head, subject, facets) SELECT s.record_id,"
        " s.tsv || array_to_tsvector(string_to_array(coalesce(l.subject, ''), ' ', '')),"
        " coalesce(string_to_array(l.head, ' ', ''), s.head),"
        " coalesce(string_to_array(l.subject, ' ', ''), '{}'), s.facets"
        f" FROM {table}_0008 s LEFT JOIN lines_0009 l ON l.id = s.record_id"
    )
    for statement in POSTGRES_INDEXES:
        cur.execute(statement)
    cur.execute(f"DROP TABLE {table}_0008")
    cur.execute("DROP TABLE lines_0009")


def forward(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            sqlite_forward(connection, cur)
        elif connection.vendor == "postgresql":
            postgres_forward(connection, cur)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0008_attachment_order")]

    # Backwards: code before this migration reads and writes the new layout as it is (it
    # names its columns, and an unnamed subject stays empty), so nothing to undo.
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
