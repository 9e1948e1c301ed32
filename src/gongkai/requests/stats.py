"""Counts over requests: the work queue's reminders and each unit's timeliness."""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, Count, F, Q

from gongkai.workdays.deadline import add_working_days
from gongkai.workdays.registry import current_calendar

from .domain.clock import DEFAULT_POLICY
from .domain.workflow import State
from .models import InfoRequest


def reminders(requests, *, today: dt.date) -> dict:
    """Open requests by urgency: overdue, due soon (``ClockPolicy.due_soon_working_days``),
    waiting for confirmation."""
    soon = add_working_days(current_calendar(), today, DEFAULT_POLICY.due_soon_working_days).due
    open_ = requests.exclude(state=State.CLOSED)
    counts = open_.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        due_soon=Count("pk", filter=Q(due_on__gte=today, due_on__lte=soon)),
        unconfirmed=Count("pk", filter=Q(state=State.SUBMITTED)),
        extension_pending=Count("pk", filter=Q(state=State.EXTENSION_PENDING)),
    )
    urgent = (
        open_.filter(Q(due_on__lte=soon) | Q(state=State.SUBMITTED))
        .select_related("agency")
        .order_by("due_on", "submitted_at")[:8]
    )
    return counts | {
        "urgent": list(urgent),
        "soon_until": soon,
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
