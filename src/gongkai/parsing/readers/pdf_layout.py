"""Rebuilding lines and cells of a PDF page from character positions.

Characters are grouped into lines by their vertical centre and split into cells where the gap
between two characters is wide. A table drawn without ruling lines then yields its columns; where
a row leaves a cell empty, the columns the other rows of the same table agree on say which column
each value belongs to, and the empty one is kept as a blank instead of shifting the values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from gongkai.parsing.document import Source, normalise
from gongkai.parsing.values import parse_number

_GAP = 0.9  # a gap wider than this many em separates two cells
_SAME_COLUMN = 1.5  # value centres closer than this many em are one column
_MARGIN_BAND = 0.07  # page numbers live in this share of the page's height, top or bottom
_PAGE_NUMBER = re.compile(
    r"^[-—–_·\s]*(?:第\s*)?\d{1,3}\s*(?:页)?\s*(?:(?:/|共)\s*\d{1,3}\s*页?)?[-—–_·\s]*$"
    r"|^(?:page\s*)?\d{1,3}\s*(?:of|/)\s*\d{1,3}$",
    re.I,
)
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")


class Char:
    """One character and its box, top-down coordinates; tens of thousands per report, so lean."""

    __slots__ = ("text", "x0", "x1", "top", "bottom", "middle", "centre", "confidence")

    def __init__(
        self,
        text: str,
        x0: float,
        x1: float,
        top: float,
        bottom: float,
        confidence: float | None = None,
    ):
        self.text, self.x0, self.x1, self.top, self.bottom = text, x0, x1, top, bottom
        self.confidence = confidence  # OCR's, for a word it recognised
        self.middle = (top + bottom) / 2
        self.centre = (x0 + x1) / 2


@dataclass
class Cell:
    text: str
    x0: float
    x1: float
    confidence: float | None = None

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Line:
    top: float
    bottom: float
    em: float
    cells: list[Cell] = field(default_factory=list)
    anchored: list[str] | None = None  # cells re-placed on the table's columns, blanks as ""
    anchored_cells: list[Cell | None] | None = None  # the cells behind ``anchored``

    @property
    def x0(self) -> float:
        return self.cells[0].x0

    @property
    def x1(self) -> float:
        return self.cells[-1].x1

    def texts(self) -> list[str]:
        return self.anchored if self.anchored is not None else [c.text for c in self.cells]

    def sources(self, page: int) -> list[Source | None]:
        cells = self.anchored_cells if self.anchored_cells is not None else self.cells
        return [
            None if c is None else Source(page, c.x0, self.top, confidence=c.confidence)
            for c in cells
        ]


def _bands(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into printed lines by their vertical centre, top to bottom."""
    lines: list[list[Char]] = []
    line: list[Char] = []
    first_middle = first_size = 0.0
    for ch in sorted(chars, key=lambda c: (c.middle, c.x0)):
        size = ch.bottom - ch.top
        if line and abs(ch.middle - first_middle) <= max(first_size, size) * 0.4:
            line.append(ch)
            continue
        line = [ch]
        lines.append(line)
        first_middle, first_size = ch.middle, size
    for group in lines:
        group.sort(key=lambda c: c.x0)
    return lines


def build_lines(chars: list[Char], page_height: float | None) -> list[Line]:
    """Lines top to bottom, each split into cells; given the page's height, page numbers in its
    margins are dropped."""
    out = []
    for group in _bands(chars):
        em = median(c.bottom - c.top for c in group) or 1.0
        line = Line(min(c.top for c in group), max(c.bottom for c in group), em)
        current = Cell(group[0].text, group[0].x0, group[0].x1, group[0].confidence)
        for prev, ch in zip(group, group[1:], strict=False):
            if ch.x0 - prev.x1 > _GAP * em:
                line.cells.append(current)
                current = Cell(ch.text, ch.x0, ch.x1, ch.confidence)
            else:
                current.text += ch.text
                current.x1 = max(current.x1, ch.x1)
                if ch.confidence is not None:
                    current.confidence = min(current.confidence or 1.0, ch.confidence)
        line.cells.append(current)
        if page_height is not None and _is_page_number(line, page_height):
            continue
        out.append(line)
    return out


def block_text(chars: list[Char]) -> str:
    """The text of a table cell: what :func:`build_lines` reads, its cells joined with a space
    and its lines without one (a label broken over lines inside its cell), without building
    the lines — a ruled table has hundreds of cells."""
    parts = []
    for group in _bands(chars):
        em = median(c.bottom - c.top for c in group) or 1.0
        prev = group[0]
        parts.append(prev.text)
        for ch in group[1:]:
            if ch.x0 - prev.x1 > _GAP * em:
                parts.append(" ")
            parts.append(ch.text)
            prev = ch
    return "".join(parts)


def _is_page_number(line: Line, page_height: float) -> bool:
    band = page_height * _MARGIN_BAND
    in_margin = line.bottom < band or line.top > page_height - band
    return in_margin and bool(_PAGE_NUMBER.match(" ".join(c.text for c in line.cells).strip()))


def _is_value(text: str) -> bool:
    return parse_number(normalise(text)) is not None


def _breaks_table(line: Line) -> bool:
    if len(line.cells) > 1:
        return False
    text = line.cells[0].text
    return len(text) >= 20 or "。" in text or bool(HEADING.match(normalise(text)))


def anchor_columns(lines: list[Line]) -> None:
    """Give rows of an unruled table that lack a value a blank in the right column."""
    block: list[Line] = []
    for line in [*lines, None]:
        if line is None or _breaks_table(line):
            _anchor_block(block)
            block = []
        else:
            block.append(line)


def _anchor_block(block: list[Line]) -> None:
    rows = []
    for line in block:
        first = next((i for i, c in enumerate(line.cells) if _is_value(c.text)), None)
        if first is None:
            continue
        values = line.cells[first:]
        if not all(_is_value(c.text) for c in values):
            continue  # words after the values: not a plain table row
        rows.append((line, first, values))
    if not rows:
        return
    width = max(len(values) for _, _, values in rows)
    if width < 2 or all(len(values) == width for _, _, values in rows):
        return
    em = median(line.em for line, _, _ in rows)
    centres = sorted(c.centre for _, _, values in rows for c in values)
    columns: list[list[float]] = [[centres[0]]]
    for x in centres[1:]:
        if x - columns[-1][-1] > _SAME_COLUMN * em:
            columns.append([x])
        else:
            columns[-1].append(x)
    if len(columns) != width:
        return  # the rows do not agree on their columns; leave them as printed
    anchors = [sum(c) / len(c) for c in columns]
    for line, first, values in rows:
        slots = [min(range(width), key=lambda i, c=c: abs(anchors[i] - c.centre)) for c in values]
        if any(b <= a for a, b in zip(slots, slots[1:], strict=False)):
            continue
        placed = [""] * width
        behind: list[Cell | None] = [None] * width
        for slot, cell in zip(slots, values, strict=True):
            placed[slot] = cell.text
            behind[slot] = cell
        line.anchored = [c.text for c in line.cells[:first]] + placed
        line.anchored_cells = list(line.cells[:first]) + behind
