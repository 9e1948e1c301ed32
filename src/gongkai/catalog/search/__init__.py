"""Search over the published catalog, behind one interface (``base.SearchBackend``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.module_loading import import_string

from ..domain.content import plain_text
from ..domain.text_search import Query, highlight, index_tokens, parse_query, snippet
from ..models import Record
from .base import MAX_PAGE, PAGE_SIZE, Document, Filters, Page, SearchBackend, facet_tokens
from .postgres import PostgresBackend
from .sqlite import SqliteBackend

__all__ = ["Filters", "Query", "Result", "backend", "index_records", "parse_query", "search"]


def backend() -> SearchBackend:
    custom = getattr(settings, "GONGKAI_SEARCH_BACKEND", "")
    if custom:
        return import_string(custom)()
    if connection.vendor == "postgresql":
        return PostgresBackend()

    return SqliteBackend()


# The subject line: what a record is filed as, searchable and ranked after the head (base.py,
# THE RANKING), so 规范性文件 finds the 行政规范性文件 whose titles never say so and 财政预算
# finds the 部门预算 filed under 财政预算决算. The values are the published version's own.
SUBJECT_FIELDS = (
    ("subject_words", "主题词"),
    ("subject_class", "主题分类"),
    ("category", "类别"),
    ("doc_type_label", "文种"),
)


def document_for(record_id: int, data: dict, facets: tuple[str, ...] = ()) -> Document:
    """What is searchable: the published version's title and number (the head), its subject
    line, its text and files, and the record's filter values as facet terms
    (``base.facet_tokens``)."""
    head = " ".join([data.get("title", ""), data.get("document_number", "")])
    subject = " ".join(data.get(field) or "" for field, _ in SUBJECT_FIELDS)
    body = " ".join(
        [data.get("summary", ""), plain_text(data.get("body", ""))]
        + [a["name"] for a in data.get("attachments", [])]
    )
    return Document(
        record_id, index_tokens(head), index_tokens(body), facets, index_tokens(subject)
    )


def snippet_for(data: dict, terms: tuple[str, ...]) -> str:
    """The text around the first hit; for a record that matched only by its subject line,
    that line with the hits marked, so every result shows why it was found."""
    text = data.get("summary") or ""
    text = (text + " " + plain_text(data.get("body", ""))).strip()
    if not any(t in text.lower() for t in terms):
        line = "；".join(
            f"{label}：{data[field]}" for field, label in SUBJECT_FIELDS if data.get(field)
        )
        if any(t in line.lower() for t in terms):
            return highlight(line, terms)
    return snippet(text, terms)


FACET_FIELDS = ("agency_id", "category_id", "published_on", "doc_type", "validity")


def facets_of(record) -> tuple[str, ...]:
    """``record``: a Record, or a dict of FACET_FIELDS (bulk paths read only those)."""
    get = record.get if isinstance(record, dict) else lambda f: getattr(record, f)
    return facet_tokens(**{f: get(f) for f in FACET_FIELDS})


def index_records(ids: list[int]) -> None:

    docs, gone = [], []
    rows = Record.objects.filter(pk__in=ids).select_related("live")
    found = set()
    for record in rows:
        found.add(record.pk)
        if record.is_public and record.live_id:
            docs.append(document_for(record.pk, record.live.data, facets_of(record)))
        else:
            gone.append(record.pk)
    gone += [i for i in ids if i not in found]
    search_backend = backend()
    if gone:
        search_backend.remove(gone)
    if docs:
        search_backend.index(docs)


def remove_records(ids: list[int]) -> None:
    backend().remove(ids)


@dataclass
class Result:
    record: object
    title_html: str
    snippet_html: str


@dataclass
class Results:
    query: Query
    items: list[Result]
    total: int
    capped: bool
    page: int

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.total // PAGE_SIZE)))


def search(raw: str | None, filters: Filters, *, page: int = 1, now=None) -> Results:
    """Plain terms out of any input; empty or nonsense input gives no results, never an error."""

    query = parse_query(raw)
    page = min(max(1, page), MAX_PAGE)
    if query.empty:
        return Results(query, [], 0, False, page)
    hits: Page = backend().search(query, filters, page=page, now=now or timezone.now())
    records = Record.objects.filter(pk__in=hits.ids).select_related("agency", "live")
    by_id = {r.pk: r for r in records}
    items = []
    for pk in hits.ids:
        record = by_id.get(pk)
        if record is None or record.live is None:
            continue
        data = record.live.data
        items.append(
            Result(record, highlight(data["title"], query.terms), snippet_for(data, query.terms))
        )
    return Results(query, items, hits.total, hits.capped, page)
