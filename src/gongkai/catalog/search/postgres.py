"""PostgreSQL: a tsvector built from jieba tokens with ``array_to_tsvector`` (no parser, no
stemming: the 'simple' behaviour, exactly the tokens SQLite holds) under a GIN index; the
query is a ``::tsquery`` literal of the same tokens. Title lexemes weigh A, body D."""

from __future__ import annotations

from django.db import connection

from ..domain.text_search import Query, tsquery
from .base import COUNT_CAP, PAGE_SIZE, Document, Filters, Page, filter_sql

TABLE = "catalog_searchdoc"
CREATE = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    # No foreign key: Django's test flush truncates catalog_record without CASCADE. Rows of
    # records that are not public are filtered out by the join, and records are never deleted.
    " record_id bigint PRIMARY KEY,"
    " tsv tsvector NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_tsv ON {TABLE} USING gin (tsv)",
]


class PostgresBackend:
    def index(self, docs: list[Document]) -> None:
        with connection.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {TABLE} (record_id, tsv) VALUES (%s, "
                "setweight(array_to_tsvector(%s::text[]), 'A') || "
                "setweight(array_to_tsvector(%s::text[]), 'D')) "
                "ON CONFLICT (record_id) DO UPDATE SET tsv = EXCLUDED.tsv",
                [(d.id, sorted(set(d.title_tokens)), sorted(set(d.body_tokens))) for d in docs],
            )

    def remove(self, ids: list[int]) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {TABLE} WHERE record_id = ANY(%s)", [list(ids)])

    def clear(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {TABLE}")

    def search(self, query: Query, filters: Filters, *, page: int, now) -> Page:
        where, params = filter_sql(filters, now)
        base = (
            f"FROM {TABLE} s JOIN catalog_record r ON r.id = s.record_id "
            f"WHERE s.tsv @@ %s::tsquery AND {where}"
        )
        q = tsquery(query)
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT r.id {base} ORDER BY ts_rank(s.tsv, %s::tsquery) DESC, "
                "r.published_at DESC, r.id DESC LIMIT %s OFFSET %s",
                [q, *params, q, PAGE_SIZE, (page - 1) * PAGE_SIZE],
            )
            ids = [row[0] for row in cur.fetchall()]
            cur.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 {base} LIMIT %s) t",
                [q, *params, COUNT_CAP + 1],
            )
            total = cur.fetchone()[0]
        return Page(ids=ids, total=min(total, COUNT_CAP), capped=total > COUNT_CAP)
