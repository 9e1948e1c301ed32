"""A unit's draft additions to its report, and the report as it will be submitted."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.annual_report.report import Report
from gongkai.audit import log as audit
from gongkai.organisations import policy
from gongkai.organisations.roles import Action

from .builder import build_report
from .domain.drafting import DraftError, apply, manual_cells, printed, sections_for
from .models import ReportDraft


def draft_for(agency, year: int) -> ReportDraft:
    return ReportDraft.objects.filter(agency=agency, year=year).first() or ReportDraft(
        agency=agency, year=year
    )


def complete_report(agency, year: int, *, today: dt.date) -> tuple[Report, dict[str, str]]:
    """The built report with the draft's figures and narrative: what preview shows and what
    submission freezes."""
    draft = draft_for(agency, year)
    report, filled = apply(
        build_report(agency, year, today=today),
        manual=draft.manual,
        narrative=draft.narrative,
        previous=previous_report(agency, year),
    )
    return report, printed(filled)


def previous_report(agency, year: int) -> Report | None:
    """Last year's report of the agency, submitted here or uploaded, for the cross-year rules."""
    from .models import PublishedReport

    kept = (
        PublishedReport.objects.filter(agency=agency, year=year - 1)
        .order_by("-submitted_at")
        .first()
    )
    return Report.from_dict(kept.data) if kept else None


def save_draft(
    *, actor, agency, year: int, manual: dict, narrative: dict, today: dt.date
) -> ReportDraft:
    policy.require(actor, Action.REPORT_EDIT, agency)
    built = build_report(agency, year, today=today)
    allowed = manual_cells(built.template)
    manual = {p: e for p, e in manual.items() if p in allowed and e.get("value") is not None}
    narrative = {k: v for k, v in narrative.items() if k in sections_for(agency.kind)}
    apply(built, manual=manual, narrative=narrative)  # raises DraftError with what to fix
    with transaction.atomic():
        draft = ReportDraft.objects.select_for_update().filter(agency=agency, year=year).first()
        before = {"manual": draft.manual, "narrative": draft.narrative} if draft else {}
        if draft is None:
            draft = ReportDraft(agency=agency, year=year)
        draft.manual, draft.narrative = manual, narrative
        draft.save()
        audit.record(
            actor=actor,
            action="report.draft",
            obj=draft,
            agency_id=agency.pk,
            changes=audit.diff(before, {"manual": manual, "narrative": narrative}),
        )
    return draft


__all__ = ["DraftError", "complete_report", "draft_for", "save_draft"]
