"""Comparing two annual reports: every table cell with its change, and the narrative paragraph
by paragraph (added, removed, changed). Typically one unit's two years, or two units' same year.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from gongkai.annual_report.report import Report
from gongkai.annual_report.tables import cell_paths, label_of

from .figures import year_over_year

# Paragraphs this alike are the same paragraph, edited; below it they are different paragraphs.
SAME_PARAGRAPH = 0.5


@dataclass(frozen=True)
class CellChange:
    """One cell of two reports: ``a`` the earlier, ``b`` the later (the pages put them in
    that order), so a change is always later minus earlier, as 同比 on the overview is."""

    path: str
    label: str
    a: float | int | None
    b: float | int | None

    @property
    def change(self) -> float | int | None:
        if self.a is None and self.b is None:
            return None
        return (self.b or 0) - (self.a or 0)

    @property
    def relative(self) -> float | None:
        return year_over_year(self.b or 0, self.a)

    @property
    def direction(self) -> str:
        """ "up", "down" or "" (no change), for the sign and the colour of the change."""
        change = self.change or 0
        return "up" if change > 0 else "down" if change < 0 else ""


@dataclass(frozen=True)
class ParagraphChange:
    kind: str  # same, changed, added, removed
    a: str
    b: str


@dataclass(frozen=True)
class Comparison:
    cells: list[CellChange]
    paragraphs: list[ParagraphChange]

    @property
    def changed_cells(self) -> list[CellChange]:
        return [c for c in self.cells if c.change]


def _common_paths(a: Report, b: Report) -> list[str]:
    ours = list(cell_paths(a.template))
    theirs = set(cell_paths(b.template))
    return [p for p in ours if p in theirs]


def compare_tables(a: Report, b: Report) -> list[CellChange]:
    """Every cell both templates have, in the order the tables print them."""
    return [CellChange(p, label_of(p, short=True), a.get(p), b.get(p)) for p in _common_paths(a, b)]


def paragraphs(text: str) -> list[str]:
    parts = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*", text or "")]
    return [p for p in parts if p]


def compare_paragraphs(a_text: str, b_text: str) -> list[ParagraphChange]:
    a, b = paragraphs(a_text), paragraphs(b_text)
    out: list[ParagraphChange] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [
                ParagraphChange("same", a[i], b[j])
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
        elif op == "delete":
            out += [ParagraphChange("removed", a[i], "") for i in range(i1, i2)]
        elif op == "insert":
            out += [ParagraphChange("added", "", b[j]) for j in range(j1, j2)]
        else:
            out += _pair_replaced(a[i1:i2], b[j1:j2])
    return out


def _pair_replaced(old: list[str], new: list[str]) -> list[ParagraphChange]:
    """Pair each old paragraph with the most alike new one, in order; the rest are removed or
    added. Edited paragraphs then show as one change rather than a removal and an addition."""
    out: list[ParagraphChange] = []
    j = 0
    for paragraph in old:
        best, best_ratio = None, SAME_PARAGRAPH
        for k in range(j, len(new)):
            ratio = difflib.SequenceMatcher(a=paragraph, b=new[k], autojunk=False).ratio()
            if ratio >= best_ratio:
                best, best_ratio = k, ratio
        if best is None:
            out.append(ParagraphChange("removed", paragraph, ""))
            continue
        out += [ParagraphChange("added", "", new[k]) for k in range(j, best)]
        out.append(ParagraphChange("changed", paragraph, new[best]))
        j = best + 1
    out += [ParagraphChange("added", "", new[k]) for k in range(j, len(new))]
    return out


def compare(a: Report, b: Report, *, a_text: str = "", b_text: str = "") -> Comparison:
    return Comparison(compare_tables(a, b), compare_paragraphs(a_text, b_text))
