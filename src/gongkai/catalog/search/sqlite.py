"""SQLite FTS5: one virtual table of jieba tokens (rowid = record id), ranked by bm25 with
the title weighted ten times the body."""

from __future__ import annotations

from django.db import connection

from ..domain.text_search import Query, fts5_match
from .base import COUNT_CAP, PAGE_SIZE, Document, Filters, Page, filter_sql

TABLE = "catalog_fts"
CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    'title, body, tokenize = "unicode61 remove_diacritics 0")'
)


class SqliteBackend:
    def index(self, docs: list[Document]) -> None:
        with connection.cursor() as cur:
            cur.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(d.id,) for d in docs])
            cur.executemany(
                f"INSERT INTO {TABLE}(rowid, title, body) VALUES (%s, %s, %s)",
                [(d.id, " ".join(d.title_tokens), " ".join(d.body_tokens)) for d in docs],
            )

    def remove(self, ids: list[int]) -> None:
        with connection.cursor() as cur:
            cur.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(i,) for i in ids])

    def clear(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {TABLE}")

    def search(self, query: Query, filters: Filters, *, page: int, now) -> Page:
        where, params = filter_sql(filters, now)
        # The full-text match drives: materialised first, then joined to the records for the
        # filters. Left to itself the planner walks the records and probes FTS for each.
        hits = (
            f"WITH hits AS MATERIALIZED (SELECT rowid AS id, bm25({TABLE}, 10.0, 1.0) AS rank "
            f"FROM {TABLE} WHERE {TABLE} MATCH %s) "
        )
        base = f"FROM hits JOIN catalog_record r ON r.id = hits.id WHERE {where}"
        match = fts5_match(query)
        with connection.cursor() as cur:
            # One pass: the window count rides along with the page instead of a second query.
            cur.execute(
                f"{hits} SELECT r.id, COUNT(*) OVER () {base} "
                "ORDER BY hits.rank, r.published_at DESC, r.id DESC LIMIT %s OFFSET %s",
                [match, *params, PAGE_SIZE, (page - 1) * PAGE_SIZE],
            )
            rows = cur.fetchall()
        ids = [row[0] for row in rows]
        total = rows[0][1] if rows else 0
        if not rows and page > 1:  # past the last page: still say how many there are
            with connection.cursor() as cur:
                cur.execute(f"{hits} SELECT COUNT(*) {base}", [match, *params])
                total = cur.fetchone()[0]
        return Page(ids=ids, total=min(total, COUNT_CAP), capped=total > COUNT_CAP)
