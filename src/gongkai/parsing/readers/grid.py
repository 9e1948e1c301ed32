"""Expanding a table with merged cells into a rectangular grid of rows."""

from __future__ import annotations

_MAX_SPAN = 60  # a span past this is a page-layout trick, not a table cell


def expand(rows: list[list[tuple[str, int, int]]]) -> list[list[str | None]]:
    """Rows of ``(text, rowspan, colspan)`` into rows of cells; a merged cell's shadow is None."""
    grid: dict[tuple[int, int], str | None] = {}
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in grid:
                c += 1
            rowspan = max(1, min(rowspan, _MAX_SPAN))
            colspan = max(1, min(colspan, _MAX_SPAN))
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text if dr == 0 and dc == 0 else None
            c += colspan
            width = max(width, c)
    height = len(rows)
    return [[grid.get((r, c)) for c in range(width)] for r in range(height)]


def span(value: str | None) -> int:
    try:
        return int(str(value).strip() or 1)
    except ValueError:
        return 1
