"""PostgreSQL: per record a tsvector of its jieba tokens and facet terms (lexemes only, read
by tsvector's input function: no parser, no stemming, exactly the tokens SQLite holds) under a
GIN index, and the tokens of the head and of the subject line in order (``head``, ``subject``)
for the ranking (base.py, THE RANKING).
The query is a ``::tsquery`` literal of the same tokens and facets."""

from __future__ import annotations

import time

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
    # vector is less than half the size (1–2 kB for a typical notice), and a walk through the
    # newest records decompresses one for every row it checks.
    " tsv tsvector NOT NULL,"
    " head text[] NOT NULL DEFAULT '{}',"
    " subject text[] NOT NULL DEFAULT '{}',"
    # The facets again, checked before the vector when a search walks the newest records.
    " facets text[] NOT NULL DEFAULT '{}')",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_tsv ON {TABLE} USING gin (tsv)",
    # A walk reads the facets from this index alone and visits only the rows that pass them.
    f"CREATE INDEX IF NOT EXISTS {TABLE}_walk ON {TABLE} (record_id) INCLUDE (facets)",
]

# Above this many matches the newest thousand are found faster by walking the primary key
# than by reading every match from the GIN index (see search); a walk reads at most WALK_IDS.
DENSE = 10 * CANDIDATES
WALK_IDS = 60 * CANDIDATES
SLACK = CANDIDATES // 10  # index matches beyond the candidates, for lookups that fail
PLAN_SETTINGS = ("jit = off", "max_parallel_workers_per_gather = 0", "enable_seqscan = off")
# The walk: newest ids first from the covering index (facets checked there), each passing id
# looked up by key, the order kept by a nested loop that stops at the limit.
WALK_SETTINGS = ("enable_bitmapscan = off", "enable_hashjoin = off", "enable_mergejoin = off")


