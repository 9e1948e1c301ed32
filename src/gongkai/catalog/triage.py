"""What the request triage asks of the catalog: published records resembling a request, so a
handler can answer "already published, here is where" (Art. 36(1))."""

from __future__ import annotations

from django.urls import reverse

from gongkai.requests.domain.triage import CatalogEntry

from .domain.text_search import parse_query
from .search import Filters, search

CANDIDATES = 10
# Words of the request itself, not of the information asked for; the search ANDs its terms,
# so one of these would hide every record.
REQUEST_WORDS = frozenset(
    "请 请求 提供 申请 要求 获取 公开 信息 政府 有关 相关 关于 文件 资料 内容 查询 本人".split()
)
MOST_TERMS = 6


def catalog_entries_for(agency, description: str) -> list[CatalogEntry]:
    """The agency's published records that the search finds for the request's distinctive
    words, all together first, else each of the longest alone; triage then decides by its own
    similarity whether any is the same information."""
    terms = [t for t in parse_query(description).terms if t not in REQUEST_WORDS and len(t) > 1]
    if not terms:
        return []
    filters = Filters(agency_ids=(agency.pk,))
    found = {}
    queries = [" ".join(terms[:MOST_TERMS])]
    queries += [t for t in sorted(terms, key=len, reverse=True)[:3]]
    for query in queries:
        for r in search(query, filters, page=1).items:
            found.setdefault(r.record.pk, r.record)
        if len(found) >= CANDIDATES or (found and query == queries[0]):
            break
    return [
        CatalogEntry(
            id=record.pk,
            title=record.live.data["title"],
            url=reverse("catalog_portal:record", args=[record.pk]),
        )
        for record in list(found.values())[:CANDIDATES]
    ]
