"""Saving a unit's draft additions to its report (figures the platform cannot know, narrative)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.audit import log as audit
from gongkai.organisations import policy
from gongkai.organisations.roles import Action

from ..builder import build_report
from ..domain.drafting import apply, manual_cells, sections_for
from ..models import ReportDraft


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
