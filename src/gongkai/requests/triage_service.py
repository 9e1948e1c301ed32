"""Intake suggestions for one stored request: the domain's triage over the agency's requests
and its published catalog (found with the catalog's search)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from gongkai.catalog.domain.text_search import parse_query
from gongkai.catalog.search import Filters, search

from .domain.triage import CatalogEntry, PastRequest, Suggestion, triage
from .models import InfoRequest

HISTORY_DAYS = 366
CANDIDATES = 10
# Words of the request itself, not of the information asked for; the search ANDs its terms,
# so one of these would hide every record.
REQUEST_WORDS = frozenset(
    "请 请求 提供 申请 要求 获取 公开 信息 政府 有关 相关 关于 文件 资料 内容 查询 本人".split()
)
MOST_TERMS = 6


def _past(req: InfoRequest) -> PastRequest:
    return PastRequest(
        id=req.pk,
        applicant_key=req.applicant_key,
        description=req.description,
        received_on=req.received_on or req.submitted_at.date(),
        outcome=req.outcome or None,
    )


def suggestions_for(req: InfoRequest, *, today: dt.date) -> list[Suggestion]:
    since = today - dt.timedelta(days=HISTORY_DAYS)
    nearby = (
        InfoRequest.objects.filter(agency=req.agency, submitted_at__date__gte=since)
        .exclude(pk=req.pk)
        .only("pk", "applicant_key", "description", "received_on", "submitted_at", "outcome")
    )
    mine, others = [], []
    for other in nearby:
        (mine if req.applicant_key and other.applicant_key == req.applicant_key else others).append(
            _past(other)
        )
    return triage(
        req.description,
        applicant_history=mine,
        others=others,
        catalog_titles=catalog_entries_for(req.agency, req.description),
        today=today,
        applicant_key=req.applicant_key or None,
    )


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
