"""What the audit log page may show of each entry, screened by the contexts whose data it holds.

The office imports no context, yet an entry's changes can carry a request's description or an
applicant's file names. A context registers a screen in its AppConfig.ready; the page builds one
row per entry (``entry``, ``object``, ``changes``, ``note``) and lets every screen rewrite the
rows for the person reading them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Screen = Callable[..., None]
_SCREENS: list[Screen] = []


def register(fn: Screen) -> Screen:
    """``fn(user, rows)`` rewrites in place what ``user`` may not read of ``rows``."""
    if fn not in _SCREENS:
        _SCREENS.append(fn)
    return fn


def screened(user, entries: Iterable) -> list[dict]:
    rows = [
        {"entry": e, "object": e.object_repr, "changes": e.changes, "note": e.note} for e in entries
    ]
    for fn in _SCREENS:
        fn(user, rows)
    return rows
