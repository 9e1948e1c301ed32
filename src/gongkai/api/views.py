"""The endpoints. Every query goes through the portal's own functions (catalog.listing,
reports.published, Agency.objects.public), so the API never shows what the portal would not."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from ninja import Query, Router

from gongkai.catalog import listing
from gongkai.catalog import search as search_service
from gongkai.catalog.domain.kinds import DOC_TYPE_LABELS, VALIDITY_LABELS
from gongkai.catalog.models import Record
from gongkai.organisations.models import Agency
from gongkai.reports import published
from gongkai.web.params import YEAR_MAX, YEAR_MIN, BadParameter

from . import cursor as cursors
from .schemas import (
    AgencyOut,
    Error,
    GuideOut,
    RecordDetail,
    RecordPage,
    ReportYearData,
    ReportYearOut,
)

router = Router()
# The answers besides 200 every endpoint may give, declared so the OpenAPI document lists them
# (and .ci/api-schema holds the API to it): 400 and 404 as JSON (api/errors.py); 414 from the
# server itself, before Django, for a query string past its limit (gongkai serve: 8 KB).
TOO_LONG = {414: None}
ERRORS = {400: Error, 404: Error, **TOO_LONG}
MAX_LIMIT = 100


def _agency(code: str) -> Agency:
    agency = Agency.objects.public().select_related("parent").filter(code=code).first()
    if agency is None:
        raise Http404(f"没有简码为“{code[:40]}”的行政机关。")
    return agency


def _agency_out(agency: Agency, parents: dict[int, str]) -> dict:
    return {
        "code": agency.code,
        "name": agency.name,
        "short_name": agency.short_name,
        "level": agency.level,
        "level_label": agency.get_level_display(),
        "kind": agency.kind,
        "kind_label": agency.get_kind_display(),
        "parent": parents.get(agency.parent_id),
        "org_code": agency.org_code,
        "url": reverse("portal:agency", args=[agency.code]),
    }


@router.get(
    "/agencies",
    response={200: list[AgencyOut], **TOO_LONG},
    url_name="agencies",
    summary="行政机关列表",
)
def agencies(request):
    """平台上所有在用的行政机关，按机构树的顺序。"""
    rows = list(Agency.objects.public())
    codes = {a.pk: a.code for a in rows}
    return [_agency_out(a, codes) for a in rows]


@router.get(
    "/agencies/{code}",
    response={200: AgencyOut, **ERRORS},
    url_name="agency",
    summary="一个行政机关",
)
def agency(request, code: str):
    found = _agency(code)
    parents = {found.parent_id: found.parent.code} if found.parent_id else {}
    return _agency_out(found, parents)


@router.get(
    "/agencies/{code}/guide",
    response={200: GuideOut, **ERRORS},
    url_name="guide",
    summary="政府信息公开指南",
)
def guide(request, code: str):
    """公开指南：联系方式（工作机构、地址、电话等）和指南正文，与门户的指南页面同源。"""
    found = _agency(code)
    parents = {found.parent_id: found.parent.code} if found.parent_id else {}
    contact_fields = (
        "disclosure_office", "address", "postcode", "office_hours", "phone", "fax", "email",
        "website",
    )  # fmt: skip
    return {
        "agency": _agency_out(found, parents),
        "contact": {f: getattr(found, f) for f in contact_fields},
        "updated_at": found.updated_at,
        "url": reverse("portal:guide", args=[found.code]),
        "apply_url": reverse("requests_public:apply", args=[found.code]),
        "content_html": render_to_string("portal/_guide_body.html", {"agency": found}).strip(),
    }


# --- the catalog -------------------------------------------------------------------------------


def _choice(name: str, value: str | None, labels: dict) -> str:
    if not value:
        return ""
    if value not in labels:
        allowed = "、".join(f"{k}（{v}）" for k, v in labels.items())
        raise BadParameter(f"参数“{name}”的值“{value[:20]}”无效，可选：{allowed}。")
    return value


def _listing(agency, category, year, doc_type, validity) -> listing.Listing:
    found = None
    if agency:
        found = Agency.objects.public().filter(code=agency).first()
        if found is None:
            raise BadParameter(f"参数“agency”：没有简码为“{agency[:40]}”的行政机关。")
    heading = None
    if category:
        if found is None:
            raise BadParameter("按目录（category）筛选时须同时指定机关（agency）。")
        heading = listing.category_of(found, category)
        if heading is None:
            raise BadParameter(f"参数“category”：{found.name}的目录中没有代码“{category[:20]}”。")
    return listing.Listing(
        agency=found,
        category=heading,
        year=year,
        doc_type=_choice("type", doc_type, DOC_TYPE_LABELS),
        validity=_choice("validity", validity, VALIDITY_LABELS),
    )


def _summary(record: Record) -> dict:
    """A record as its live version shows it: never the working copy of a revision."""
    data = record.live.data
    return {
        "id": record.pk,
        "title": data["title"],
        "index_number": data.get("index_number"),
        "document_number": data.get("document_number", ""),
        "agency": record.agency.code,
        "agency_name": data.get("agency", record.agency.name),
        "category_code": data.get("category_code", ""),
        "category": data.get("category", ""),
        "doc_type": data.get("doc_type", ""),
        "doc_type_label": data.get("doc_type_label", ""),
        "validity": data.get("validity", ""),
        "validity_label": data.get("validity_label", ""),
        "formed_on": data["formed_on"],
        "published_on": record.published_on,
        "published_at": record.published_at,
        "version": record.live.number,
        "url": reverse("catalog_portal:record", args=[record.pk]),
        "api_url": reverse("api:record", args=[record.pk]),
    }


def _records_in_order(ids: list[int]) -> list[Record]:
    found = Record.objects.select_related("agency", "live").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found and found[pk].live_id]


@router.get(
    "/records", response={200: RecordPage, **ERRORS}, url_name="records", summary="政府信息目录"
)
def records(
    request,
    agency: str | None = Query(None, max_length=64, description="机关简码"),
    category: str | None = Query(
        None, max_length=64, description="目录代码（须同时给出 agency；含下级目录）"
    ),
    year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX, description="发布年份"),
    type: str | None = Query(
        None, max_length=20, description="文件类型：" + "、".join(DOC_TYPE_LABELS)
    ),
    validity: str | None = Query(
        None, max_length=12, description="有效性：" + "、".join(VALIDITY_LABELS)
    ),
    q: str | None = Query(None, max_length=100, description="检索词（按相关度排序，每页 20 条）"),
    cursor: str | None = Query(None, max_length=400, description="上一页返回的 next_cursor"),
    limit: int = Query(20, ge=1, le=MAX_LIMIT, description="每页条数（有 q 时固定为 20）"),
):
    """公开的政府信息，按发布时间从新到旧；有检索词时按相关度。游标分页：把 next_cursor 原样传回。"""
    filters = _listing(agency, category, year, type, validity)
    given = {"agency": agency, "category": category, "year": year, "type": type,
             "validity": validity, "q": q or "", "limit": limit}  # fmt: skip
    position = cursors.decode(cursor, given) if cursor else None
    if q and q.strip():
        items, after = _searched(q, filters, position)
    else:
        items, after = _listed(filters, position, limit)
    next_cursor = cursors.encode(given, after) if after else None
    following = None
    if next_cursor:
        kept = request.GET.copy()
        kept["cursor"] = next_cursor
        following = f"{request.path}?{kept.urlencode()}"
    return {"items": [_summary(r) for r in items], "next_cursor": next_cursor, "next": following}


def _listed(filters, position, limit):
    rows = listing.listed(filters)
    if position is not None:
        at, pk = cursors.keyset(position)
        rows = rows.filter(Q(published_at__lt=at) | Q(published_at=at, pk__lt=pk))
    # The page's keys from the index alone, as the portal's list does, then only those rows.
    keys = list(
        rows.order_by("-published_at", "-id").values_list("pk", "published_at")[: limit + 1]
    )
    items = _records_in_order([pk for pk, _ in keys[:limit]])
    after = None
    if len(keys) > limit:
        pk, at = keys[limit - 1]
        after = {"at": at.isoformat(), "id": pk}
    return items, after


def _searched(q, filters, position):
    page = 1
    if position is not None:
        page = cursors.page_number(position, last=search_service.MAX_PAGE)
    results = search_service.search(q, listing.search_filters(filters), page=page)
    items = [r.record for r in results.items]
    after = {"p": page + 1} if page < results.pages else None
    return items, after


@router.get(
    "/records/{int:pk}",
    response={200: RecordDetail, **ERRORS},
    url_name="record",
    summary="一条政府信息",
)
def record(request, pk: int):
    """现行版本的内容（与门户的信息页面相同），及其附件和历次版本。"""
    found = listing.public_record(pk, "agency", "live")
    if found is None or found.live_id is None:
        raise Http404(f"没有编号为 {pk} 的公开政府信息。")
    data = found.live.data
    interprets = data.get("interprets")
    if interprets and not listing.public_records().filter(pk=interprets).exists():
        interprets = None
    return {
        **_summary(found),
        **{
            f: data.get(f) or ""
            for f in ("subject_words", "subject_class", "summary", "body", "validity_basis")
        },  # fmt: skip
        **{f: data.get(f) for f in ("changed_on", "effective_from", "ended_on")},
        "interprets": interprets,
        "attachments": [
            {
                **{k: a[k] for k in ("id", "name", "kind", "size")},
                "url": reverse("catalog_portal:attachment", args=[found.pk, a["id"]]),
            }
            for a in data.get("attachments", [])
        ],
        "versions": list(
            found.versions.order_by("number").values("number", "published_at", "note")
        ),
    }


# --- annual reports ------------------------------------------------------------------------------


def _report_years(found: Agency, only: int | None = None) -> list[dict]:
    years = published.published_years(found)
    if only is not None:
        years = {y: r for y, r in years.items() if y == only}
    by_year: dict[int, list] = {}
    for kept in published.submitted_versions(found, years):
        by_year.setdefault(kept.year, []).append(kept)
    out = []
    for year in sorted(by_year, reverse=True):
        record = years[year]
        out.append(
            {
                "year": year,
                "record_id": record.pk,
                "record_url": reverse("catalog_portal:record", args=[record.pk]),
                "url": reverse("api:annual_report", args=[found.code, year]),
                "versions": by_year[year],
            }
        )
    return out


def version_out(kept, *, with_data: bool) -> dict:
    """One submitted version as the API serves it (and ``gongkai report push`` sends it)."""
    out = {"id": kept.pk, "submitted_at": kept.submitted_at, "template": kept.template}
    if with_data:
        out["report"] = kept.data
        out["narrative"] = kept.narrative
    return out


@router.get(
    "/agencies/{code}/annual-reports",
    response={200: list[ReportYearOut], **ERRORS},
    url_name="annual_reports",
    summary="已公开的年度报告",
)
def annual_reports(request, code: str):
    """机关在目录中已公开的政府信息公开工作年度报告，每年列出报送过的各个版本。"""
    years = _report_years(_agency(code))
    for year in years:
        year["versions"] = [version_out(k, with_data=False) for k in year["versions"]]
    return years


@router.get(
    "/agencies/{code}/annual-reports/{int:year}",
    response={200: ReportYearData, **ERRORS},
    url_name="annual_report",
    summary="一年的年度报告数据",
)
def annual_report(request, code: str, year: int):
    """该年度报告报送过的每个版本的数据（annual-report.schema.json），从早到晚。"""
    found = _agency(code)
    years = _report_years(found, only=year)
    if not years:
        raise Http404(f"{found.name}尚未公开 {year} 年度的政府信息公开工作年度报告。")
    out = years[0]
    out["agency"] = found.code
    out["versions"] = [version_out(k, with_data=True) for k in out["versions"]]
    return out
