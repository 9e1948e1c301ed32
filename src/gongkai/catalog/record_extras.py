"""What a higher context adds to a record's public page (the annual report's tables, from the
reports context): the catalog may not import it, so the context registers a function in its
AppConfig.ready, as the office's panels do. Each returns HTML for the page, or None."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.safestring import SafeString

Extra = Callable[..., SafeString | None]
_extras: list[Extra] = []


def register(fn: Extra) -> Extra:
    if fn not in _extras:
        _extras.append(fn)
    return fn


def for_record(request, record, version) -> list[SafeString]:
    return [html for fn in _extras if (html := fn(request, record, version))]
