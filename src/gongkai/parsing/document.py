"""The intermediate form every reader produces: rows of cells in reading order.

A paragraph of prose is a row with one cell. A table contributes one row per table row. A cell is
``None`` where it carries no information (the shadow of a merged cell, or an empty slot in text
whose blanks cannot be trusted) and ``""`` where the source shows a blank cell that holds a place.
Keeping that distinction lets the recogniser use positions when a table kept its blanks and fall
back to inference when they were lost.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_SPACES = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")


def normalise(text: str) -> str:
    """NFKC, so full-width digits and brackets equal half-width ones; runs of space become one."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


@dataclass(frozen=True)
class Source:
    """Where a cell came from, so a person can find it in the document: a page and a position
    (PDF points from the page's top left), or a line of text; OCR's confidence where it read it."""

    page: int | None = None  # 1-based
    x: float | None = None
    y: float | None = None
    line: int | None = None  # 1-based line of a text file, or row of an HTML/Word document
    confidence: float | None = None  # 0–1, OCR only

    def describe(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
            if self.x is not None and self.y is not None:
                parts.append(f"x={self.x:.0f} y={self.y:.0f}")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.confidence is not None:
            parts.append(f"识别置信度 {self.confidence:.2f}")
        return " ".join(parts) or "原文"


@dataclass
class Row:
    cells: list[str | None]
    in_table: bool = False
    # One per cell where the reader knows it; a row without them takes its row's position.
    sources: list[Source | None] | None = None
    source: Source | None = None

    def text(self) -> str:
        return " ".join(c for c in self.cells if c)


@dataclass
class Document:
    rows: list[Row] = field(default_factory=list)
    source_format: str = "text"
    # Pictures in the content: when no table is found, they are the likely reason.
    images: int = 0
    # A title the page carries outside its content (an HTML <title>), used when the text has none.
    title_hint: str | None = None

    def add_text(self, text: str, source: Source | None = None) -> None:
        text = normalise(text)
        if text:
            self.rows.append(Row([text], source=source or Source(line=len(self.rows) + 1)))

    def add_row(
        self,
        cells: list[str | None],
        *,
        in_table: bool = True,
        sources: list[Source | None] | None = None,
        source: Source | None = None,
    ) -> None:
        cells = [None if c is None else normalise(c) for c in cells]
        if any(c for c in cells) or (in_table and any(c == "" for c in cells)):
            where = source or Source(line=len(self.rows) + 1)
            self.rows.append(Row(cells, in_table=in_table, sources=sources, source=where))

    def full_text(self) -> str:
        return "\n".join(r.text() for r in self.rows)
