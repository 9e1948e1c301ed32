"""The registry of the calendar the running platform uses: the package and data file, plus
the schedules a registered provider supplies.

Schedules an administrator enters live in the database, which this package must not import.
The app that owns them registers a provider at start-up (``register_provider`` in its
``AppConfig.ready``); everything else asks ``current_calendar()``. Without a provider, the
calendar has the package and the data file only, exactly like the ``gongkai deadline`` command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date

from gongkai.workdays.calendar import WorkdayCalendar, YearSchedule

Provider = Callable[[], Iterable[YearSchedule]]

_provider: Provider | None = None
_held: ContextVar[WorkdayCalendar | None] = ContextVar("held_calendar", default=None)


def register_provider(provider: Provider | None) -> None:
    """Set (or with None, remove) the source of administrator-entered schedules."""
    global _provider
    _provider = provider


def current_calendar() -> WorkdayCalendar:
    """A fresh calendar, so a schedule saved a moment ago counts at once (inside
    :func:`one_calendar`, the block's one calendar)."""
    held = _held.get()
    if held is not None:
        return held
    extra = list(_provider()) if _provider is not None else []
    return WorkdayCalendar(extra)


def calendar_with(schedule: YearSchedule) -> WorkdayCalendar:
    """The calendar as it would be once ``schedule`` is saved (it replaces its year)."""
    extra = [s for s in (_provider() if _provider is not None else ()) if s.year != schedule.year]
    return WorkdayCalendar([*extra, schedule])


@dataclass(frozen=True)
class DeadlineChange:
    """One open case whose deadline a new schedule would move, for the preview."""

    label: str  # e.g. the request's number
    url: str
    old: date | None
    new: date | None


@contextmanager
def one_calendar() -> Iterator[WorkdayCalendar]:
    """Within the block, ``current_calendar()`` is one calendar read once: an import of
    thousands of requests derives every due date from it instead of reading the schedules (a
    query) and counting days afresh for each. Nothing inside the block may change a schedule."""
    held = _held.get()
    if held is not None:
        yield held
        return
    calendar = current_calendar()
    token = _held.set(calendar)
    try:
        yield calendar
    finally:
        _held.reset(token)
