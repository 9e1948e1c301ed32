"""Counts over requests: the work queue's reminders and each unit's timeliness."""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, Count, F, Q

from .domain.clock import DEFAULT_POLICY
from .domain.urgency import Due
from .domain.workflow import State
from .models import InfoRequest
from .urgency_service import soon_until, urgencies, with_due


def reminders(requests, *, today: dt.date) -> dict:
    """Open requests by urgency (``urgency_service``): overdue, due soon
    (``ClockPolicy.due_soon_working_days``), waiting for confirmation, extensions pending."""
    ranked = urgencies(requests, today=today)
    overdue = with_due(ranked, Due.OVERDUE, today=today)
    due_soon = with_due(ranked, Due.SOON, today=today)
    counts = requests.exclude(state=State.CLOSED).aggregate(
        open=Count("pk"),
        unconfirmed=Count("pk", filter=Q(state=State.SUBMITTED)),
        extension_pending=Count("pk", filter=Q(state=State.EXTENSION_PENDING)),
    )
    wanted = {u.pk for u in overdue} | {u.pk for u in due_soon}
    top = [u.pk for u in ranked if u.pk in wanted or u.unconfirmed][:8]
    found = InfoRequest.objects.select_related("agency").in_bulk(top)
    return counts | {
        "overdue": len(overdue),
        "due_soon": len(due_soon),
        "overdue_ids": [u.pk for u in overdue],
        "due_soon_ids": [u.pk for u in due_soon],
        "urgent": [found[pk] for pk in top],
        "soon_until": soon_until(today),
        "soon_days": DEFAULT_POLICY.due_soon_working_days,
    }


def timeliness(agencies, *, year: int, today: dt.date) -> dict[int, dict]:
    """Per agency: received in ``year``, closed in ``year``, the share closed by their due
    date, the average working days used, and what is open and overdue now."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = (
        InfoRequest.objects.filter(agency__in=agencies)
        .values("agency_id")
        .annotate(
            received=Count("pk", filter=Q(received_on__range=(start, end))),
            closed=Count("pk", filter=Q(closed_on__range=(start, end))),
            on_time=Count(
                "pk", filter=Q(closed_on__range=(start, end), closed_on__lte=F("due_on"))
            ),
            with_due=Count("pk", filter=Q(closed_on__range=(start, end), due_on__isnull=False)),
            avg_days=Avg("days_used", filter=Q(closed_on__range=(start, end))),
            open=Count("pk", filter=~Q(state=State.CLOSED)),
            overdue=Count("pk", filter=~Q(state=State.CLOSED) & Q(due_on__lt=today)),
        )
    )
    result = {}
    for row in rows:
        share = row["on_time"] / row["with_due"] if row["with_due"] else None
        result[row["agency_id"]] = row | {"on_time_share": share}
    return result
