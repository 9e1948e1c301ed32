"""Dashboard panels contributed by the bounded contexts.

A context registers a function in its AppConfig.ready; the dashboard asks each one for a panel
(a template name and its context) for the person and agency, or None when it has nothing.
"""

from __future__ import annotations

from collections.abc import Callable

Panel = dict
_PANELS: list[Callable[..., Panel | None]] = []


def register(fn: Callable[..., Panel | None]) -> Callable[..., Panel | None]:
    if fn not in _PANELS:
        _PANELS.append(fn)
    return fn


def panels_for(request, agency) -> list[Panel]:
    return [panel for fn in _PANELS if (panel := fn(request, agency))]


_UNIT_STATISTICS: list[Callable[..., dict[int, dict]]] = []


def register_unit_statistics(fn: Callable[..., dict[int, dict]]) -> None:
    """A context's figures per unit for the supervisor's table: fn(units, year=, today=)."""
    if fn not in _UNIT_STATISTICS:
        _UNIT_STATISTICS.append(fn)


def unit_statistics(units, *, year: int, today) -> dict[int, dict]:
    merged: dict[int, dict] = {}
    for fn in _UNIT_STATISTICS:
        for agency_id, figures in fn(units, year=year, today=today).items():
            merged.setdefault(agency_id, {}).update(figures)
    return merged
