"""A unit's draft additions to its report, and the report as it will be submitted (reads; saving
a draft is ``reports.actions.drafts.save_draft``)."""

from __future__ import annotations

import datetime as dt

from gongkai.annual_report.report import Report

from .builder import build_with_changes
from .domain.drafting import apply, printed
from .domain.reopened import carried_again
from .models import PublishedReport, ReportDraft


def draft_for(agency, year: int) -> ReportDraft:
    return ReportDraft.objects.filter(agency=agency, year=year).first() or ReportDraft(
        agency=agency, year=year
    )


def complete_report(agency, year: int, *, today: dt.date) -> tuple[Report, dict[str, str]]:
    """The built report with the draft's figures and narrative: what preview shows and what
    submission freezes."""
    draft = draft_for(agency, year)
    built, changes = build_with_changes(agency, year, today=today)
    report, filled = apply(
        built,
        manual=draft.manual,
        narrative=draft.narrative,
        previous=previous_report(agency, year),
        carried_again=carried_again(changes),
    )
    return report, printed(filled)


def previous_report(agency, year: int) -> Report | None:
    """Last year's report of the agency, submitted here or uploaded, for the cross-year rules."""
    kept = (
        PublishedReport.objects.filter(agency=agency, year=year - 1)
        .order_by("-submitted_at")
        .first()
    )
    return Report.from_dict(kept.data) if kept else None
