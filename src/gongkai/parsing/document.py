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


@dataclass
class Row:
    cells: list[str | None]
    in_table: bool = False

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

    def add_text(self, text: str) -> None:
        text = normalise(text)
        if text:
            self.rows.append(Row([text]))

    def add_row(self, cells: list[str | None], *, in_table: bool = True) -> None:
        cells = [None if c is None else normalise(c) for c in cells]
        if any(c for c in cells) or (in_table and any(c == "" for c in cells)):
            self.rows.append(Row(cells, in_table=in_table))

    def full_text(self) -> str:
        return "\n".join(r.text() for r in self.rows)
