"""The published catalog as the public reads it: what is public and what each filter means,
defined once for the portal's pages and the open-data API (gongkai.api) alike."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone

from gongkai.organisations.models import Agency

from . import search as search_service
from .models import Category, Record


def public_records() -> QuerySet[Record]:
    return Record.objects.filter(is_public=True, published_at__lte=timezone.now())


def with_public_heading(rows: QuerySet[Record]) -> QuerySet[Record]:
    """``rows`` with what their published version says: ``public_title``, ``public_number``
    and ``public_category``. A record under revision holds its draft in its own columns, which
    nobody has reviewed yet; a list for the public reads the version instead (three keys of its
    JSON, not the whole of it with the body)."""
    return rows.annotate(
        public_title=KeyTextTransform("title", "live__data"),
        public_number=KeyTextTransform("document_number", "live__data"),
        public_category=KeyTextTransform("category", "live__data"),
    )


def public_record(pk: int, *related: str) -> Record | None:
    """By primary key first, then checked: on SQLite a combined filter lets the planner pick
    the (is_public, published_at) index and walk it instead of the one-row lookup."""
    record = Record.objects.select_related(*related).filter(pk=pk).first()
    if record is None or not record.is_public or record.published_at > timezone.now():
        return None
    return record


def category_of(agency: Agency, code: str) -> Category | None:
    return Category.objects.filter(agency=agency, code=code).first()


def descendants(category: Category) -> list[int]:
    """The heading and every heading below it: filtering by a heading shows its whole branch."""
    ids, frontier = [category.pk], [category.pk]
    while frontier:
        frontier = list(
            Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids += frontier
    return ids


@dataclass(frozen=True)
class Listing:
    """The public filters: an agency, a heading of its catalog (with its branch), the year of
    publication, the document type, the validity."""

    agency: Agency | None = None
    category: Category | None = None
    year: int | None = None
    doc_type: str = ""
    validity: str = ""


def listed(filters: Listing) -> QuerySet[Record]:
    """The public records that pass ``filters``, unordered (callers order by an index)."""
    rows = public_records()
    if filters.agency:
        rows = rows.filter(agency=filters.agency)
    if filters.category:
        rows = rows.filter(category_id__in=descendants(filters.category))
    if filters.year:
        rows = rows.filter(published_on__year=filters.year)
    if filters.doc_type:
        rows = rows.filter(doc_type=filters.doc_type)
    if filters.validity:
        rows = rows.filter(validity=filters.validity)
    return rows


def search_filters(filters: Listing) -> search_service.Filters:
    """The same filters for the full-text search."""
    return search_service.Filters(
        agency_ids=(filters.agency.pk,) if filters.agency else (),
        category_ids=tuple(descendants(filters.category)) if filters.category else (),
        year=filters.year,
        doc_type=filters.doc_type,
        validity=filters.validity,
    )
