"""Intake suggestions for one stored request: the domain's triage over the agency's records."""

from __future__ import annotations

import datetime as dt

from .domain.triage import PastRequest, Suggestion, triage
from .models import InfoRequest

HISTORY_DAYS = 366


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
        catalog_titles=_catalog_entries(req),
        today=today,
        applicant_key=req.applicant_key or None,
    )


def _catalog_entries(req: InfoRequest):
    # Imported here: the catalog's search imports the requests domain, not the other way round.
    from gongkai.catalog.triage import catalog_entries_for

    return catalog_entries_for(req.agency, req.description)
