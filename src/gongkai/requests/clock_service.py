"""The statutory clock of a stored request, derived from its clock entries and the calendar."""

from __future__ import annotations

import datetime as dt

from gongkai.workdays.registry import current_calendar

from .domain.clock import ClockEvent, ClockState, derive
from .domain.workflow import Event


def clock_events(req) -> list[ClockEvent]:
    return [
        ClockEvent(kind=Event(e.kind), on=e.on, working_days=e.working_days, note=e.note)
        for e in req.clock.order_by("on", "id")
    ]


def clock_state(req, *, today: dt.date) -> ClockState:
    return derive(clock_events(req), current_calendar(), today=today)
