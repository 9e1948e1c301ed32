"""The statutory clock of a stored request, derived from its clock entries and the calendar."""

from __future__ import annotations

import datetime as dt

from gongkai.workdays.registry import current_calendar

from .domain.clock import ClockEvent, ClockState, derive
from .domain.workflow import Event


def clock_events(req) -> list[ClockEvent]:
    # A request the running action created holds its entries (``_append_clock`` keeps them),
    # so an import does not read back each of the steps it just wrote.
    known = getattr(req, "_clock_events", None)
    if known is not None:
        return sorted(known, key=lambda e: e.on)  # stable: by date, then as appended (id)
    return [
        ClockEvent(kind=Event(e.kind), on=e.on, working_days=e.working_days, note=e.note)
        for e in req.clock.order_by("on", "id")
    ]


def clock_state(req, *, today: dt.date) -> ClockState:
    return derive(clock_events(req), current_calendar(), today=today)
