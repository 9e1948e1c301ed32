"""The public portal's catalog: browse, record pages, files, annual reports, search."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from gongkai.office import downloads
from gongkai.organisations.models import Agency
from gongkai.web import params
from gongkai.workdays.registry import current_calendar

from . import listing, record_extras
from . import search as search_service
from .cache import LARGE_TEXT_COOKIE, cached_page
from .domain import timeliness
from .domain.kinds import DOC_TYPE_LABELS, VALIDITY_LABELS
from .models import Attachment, Category, Record

PAGE_SIZE = 20


def _public_record(pk: int, *related: str) -> Record:
    record = listing.public_record(pk, *related)
    if record is None:
        raise Http404
    return record


def _tree(agency) -> list[dict]:
    cats = list(Category.objects.filter(agency=agency, is_active=True))
    children: dict = {}
    for c in cats:
        children.setdefault(c.parent_id, []).append(c)
    out = []

    def walk(parent_id, depth):
        for c in children.get(parent_id, []):
            out.append({"cat": c, "depth": depth})
            walk(c.pk, depth + 1)

    walk(None, 0)
    return out


@cached_page
def browse(request, code, category_code=None):
    agency = get_object_or_404(Agency.objects.public(), code=code)
    category = None
    if category_code:
        category = get_object_or_404(Category, agency=agency, code=category_code)
    # Public pages: a hand-edited link falls back to "all years" rather than an error page.
    year = params.year(request.GET, lenient=True)
    doc_type = params.choice(request.GET, "type", DOC_TYPE_LABELS)
    rows = listing.listed(
        listing.Listing(agency=agency, category=category, year=year, doc_type=doc_type)
    )
    # The page's ids first, read from an index alone: ordering whole rows would fetch every
    # row of the filter (a year is 100,000 rows at a million records) to sort them. Then
    # only the page's rows, by primary key (they passed the filters already).
    ids = rows.order_by("-published_at", "-id").values_list("pk", flat=True)
    page = Paginator(ids, PAGE_SIZE).get_page(params.page(request.GET))
    found = listing.with_public_heading(Record.objects.only("published_on")).in_bulk(
        list(page.object_list)
    )
    page.object_list = [found[pk] for pk in page.object_list if pk in found]
    this_year = timezone.localdate().year
    return render(
        request,
        "catalog/portal/browse.html",
        {
            "agency": agency,
            "category": category,
            "tree": _tree(agency),
            "page": page,
            "year": year,
            "doc_type": doc_type,
            "years": range(this_year, this_year - 8, -1),
            "doc_types": list(DOC_TYPE_LABELS.items()),
            "query_base": f"year={year or ''}&type={doc_type}",
        },
    )


@cached_page
def annual_reports(request, code):
    agency = get_object_or_404(Agency.objects.public(), code=code)
    rows = listing.with_public_heading(
        listing.public_records().filter(agency=agency, category__kind="annual_report")
    )
    return render(
        request,
        "catalog/portal/annual_reports.html",
        {"agency": agency, "records": rows.order_by("-published_at")},
    )


def _version(record, number=None):
    if number is None:
        return record.live
    return get_object_or_404(record.versions, number=number)


@cached_page
def record_page(request, pk, number=None):
    # The page shows the version's frozen content, never the working copy: its wide text stays unread.
    record = _public_record(pk, "agency", "live")
    version = _version(record, number)
    data = version.data
    interprets = None
    if data.get("interprets"):
        interprets = listing.with_public_heading(
            listing.public_records().filter(pk=data["interprets"])
        ).first()
    now = timezone.now()
    # The partial index on interprets finds the few interpretations (see Record.Meta).
    found = [
        item
        for item in listing.with_public_heading(Record.objects.filter(interprets=record))
        .only("is_public", "published_at", "published_on")
        .order_by("published_at")
        if item.is_public and item.published_at <= now
    ]
    # The working-day calendar is read only when a timeliness badge is shown.
    calendar = current_calendar() if found or interprets else None
    interpretations = [
        {
            "record": item,
            "timeliness": timeliness.interpretation(
                calendar, record.published_on, item.published_on
            ),
        }
        for item in found
    ]
    interprets_timeliness = (
        timeliness.interpretation(calendar, interprets.published_on, record.published_on)
        if interprets
        else None
    )
    return render(
        request,
        "catalog/portal/record.html",
        {
            "agency": record.agency,
            "record": record,
            "version": version,
            "data": data,
            "formed_on": dt.date.fromisoformat(data["formed_on"]),
            "is_old_version": number is not None and number != record.live.number,
            # Only the list's columns: each version's content would be decoded for nothing.
            "versions": record.versions.only("record_id", "number", "published_at", "note"),
            "interprets": interprets,
            "interprets_timeliness": interprets_timeliness,
            "interpretations": interpretations,
            "category_code": data.get("category_code"),
            "extras": record_extras.for_record(request, record, version),
        },
    )


def attachment(request, pk, aid):
    record = _public_record(pk, "live")
    offered = {a["id"] for v in record.versions.all() for a in v.data.get("attachments", [])}
    if aid not in offered:
        raise Http404
    att = get_object_or_404(Attachment, pk=aid, record=record)
    return downloads.stored_file(
        att.file, filename=att.original_name, content_type=att.content_type
    )


# Cached like the other portal pages (cache.py: until the next publication, a minute at most):
# the same few queries come again and again, and a search is the portal's dearest page.
@cached_page
def search_page(request):
    agencies = Agency.objects.public()
    agency = agencies.filter(code=params.text(request.GET, "agency", max_length=64)).first()
    category = None
    category_code = params.text(request.GET, "category", max_length=64)
    if agency and category_code:
        category = listing.category_of(agency, category_code)
    filters = listing.Listing(
        agency=agency,
        category=category,
        year=params.year(request.GET, lenient=True),
        doc_type=params.choice(request.GET, "type", DOC_TYPE_LABELS),
        validity=params.choice(request.GET, "validity", VALIDITY_LABELS),
    )
    page = params.page(request.GET)
    results = search_service.search(
        request.GET.get("q", ""), listing.search_filters(filters), page=page
    )
    this_year = timezone.localdate().year
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "catalog/portal/search.html",
        {
            "results": results,
            "agencies": agencies,
            "agency": agency,
            "selected_agency": agency,
            "category": category,
            "q": results.query.text,
            "year": filters.year,
            "doc_type": filters.doc_type,
            "validity": filters.validity,
            "years": range(this_year, this_year - 8, -1),
            "doc_types": list(DOC_TYPE_LABELS.items()),
            "validities": list(VALIDITY_LABELS.items()),
            "query_string": kept.urlencode(),
        },
    )


def text_size(request):
    """Large-text mode without JavaScript: a link sets a cookie and returns to the page."""
    target = params.text(request.GET, "next", default="/", max_length=2000)
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.GET.get("large") == "1":
        response.set_cookie(LARGE_TEXT_COOKIE, "1", max_age=365 * 86400, samesite="Lax")
    else:
        response.delete_cookie(LARGE_TEXT_COOKIE)
    return response
