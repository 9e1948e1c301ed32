"""A published annual report on the portal: the catalog record's page shows the report's
tables in the official grid and offers its PDF. Which report a record presents: published.py."""

from __future__ import annotations

from django.http import Http404
from django.template.loader import render_to_string

from gongkai.annual_report.report import Report
from gongkai.catalog import listing
from gongkai.catalog.models import Record
from gongkai.documents import annual_report as report_documents
from gongkai.office import downloads

from .published import report_for


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
    record = listing.public_record(pk, "agency", "live")
    if record is None:
        raise Http404
    kept = report_for(record)
    if kept is None:
        raise Http404
    name = f"{record.live.data['title']}.pdf"
    if kept.file:
        return downloads.stored_file(kept.file, filename=name, content_type="application/pdf")
    # Reports stored before the PDF was kept: rendered from the frozen figures.
    return downloads.download(report_documents.render_pdf(Report.from_dict(kept.data)), name)
