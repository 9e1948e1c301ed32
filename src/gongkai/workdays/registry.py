"""The registry of the calendar the running platform uses: the package and data file, plus
the schedules a registered provider supplies.

Schedules an administrator enters live in the database, which this package must not import.
The app that owns them registers a provider at start-up (``register_provider`` in its
``AppConfig.ready``); everything else asks ``current_calendar()``. Without a provider, the
calendar has the package and the data file only, exactly like the ``gongkai deadline`` command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from gongkai.workdays.calendar import WorkdayCalendar, YearSchedule

Provider = Callable[[], Iterable[YearSchedule]]

_provider: Provider | None = None


def register_provider(provider: Provider | None) -> None:
    """Set (or with None, remove) the source of administrator-entered schedules."""
    global _provider
    _provider = provider


def current_calendar() -> WorkdayCalendar:
    """A fresh calendar, so a schedule saved a moment ago counts at once."""
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
