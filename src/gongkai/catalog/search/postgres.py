"""PostgreSQL: per record a tsvector of its jieba tokens and facet terms (lexemes only, read
by tsvector's input function: no parser, no stemming, exactly the tokens SQLite holds) under a
GIN index, and the head's tokens in order (``head``) for the ranking (base.py, THE RANKING).
The query is a ``::tsquery`` literal of the same tokens and facets."""

from __future__ import annotations

from django.db import connection, transaction

from ..domain.text_search import Query, tsquery, tsquery_lexeme
from .base import (
    CANDIDATES,
    COUNT_CAP,
    PAGE_SIZE,
    Document,
    Filters,
    Page,
    facet_clauses,
    filter_sql,
)

TABLE = "catalog_searchdoc"
CREATE = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    # No foreign key: Django's test flush truncates catalog_record without CASCADE. Rows of
    # records that are not public are filtered out by the join, and records are never deleted.
    " record_id bigint PRIMARY KEY,"
    # No positions: matching needs none and the ranking reads ``head``. Without them a
    # record's vector is a few hundred bytes, read without decompressing when a search walks
    # the newest records one by one.
    " tsv tsvector NOT NULL,"
    " head text[] NOT NULL DEFAULT '{}')",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_tsv ON {TABLE} USING gin (tsv)",
]

# Above this many matches the newest thousand are found faster by walking the primary key
# than by reading every match from the GIN index (see search).
DENSE = 10 * CANDIDATES


def tsvector_literal(doc: Document) -> str:
    """Every distinct token and facet once, as a ``::tsvector`` literal."""
    tokens = dict.fromkeys([*doc.title_tokens, *doc.body_tokens, *doc.facets])
    return " ".join(tsquery_lexeme(t) for t in tokens)


def match_query(query: Query, filters: Filters) -> str:
    """The words and each facet clause, as one ``::tsquery`` literal."""
    clauses = [
        "(" + " | ".join(tsquery_lexeme(t) for t in clause) + ")"
        for clause in facet_clauses(filters)
    ]
    return " & ".join([f"({tsquery(query)})", *clauses])


class PostgresBackend:
    def index(self, docs: list[Document]) -> None:
        with connection.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {TABLE} (record_id, tsv, head) VALUES (%s, %s::tsvector, %s) "
                "ON CONFLICT (record_id) DO UPDATE SET tsv = EXCLUDED.tsv, head = EXCLUDED.head",
                [(d.id, tsvector_literal(d), list(d.title_tokens)) for d in docs],
            )

    def remove(self, ids: list[int]) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {TABLE} WHERE record_id = ANY(%s)", [list(ids)])

    def clear(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {TABLE}")

    def search(self, query: Query, filters: Filters, *, page: int, now) -> Page:
        where, params = filter_sql(filters, now)
        q = match_query(query, filters)
        # The rank (base.py, THE RANKING) counts the head's tokens that are query words, over
        # the candidates only (base.CANDIDATES). Which way to find the candidates is decided
        # here, not by the planner: its estimate for a word missing from the statistics can be
        # far off, and walking the primary key for a word with no match reads every row
        # (seconds). So the GIN index first counts up to DENSE matches (cheap: no rows are read to count). Fewer:
        # take them all from the index and sort ("+ 0" hides the key's order). More: walk the
        # key newest first, checking each row, and stop at the limit, which is quick because
        # they are dense. One more candidate than the cap tells if there are more.
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("SET LOCAL enable_seqscan = off")
            cur.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM {TABLE} WHERE tsv @@ %s::tsquery LIMIT %s) t",
                [q, DENSE],
            )
            order = "s.record_id" if cur.fetchone()[0] >= DENSE else "s.record_id + 0"
            cur.execute(
                f"WITH hits AS MATERIALIZED (SELECT s.record_id AS id, s.head, r.published_at"
                f" FROM {TABLE} s JOIN catalog_record r ON r.id = s.record_id"
                f" WHERE s.tsv @@ %s::tsquery AND {where}"
                f" ORDER BY {order} DESC LIMIT %s) "
                "SELECT id, (SELECT COUNT(*) FROM hits) FROM"
                " (SELECT * FROM hits ORDER BY id DESC LIMIT %s) pool "
                "ORDER BY (SELECT COUNT(*) FROM unnest(pool.head) AS t WHERE t = ANY(%s)) DESC,"
                " published_at DESC, id DESC LIMIT %s OFFSET %s",
                [
                    q,
                    *params,
                    CANDIDATES + 1,
                    CANDIDATES,
                    list(query.terms),
                    PAGE_SIZE,
                    (page - 1) * PAGE_SIZE,
                ],  # fmt: skip
            )
            rows = cur.fetchall()
        if not rows and page > 1:  # past the last page: still say how many there are
            first = self.search(query, filters, page=1, now=now)
            return Page(ids=[], total=first.total, capped=first.capped)
        total = rows[0][1] if rows else 0
        return Page([row[0] for row in rows], min(total, COUNT_CAP), capped=total > COUNT_CAP)
