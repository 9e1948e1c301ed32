"""Appeal cases as section 四 of the annual report counts them.

A case's kind is one of the report's three groups (the keys are the report's own), and its
result one of its columns. Year Y counts the cases filed in Y by their result as of
31 December of Y: a case decided in January of Y+1 is 尚未审结 in Y's report, and the report
on Y is never rewritten by what happened later.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from gongkai.annual_report.tables import APPEAL_COLUMNS, APPEAL_GROUPS, APPEAL_PARTS
from gongkai.errors import InvalidInput

KINDS: dict[str, str] = {
    "reconsideration": "行政复议",
    "litigation_direct": "行政诉讼-直接起诉",
    "litigation_after_reconsideration": "行政诉讼-复议后起诉",
}
assert tuple(KINDS) == tuple(APPEAL_GROUPS)  # the kinds are the report's groups, in order

PENDING = "pending"
RESULTS: dict[str, str] = {"upheld": "维持", "corrected": "纠正", "other": "其他"}
RESULT_LABELS: dict[str, str] = {**RESULTS, PENDING: "尚未审结"}
assert set(RESULT_LABELS) == set(APPEAL_PARTS)


class CaseError(InvalidInput, ValueError):
    """A case that cannot be so; the message says what to fix, in Chinese."""

    code = "appeal_case"
    message = "案件信息不成立，请核对后重试。"


@dataclass(frozen=True)
class AppealRecord:
    id: str
    kind: str  # a KINDS key
    filed: date
    result: str = PENDING  # a RESULT_LABELS key
    closed: date | None = None
    request_id: str = ""
    row: int = 0  # the ledger line it came from, 0 when it did not
    notes: dict[str, str] = field(default_factory=dict)


def check_closing(*, filed: date, result: str, closed: date | None, today: date) -> None:
    """A result and its date go together, and the date lies between filing and today."""
    if result == PENDING:
        if closed is not None:
            raise CaseError("尚未审结的案件不能填写结案日期；已审结的请选择结果。")
        return
    if result not in RESULTS:
        raise CaseError(f"未知的结果“{result}”，应为维持、纠正或其他。")
    if closed is None:
        raise CaseError("已有结果的案件，请填写结案日期。")
    if closed < filed:
        raise CaseError(f"结案日期 {closed} 早于收案日期 {filed}。")
    if closed > today:
        raise CaseError(f"结案日期 {closed} 晚于今天，不能登记将来的决定。")


def result_as_of(record: AppealRecord, day: date) -> str:
    """The case's result as it stood at the end of ``day``."""
    if record.result == PENDING or record.closed is None or record.closed > day:
        return PENDING
    return record.result


def cell_of(record: AppealRecord, year: int) -> str | None:
    """The cell of section 四 a case counts in for ``year`` (its group, its result on 31
    December), or None: the one statement of the rule for the table and its records."""
    if record.filed.year != year:
        return None
    return f"appeals.{record.kind}.{result_as_of(record, date(year, 12, 31))}"


def tabulate_appeals(records: Iterable[AppealRecord], year: int) -> dict[str, dict[str, int]]:
    """Section 四 for ``year``: {group: {column: count}}, 总计 the sum of the four columns."""
    table = {group: dict.fromkeys(APPEAL_COLUMNS, 0) for group in APPEAL_GROUPS}
    for record in records:
        cell = cell_of(record, year)
        if cell is not None:
            _, group, column = cell.split(".")
            table[group][column] += 1
    for cells in table.values():
        cells["total"] = sum(cells[c] for c in APPEAL_PARTS)
    return table


def cases_behind(records: Iterable[AppealRecord], year: int) -> dict[str, list[str]]:
    """For each cell path of section 四, the numbers of the cases it counts."""
    behind: dict[str, list[str]] = {}
    for record in records:
        cell = cell_of(record, year)
        if cell is not None:
            behind.setdefault(cell, []).append(record.id)
            behind.setdefault(cell.rsplit(".", 1)[0] + ".total", []).append(record.id)
    return behind
