"""The domain's urgency (``domain/urgency.py``) over stored requests: the one order and the one
count of overdue and due-soon requests for the queue, the dashboard and the reminders."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from gongkai.workdays.deadline import add_working_days
from gongkai.workdays.registry import current_calendar

from .domain.clock import DEFAULT_POLICY, ClockEvent, derive
from .domain.urgency import PAUSED_STATES, Due, Urgency, assess, by_urgency, week_end
from .domain.workflow import Event, State
from .models import ClockEventRecord


def _paused_clocks(pks: list[int], calendar, today: dt.date) -> dict:
    """The derived clock of each paused request, from one query for all their entries."""
    events = defaultdict(list)
    for entry in ClockEventRecord.objects.filter(request_id__in=pks).order_by("on", "id"):
        events[entry.request_id].append(
            ClockEvent(
                kind=Event(entry.kind),
                on=entry.on,
                working_days=entry.working_days,
                note=entry.note,
            )
        )
    return {pk: derive(events[pk], calendar, today=today) for pk in pks}


def urgencies(requests, *, today: dt.date) -> list[Urgency]:
    """The open requests among ``requests`` (a queryset), most urgent first."""
    calendar = current_calendar()
    rows = list(
        requests.exclude(state=State.CLOSED).values_list("pk", "state", "due_on", "submitted_at")
    )
    paused = [pk for pk, state, due_on, _ in rows if state in PAUSED_STATES and due_on is None]
    clocks = _paused_clocks(paused, calendar, today) if paused else {}
    return by_urgency(
        [
            assess(
                pk=pk,
                state=state,
                due_on=due_on,
                submitted_on=timezone.localtime(submitted_at).date(),
                today=today,
                calendar=calendar,
                policy=DEFAULT_POLICY,
                clock=clocks.get(pk),
            )
            for pk, state, due_on, submitted_at in rows
        ]
    )


def soon_until(today: dt.date) -> dt.date:
    """The last day a request counts as due soon (``ClockPolicy.due_soon_working_days``)."""
    return add_working_days(current_calendar(), today, DEFAULT_POLICY.due_soon_working_days).due


def with_due(items: list[Urgency], due: Due | str, *, today: dt.date) -> list[Urgency]:
    until, sunday = soon_until(today), week_end(today)
    return [u for u in items if u.matches(Due(due), soon_until=until, week_end=sunday)]
