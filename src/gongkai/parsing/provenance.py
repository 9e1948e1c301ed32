"""Where each cell of a parsed report came from, in words a person can check in seconds.

Every cell that holds a value has an entry: the place in the document it was read from (page
and position, or line), and, where a rule rather than the printed layout put it there, which
rule. OCR's confidence travels with the place, and a cell read with low confidence gets a
finding so that a person looks at it before trusting the figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.parsing.document import Source

LOW_CONFIDENCE = 0.85  # below this, OCR misreads digits often enough that a person should look

# Why a cell holds its value, when the printed layout alone did not put it there.
INFERRED = "按表内勾稽关系推算（原文缺此格）"
BY_SUMS = "原文缺格，按本行及各列合计归位"
SHIFTED = "原文错列，按合计重新归位"
GLUED = "原文数字连写，按合计拆分"
BY_ORDER = "行标签无法识别，按模板行序对应"
SUM_OF_PARTS = "由（六）1—3 行相加"
CHAIN = "按上年报告的勾稽关系推算"


@dataclass(frozen=True)
class Where:
    source: Source | None
    rule: str | None = None

    def describe(self) -> str:
        place = self.source.describe() if self.source else ""
        return "；".join(p for p in (place, self.rule) if p) or "原文"


def low_confidence_notes(where: dict[str, Where], label_of) -> list[dict]:
    notes = []
    for path, w in where.items():
        confidence = w.source.confidence if w.source else None
        if confidence is not None and confidence < LOW_CONFIDENCE:
            notes.append(
                {
                    "rule": "parse.low_confidence",
                    "severity": "warning",
                    "message": f"{label_of(path)}：扫描件文字识别置信度较低（{confidence:.2f}，"
                    f"{w.source.describe()}），请对照原件核对此数字。",
                    "cells": [path],
                }
            )
    return notes
