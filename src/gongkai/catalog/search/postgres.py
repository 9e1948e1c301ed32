"""PostgreSQL: a tsvector of jieba tokens read by tsvector's input function (no parser, no
stemming: the 'simple' behaviour, exactly the tokens SQLite holds) under a GIN index; the
query is a ``::tsquery`` literal of the same tokens. Title lexemes weigh A, body D; the filters
are lexemes without positions (base.facet_tokens), matched but left out of the ranking."""

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
    " tsv tsvector NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_tsv ON {TABLE} USING gin (tsv)",
]


MAX_POSITION, MAX_POSITIONS = 16383, 256  # tsvector's own limits
# Above this many matches the newest thousand are found faster by walking the primary key
# than by reading every match from the GIN index (see search).
DENSE = 10 * CANDIDATES


def tsvector_literal(doc: Document) -> str:
    """The tokens as a ``::tsvector`` literal (its input function, no parser), with positions:
    weights live on positions, so ``array_to_tsvector`` (none) would rank a title hit no higher
    than a body hit. Title lexemes weigh A, body D (the default, written without a letter)."""
    positions: dict[str, list[str]] = {}
    tokens = [(t, "A") for t in doc.title_tokens] + [(t, "") for t in doc.body_tokens]
    for at, (token, weight) in enumerate(tokens, 1):
        kept = positions.setdefault(token, [])
        if len(kept) < MAX_POSITIONS:
            kept.append(f"{min(at, MAX_POSITION)}{weight}")
    return " ".join(
        [tsquery_lexeme(t) + ":" + ",".join(p) for t, p in positions.items()]
        + [tsquery_lexeme(f) for f in doc.facets]
    )


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
                f"INSERT INTO {TABLE} (record_id, tsv) VALUES (%s, %s::tsvector) "
                "ON CONFLICT (record_id) DO UPDATE SET tsv = EXCLUDED.tsv",
                [(d.id, tsvector_literal(d)) for d in docs],
            )

    def remove(self, ids: list[int]) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {TABLE} WHERE record_id = ANY(%s)", [list(ids)])

    def clear(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {TABLE}")

    def search(self, query: Query, filters: Filters, *, page: int, now) -> Page:
        where, params = filter_sql(filters, now)
        q, words = match_query(query, filters), tsquery(query)
        # ts_rank runs over the candidates only (see base.CANDIDATES): over every match of a
        # common word it is most of the time. Which way to find them is decided here, not by
        # the planner: its estimate for a word missing from the statistics can be far off, and
        # walking the primary key for a word with no match reads every row (seconds). So the
        # GIN index first counts up to DENSE matches (cheap: no rows are read to count). Fewer:
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
                f"WITH hits AS MATERIALIZED (SELECT s.record_id AS id, s.tsv, r.published_at"
                f" FROM {TABLE} s JOIN catalog_record r ON r.id = s.record_id"
                f" WHERE s.tsv @@ %s::tsquery AND {where}"
                f" ORDER BY {order} DESC LIMIT %s) "
                "SELECT id, (SELECT COUNT(*) FROM hits) FROM"
                " (SELECT * FROM hits ORDER BY id DESC LIMIT %s) pool "
                "ORDER BY ts_rank(tsv, %s::tsquery) DESC, published_at DESC, id DESC "
                "LIMIT %s OFFSET %s",
                [q, *params, CANDIDATES + 1, CANDIDATES, words, PAGE_SIZE, (page - 1) * PAGE_SIZE],
            )
            rows = cur.fetchall()
        if not rows and page > 1:  # past the last page: still say how many there are
            first = self.search(query, filters, page=1, now=now)
            return Page(ids=[], total=first.total, capped=first.capped)
        total = rows[0][1] if rows else 0
        return Page([row[0] for row in rows], min(total, COUNT_CAP), capped=total > COUNT_CAP)