def tsvector_literal(doc: Document) -> str:
    """Every distinct token and facet once, as a ``::tsvector`` literal."""
    tokens = dict.fromkeys([*doc.title_tokens, *doc.subject_tokens, *doc.body_tokens, *doc.facets])
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
                f"INSERT INTO {TABLE} (record_id, tsv, head, subject, facets)"
                " VALUES (%s, %s::tsvector, %s, %s, %s) ON CONFLICT (record_id) DO UPDATE"
                " SET tsv = EXCLUDED.tsv, head = EXCLUDED.head, subject = EXCLUDED.subject,"
                " facets = EXCLUDED.facets",
                [
                    (
                        d.id,
                        tsvector_literal(d),
                        list(d.title_tokens),
                        list(d.subject_tokens),
                        list(d.facets),
                    )
                    for d in docs
                ],
            )

    def remove(self, ids: list[int]) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {TABLE} WHERE record_id = ANY(%s)", [list(ids)])

    def clear(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {TABLE}")

    def search(self, query: Query, filters: Filters, *, page: int, now) -> Page:
        narrowed = query.narrowed(_indexed)
        found = self._search(narrowed, filters, page=page, now=now)
        if found.total == 0 and page == 1:
            # The statistics lag behind the table until its next ANALYZE: a word they call
            # common may be held by no public record now, and then its parts are what to find.
            held = query.narrowed(_held)
            if held != narrowed:
                return self._search(held, filters, page=page, now=now)
        return found

    def _search(self, query: Query, filters: Filters, *, page: int, now) -> Page:
        # Two ways to the candidates (base.CANDIDATES: the newest matches), chosen here and not
        # by the planner, whose estimate for several words multiplies their frequencies as if
        # they were unrelated (the words of one phrase are not) and can be a hundred times off:
        #  * few matches: all of them from the GIN index, sorted ("+ 0" hides the key's order);
        #  * many: walk the primary key newest first, checking each row, and stop at the limit.
        #    Reading a common word's whole posting list costs 50–120 ms on a million records;
        #    the walk stops after a few thousand rows. Facets are checked first, in a covering
        #    index, so rows of other years or units cost neither a row read nor a vector.
        # "Many" is decided from the statistics of the vector's elements (most_common_elems):
        # no query can match more rows than its rarest word or filter. The walk reads at most
        # WALK_IDS ids; a query whose words are common but seldom together would otherwise
        # walk the whole table, so then the index answers after all. A walk that could not
        # find enough within WALK_IDS even if every match were as common as it can be is not
        # tried (a word in 1–2 % of the records: the index answers, in about 100 ms).
        most = _most_matches(query, facet_clauses(filters))
        if most >= DENSE and most * WALK_IDS >= CANDIDATES * _element_statistics()[0]:
            walked = self._candidates(query, filters, page=page, now=now, walk=True)
            if walked is not None:
                return walked
        return self._candidates(query, filters, page=page, now=now, walk=False)

    def _candidates(
        self, query, filters, *, page, now, walk: bool, every_match: bool = False
    ) -> Page | None:
        where, params = filter_sql(filters, now)
        with transaction.atomic(), connection.cursor() as cur:
            # A search is a few milliseconds of work: compiling it (JIT) or starting parallel
            # workers would cost more than it saves. The plan is set here (see search).
            for setting in PLAN_SETTINGS + (WALK_SETTINGS if walk else ()):
                cur.execute(f"SET LOCAL {setting}")
            bound = 0
            if walk:
                cur.execute(f"SELECT max(record_id) FROM {TABLE}")
                bound = (cur.fetchone()[0] or 0) - WALK_IDS
                facets = [list(clause) for clause in facet_clauses(filters)]
                newest = " AND ".join(["record_id > %s", *["facets && %s::text[]"] * len(facets)])
                found = (
                    f"SELECT s.record_id AS id, s.head, s.subject, r.published_at FROM (SELECT record_id"
                    f" FROM {TABLE} WHERE {newest} ORDER BY record_id DESC) w"
                    f" JOIN {TABLE} s ON s.record_id = w.record_id"
                    " JOIN catalog_record r ON r.id = s.record_id"
                    f" WHERE s.tsv @@ %s::tsquery AND {where} ORDER BY w.record_id DESC LIMIT %s"
                )
                cte, found_count = f"WITH hits AS MATERIALIZED ({found}) ", "0"
                cte_params = [bound, *facets, tsquery(query), *params, CANDIDATES + 1]
            else:
                # Every match comes out of the index, but only the newest are looked up among
                # the records (publication, the filters' truth): for a word in 1 % of a million
                # records that is a thousand lookups, not fourteen thousand. Up to SLACK of
                # them may fail the lookup; more, and the search is made again with them all.
                cte = (
                    "WITH found AS MATERIALIZED (SELECT s.record_id AS id, s.head, s.subject"
                    f" FROM {TABLE} s WHERE s.tsv @@ %s::tsquery"
                    " ORDER BY s.record_id + 0 DESC LIMIT %s), "
                    "hits AS MATERIALIZED (SELECT f.id, f.head, f.subject, r.published_at FROM found f"
                    f" JOIN catalog_record r ON r.id = f.id WHERE {where}"
                    " ORDER BY f.id DESC LIMIT %s) "
                )
                found_count = "(SELECT COUNT(*) FROM found)"
                limit = None if every_match else CANDIDATES + 1 + SLACK
                cte_params = [match_query(query, filters), limit, *params, CANDIDATES + 1]
            cur.execute(
                cte + f"SELECT id, (SELECT COUNT(*) FROM hits), {found_count}"
                " FROM (SELECT * FROM hits ORDER BY id DESC LIMIT %s) pool "
                "ORDER BY (SELECT COUNT(*) FROM unnest(pool.head) AS t WHERE t = ANY(%s)) DESC,"
                " (SELECT COUNT(*) FROM unnest(pool.subject) AS t WHERE t = ANY(%s)) DESC,"
                " published_at DESC, id DESC LIMIT %s OFFSET %s",
                [
                    *cte_params,
                    CANDIDATES,
                    list(query.terms),
                    list(query.terms),
                    PAGE_SIZE,
                    (page - 1) * PAGE_SIZE,
                ],  # fmt: skip
            )
            rows = cur.fetchall()
        if not rows and page > 1:  # past the last page: still say how many there are
            first = self.search(query, filters, page=1, now=now)
            return Page(ids=[], total=first.total, capped=first.capped)
        total, found_total = (rows[0][1], rows[0][2]) if rows else (0, 0)
        if walk and total <= CANDIDATES and bound > 0:
            return None  # the walk stopped at its bound before it had all it needs
        if not (walk or every_match) and found_total > total and total <= CANDIDATES:
            if found_total >= CANDIDATES + 1 + SLACK:  # the lookups failed too many of them
                return self._candidates(
                    query, filters, page=page, now=now, walk=False, every_match=True
                )
        return Page([row[0] for row in rows], min(total, COUNT_CAP), capped=total > COUNT_CAP)


# --- how many rows a query can match, from the planner's statistics --------------------------

STATISTICS_SECONDS = 600  # they change only when ANALYZE runs
_statistics: dict = {"at": -STATISTICS_SECONDS, "rows": 0, "frequency": {}}


def _element_statistics() -> tuple[float, dict[str, float]]:
    """Rows in the index and the share of rows holding each common element (word or facet)."""
    if time.monotonic() - _statistics["at"] >= STATISTICS_SECONDS:
        with connection.cursor() as cur:
            cur.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [TABLE])
            found = cur.fetchone()
            cur.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
                " WHERE tablename = %s AND attname = 'tsv'",
                [TABLE],
            )
            elements = cur.fetchone()
        frequency = dict(zip(*elements, strict=False)) if elements and elements[0] else {}
        _statistics.update(
            at=time.monotonic(), rows=max(found[0], 0) if found else 0, frequency=frequency
        )
    return _statistics["rows"], _statistics["frequency"]


def _indexed(token: str) -> bool:
    """Whether any public record holds ``token``: a common word says so in the statistics;
    another has a short posting list, read from the GIN index."""
    if token in _element_statistics()[1]:
        return True
    return _held(token)


def _held(token: str) -> bool:
    """Whether a public record holds ``token``, read from the GIN index (no statistics)."""
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute(
            f"SELECT 1 FROM {TABLE} s JOIN catalog_record r ON r.id = s.record_id"
            " WHERE s.tsv @@ %s::tsquery AND r.is_public LIMIT 1",
            [tsquery_lexeme(token)],
        )
        return cur.fetchone() is not None


def _most_matches(query: Query, clauses: list[tuple[str, ...]]) -> float:
    """An upper bound of the rows a query matches: those of its rarest word or filter, a word
    counting the rows of the word and those of its rarest part (text_search.Term). An element
    missing from the statistics is rarer than every one in them: counted as none."""
    rows, frequency = _element_statistics()
    shares = [
        min(
            1.0,
            frequency.get(w.word, 0.0) + min((frequency.get(p, 0.0) for p in w.parts), default=0.0),
        )
        for w in query.words
    ]
    shares += [min(1.0, sum(frequency.get(t, 0.0) for t in clause)) for clause in clauses]
    return rows * min(shares, default=0.0)
