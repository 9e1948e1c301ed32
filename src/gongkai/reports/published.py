"""Which annual reports the public sees: the reading the portal's record page and the
open-data API (gongkai.api) share.

A catalog record holds no link to the library (adding one needs a migration): the report is
the agency's own submitted report of the year its title names, as ``publish_to_catalog``
titles it. Only figures are public — a report holds no personal data; the registration numbers
behind its figures (``PublishedReport.records``) stay in the office."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from gongkai.catalog import listing
from gongkai.catalog.domain.kinds import DocType
from gongkai.catalog.models import Record
from gongkai.organisations import policy
from gongkai.organisations.models import Agency
from gongkai.organisations.roles import Action

from .models import PublishedReport, Source

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


def years_named(record: Record) -> set[int]:
    """The report years an annual-report record's title names (none for other records)."""
    # The published version's title and type: the record's own columns may hold a revision
    # nobody has reviewed yet.
    data = record.live.data if record.live_id else {}
    if data.get("doc_type") != DocType.ANNUAL_REPORT:
        return set()
    return {int(y) for y in _YEAR.findall(data.get("title", ""))}


def _submitted(agency_id: int, years) -> QuerySet[PublishedReport]:
    return PublishedReport.objects.filter(
        agency_id=agency_id, source=Source.PLATFORM, year__in=years
    )


def report_for(record: Record) -> PublishedReport | None:
    """The latest submitted version of the report a published record presents."""
    years = years_named(record)
    if not years:
        return None
    return _submitted(record.agency_id, years).order_by("-year", "-submitted_at", "-pk").first()


def published_years(agency: Agency) -> dict[int, Record]:
    """Each year whose report the agency has published in its catalog, with that record."""
    records = listing.public_records().filter(agency=agency, doc_type=DocType.ANNUAL_REPORT)
    found: dict[int, Record] = {}
    for record in records.order_by("published_at", "pk"):
        for year in years_named(record):
            found[year] = record  # a later publication of the same year is the one shown
    return found


def submitted_versions(agency: Agency, years) -> list[PublishedReport]:
    """Every submitted version of those years' reports, oldest first within each year."""
    return list(_submitted(agency.pk, years).order_by("-year", "submitted_at", "pk"))


def held_versions(actor, within: Agency, *, year: int | None = None, after: int = 0):
    """Every version the library holds of the reports of ``within`` and the units below it that
    ``actor`` may read (``report.view``): the platform's own submissions, those received from
    lower installations, and the reports uploaded for units; in the order they were kept, from
    after the row ``after`` (a puller keeps the last id it saw and asks from there)."""
    readable = policy.agencies_where(actor, Action.REPORT_VIEW).filter(path__startswith=within.path)
    rows = PublishedReport.objects.filter(
        Q(agency__in=readable) | Q(agency__isnull=True, within__in=readable), pk__gt=after
    )
    if year is not None:
        rows = rows.filter(year=year)
    return rows.select_related("agency", "within").order_by("pk")
