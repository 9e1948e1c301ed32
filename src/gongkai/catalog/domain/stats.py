"""Counts the annual report needs (2021 template, item 二): rules and normative documents
issued in the year, abolished in the year, and in force at its end."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .kinds import DocType, Validity, ValidityInfo, in_force_on


@dataclass(frozen=True)
class RuleDoc:
    doc_type: str
    formed_on: date | None
    validity: str
    effective_from: date | None
    ended_on: date | None


GROUPS = {DocType.REGULATION: "regulations", DocType.NORMATIVE: "normative_documents"}


def cells_of(doc: RuleDoc, year: int) -> list[str]:
    """The cells of section 二 a rule or normative document counts in for ``year``:
    ``issued`` if formed (成文) in the year; ``abolished`` if repealed or expired in the year
    (the report's 废止 covers both ends of effect); ``in_force`` if in force on 31 December.
    The one statement of these rules, for the counts and for the records behind them."""
    group = GROUPS.get(DocType(doc.doc_type)) if doc.doc_type in DocType else None
    if group is None:
        return []
    cells = []
    if doc.formed_on is not None and doc.formed_on.year == year:
        cells.append(f"proactive.{group}.issued")
    ended = doc.validity in (Validity.EXPIRED, Validity.REPEALED)
    if ended and doc.ended_on is not None and doc.ended_on.year == year:
        cells.append(f"proactive.{group}.abolished")
    info = ValidityInfo(doc.validity, doc.effective_from, doc.ended_on if ended else None)
    if in_force_on(info, doc.formed_on, date(year, 12, 31)):
        cells.append(f"proactive.{group}.in_force")
    return cells


def regulation_counts(docs: Iterable[RuleDoc], year: int) -> dict[str, dict[str, int]]:
    counts = {g: {"issued": 0, "abolished": 0, "in_force": 0} for g in GROUPS.values()}
    for doc in docs:
        for cell in cells_of(doc, year):
            _, group, column = cell.split(".")
            counts[group][column] += 1
    return counts
