"""The statutory clock of a stored request, derived from its clock entries and the calendar."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from gongkai.workdays.registry import DeadlineChange, current_calendar

from .domain.clock import ClockError, ClockEvent, ClockState, derive
from .domain.workflow import Event, State
from .models import InfoRequest


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


def due_date_changes(sender, *, calendar, today: dt.date, **kwargs) -> list[DeadlineChange]:
    """For the calendar page's preview: open requests whose due date ``calendar`` would move.
    Closed requests keep the deadline recorded when they closed, so they never appear."""
    changes = []
    for req in InfoRequest.objects.exclude(state=State.CLOSED).order_by("due_on", "id"):
        try:
            new = derive(clock_events(req), calendar, today=today).due_on
        except ClockError:
            # A history the clock cannot read (its detail page says why) has no preview either;
            # it must not hide the others.
            continue
        if new != req.due_on:
            changes.append(
                DeadlineChange(
                    label=req.number,
                    url=reverse("requests_office:detail", kwargs={"pk": req.pk}),
                    old=req.due_on,
                    new=new,
                )
            )
    return changes
