"""SQLite FTS5: one virtual table of jieba tokens (rowid = record id) with four columns: the
head (title, document number), the subject line (subject words, heading, document type), the
body, and the filters as terms (``facets``, see base.facet_tokens)."""

from __future__ import annotations

from django.db import connection

from ..domain.text_search import Query, fts5_match, fts5_string
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

TABLE = "catalog_fts"
CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    # "_" is a token character so a facet term stays one term; text tokens never contain it.
    "title, subject, body, facets, tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\")"
)


def match_expression(query: Query, filters: Filters) -> str:
    """The words in the text columns (text_search.fts5_match), each facet clause in the facets."""
    clauses = [
        "facets : (" + " OR ".join(fts5_string(t) for t in clause) + ")"
        for clause in facet_clauses(filters)
    ]
    return " AND ".join([f"{{title subject body}} : ({fts5_match(query)})", *clauses])


def _indexed(token: str) -> bool:
    """Whether any public record holds ``token``: the first such entry of its posting list."""
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT 1 FROM {TABLE} f CROSS JOIN catalog_record r ON r.id = f.rowid"
            f" WHERE {TABLE} MATCH %s AND r.is_public LIMIT 1",
            ["{title subject body} : " + fts5_string(token)],
        )
        return cur.fetchone() is not None


class SqliteBackend:
    def index(self, docs: list[Document]) -> None:
        with connection.cursor() as cur:
            cur.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(d.id,) for d in docs])
            cur.executemany(
                f"INSERT INTO {TABLE}(rowid, title, subject, body, facets)"
                " VALUES (%s, %s, %s, %s, %s)",
                [
                    (
                        d.id,
                        " ".join(d.title_tokens),
                        " ".join(d.subject_tokens),
                        " ".join(d.body_tokens),
                        " ".join(d.facets),
                    )
                    for d in docs
                ],
            )

    def remove(self, ids: list[int]) -> None:
        with connection.cursor() as cur:
            cur.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(i,) for i in ids])

    def clear(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {TABLE}")

    def search(self, query: Query, filters: Filters, *, page: int, now) -> Page:
        query = query.narrowed(_indexed)
        where, params = filter_sql(filters, now)
        # CROSS JOIN keeps the full-text index outside: it yields matches newest first (rowid
        # descending, no sort), filters included (facets), and stops at the limit, probing
        # each candidate's record for publication and the filters' truth. Left to itself the
        # planner walks the records and probes FTS for each. The probe reads the narrow
        # covering index (Record.Meta), not the wide row with its body. The rank (base.py,
        # THE RANKING) counts the marks highlight() puts on a candidate's head and subject
        # line, which reads those two only; bm25 would first count every match of every word in the whole index
        # (10–100 ms for a common word). One candidate more than the cap tells if there are
        # more.
        with connection.cursor() as cur:
            cur.execute(
                f"WITH hits AS MATERIALIZED (SELECT f.rowid AS id,"
                f" highlight({TABLE}, 0, char(1), '') AS head,"
                f" highlight({TABLE}, 1, char(1), '') AS subject, r.published_at AS published_at"
                f" FROM {TABLE} f CROSS JOIN catalog_record r INDEXED BY catalog_record_search"
                f" ON r.id = f.rowid WHERE {TABLE} MATCH %s AND {where}"
                " ORDER BY f.rowid DESC LIMIT %s) "
                "SELECT id, (SELECT COUNT(*) FROM hits) FROM"
                " (SELECT * FROM hits ORDER BY id DESC LIMIT %s) "
                "ORDER BY length(head) - length(replace(head, char(1), '')) DESC,"
                " length(subject) - length(replace(subject, char(1), '')) DESC,"
                " published_at DESC, id DESC LIMIT %s OFFSET %s",
                [
                    match_expression(query, filters),
                    *params,
                    CANDIDATES + 1,
                    CANDIDATES,
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
