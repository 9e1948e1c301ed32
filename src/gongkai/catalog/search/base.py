"""The one search interface: a small protocol every backend implements.

Backends receive only jieba tokens (``domain.text_search``), so what matches is decided in one
place; they differ only in storage and ranking. A larger deployment plugs in a search cluster
by implementing ``SearchBackend`` and naming it in ``GONGKAI_SEARCH_BACKEND``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from ..domain.text_search import Query

PAGE_SIZE = 20
MAX_PAGE = 50  # deeper pages are refused: nobody reads them, and offsets get expensive
# Ranking and counting stop at what the pages can show. A common word matches most of a
# million records and scoring every match costs hundreds of milliseconds, so backends rank a
# bounded candidate set: the newest CANDIDATES matches that pass the filters (newest by record
# id, which both indexes yield in order for free). Below the cap that is every match; above
# it, the best of the newest thousand, and the count says "more than".
CANDIDATES = MAX_PAGE * PAGE_SIZE
COUNT_CAP = CANDIDATES  # "more than 1,000" (capped) is as useful as an exact figure
# THE RANKING, the same on every backend, so both databases give the same pages in the same
# order: how many times the query's tokens (its words and their parts, text_search.Term) occur
# in the head (title and document number), most first; then in the subject line (主题词, 主题分类,
# the heading and the document type: what the record is filed as); then the newest published;
# then the newest record. A word in the title says what a document is about, one it is filed
# under says less, and among documents about it people want the latest. It needs no statistics
# of the whole index (bm25's document frequencies cost more than all the rest of a search on a
# million records) and it can be explained on the page in one line.


@dataclass(frozen=True)
class Filters:
    agency_ids: tuple[int, ...] = ()
    category_ids: tuple[int, ...] = ()
    year: int | None = None
    doc_type: str = ""
    validity: str = ""


@dataclass
class Page:
    ids: list[int] = field(default_factory=list)  # best first
    total: int = 0
    capped: bool = False


@dataclass(frozen=True)
class Document:
    id: int
    title_tokens: list[str]  # the head: title and document number, ranked first
    body_tokens: list[str]
    facets: tuple[str, ...] = ()  # see facet_tokens
    subject_tokens: list[str] = field(default_factory=list)  # the subject line, ranked second


# --- facets: the filters as index terms -------------------------------------------------------
# Each filter value is also written into the index as a term of its own ("_y2021" for the
# year), so the full-text index intersects a word with a filter itself, walking two sorted
# posting lists, instead of probing the record of every match until enough pass. A filtered
# search then costs about what an unfiltered one does. Text tokens never contain "_"
# (text_search._keep), so a facet term can never match a word or be matched by one.
# The record's own columns are still checked in the join (filter_sql): a facet that went
# stale could only hide a record, never show one the filters exclude.


def facet_tokens(
    *, agency_id: int, category_id: int | None, published_on: date | None, doc_type: str,
    validity: str,
) -> tuple[str, ...]:  # fmt: skip
    tokens = [f"_a{agency_id}"]
    if category_id:
        tokens.append(f"_c{category_id}")
    if published_on:
        tokens.append(f"_y{published_on.year}")
    if doc_type:
        tokens.append(f"_t{doc_type}")
    if validity:
        tokens.append(f"_v{validity}")
    return tuple(tokens)


def facet_clauses(filters: Filters) -> list[tuple[str, ...]]:
    """The filters as facet terms: every clause must match, by any one of its terms."""
    clauses = []
    if filters.agency_ids:
        clauses.append(tuple(f"_a{i}" for i in filters.agency_ids))
    if filters.category_ids:
        clauses.append(tuple(f"_c{i}" for i in filters.category_ids))
    if filters.year:
        clauses.append((f"_y{filters.year}",))
    if filters.doc_type:
        clauses.append((f"_t{filters.doc_type}",))
    if filters.validity:
        clauses.append((f"_v{filters.validity}",))
    return clauses


class SearchBackend(Protocol):
    def index(self, docs: list[Document]) -> None: ...

    def remove(self, ids: list[int]) -> None: ...

    def search(self, query: Query, filters: Filters, *, page: int, now) -> Page: ...

    def clear(self) -> None: ...


def filter_sql(filters: Filters, now) -> tuple[str, list]:
    """WHERE conditions on catalog_record ``r``: public, already published, the filters."""
    where = ["r.is_public = %s", "r.published_at <= %s"]
    params: list = [True, now]
    for column, values in (
        ("agency_id", filters.agency_ids),
        ("category_id", filters.category_ids),
    ):
        if values:
            where.append(f"r.{column} IN ({', '.join(['%s'] * len(values))})")
            params += list(values)
    if filters.year:
        where.append("r.published_on BETWEEN %s AND %s")
        params += [date(filters.year, 1, 1), date(filters.year, 12, 31)]
    if filters.doc_type:
        where.append("r.doc_type = %s")
        params.append(filters.doc_type)
    if filters.validity:
        where.append("r.validity = %s")
        params.append(filters.validity)
    return " AND ".join(where), params
