"""A published annual report on the portal: the catalog record's page shows the report's
tables in the official grid and offers its PDF.

A catalog record holds no link to the library (adding one needs a migration): the report is
the agency's own submitted report of the year its title names, as ``publish_to_catalog``
titles it. Only figures are shown — a report holds no personal data; the registration numbers
behind its figures (``PublishedReport.records``) stay in the office."""

from __future__ import annotations

import re

from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.annual_report.report import Report
from gongkai.catalog.domain.kinds import DocType
from gongkai.catalog.models import Record
from gongkai.documents import annual_report as report_documents
from gongkai.office import downloads

from .models import PublishedReport, Source

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


def report_for(record: Record) -> PublishedReport | None:
    if record.doc_type != DocType.ANNUAL_REPORT:
        return None
    years = {int(y) for y in _YEAR.findall(record.title)}
    if not years:
        return None
    return (
        PublishedReport.objects.filter(
            agency_id=record.agency_id, source=Source.PLATFORM, year__in=years
        )
        .order_by("-year", "-submitted_at", "-pk")
        .first()
    )


def tables(report: Report) -> list[dict]:
    """The sections that are tables (二 to 四), in the order the printed report has them; the
    text sections are the record's own body."""
    sections, heading = [], ""
    for kind, item in report_documents.outline(report, None):
        if kind == "heading":
            heading = item
        elif kind == "table":
            rows = [[{"cell": cell, "link": False} for cell in row] for row in item.rows]
            sections.append({"heading": heading, "grid": rows})
    return sections


def record_extra(request, record: Record, version):
    kept = report_for(record)
    if kept is None:
        return None
    return render_to_string(
        "reports/_public_report.html",
        {"record": record, "kept": kept, "sections": tables(Report.from_dict(kept.data))},
        request=request,
    )


def pdf(request, pk):
    record = Record.objects.filter(pk=pk).select_related("agency").first()
    if record is None or not record.is_public or record.published_at > timezone.now():
        raise Http404
    kept = report_for(record)
    if kept is None:
        raise Http404
    name = f"{record.title}.pdf"
    if kept.file:
        return downloads.stored_file(kept.file, filename=name, content_type="application/pdf")
    # Reports stored before the PDF was kept: rendered from the frozen figures.
    return downloads.download(report_documents.render_pdf(Report.from_dict(kept.data)), name)
