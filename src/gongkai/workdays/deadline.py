"""Counting working days the way the Regulations count them.

A period "within N working days of receipt" (Art. 30, 33) starts on the first working day after
the day of receipt: the starting day itself is never counted, whatever time it arrived. The
last day of the period is the N-th working day counted that way. Holidays and weekends in
between are skipped; weekend days worked in exchange (调休上班) are counted like any working day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from gongkai.workdays.calendar import WorkdayCalendar, weekday_name

HOLIDAY = "holiday"
ADJUSTED_WORKDAY = "adjusted_workday"


def gap_warning(year: int) -> str:
    return f"{year} 年的节假日安排尚未录入，期限按普通周末计算，可能不准确；请管理员录入该年安排。"


@dataclass(frozen=True)
class Step:
    """Something a citizen would not guess from a wall calendar.

    ``holiday``: a span of holiday days skipped (name, first, last); ``adjusted_workday``: a
    weekend day that was counted because it was worked (first == last; ``number`` is its place
    in the count).
    """

    kind: Literal["holiday", "adjusted_workday"]
    name: str
    first: date
    last: date
    number: int | None = None

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "name": self.name,
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "number": self.number,
        }


@dataclass(frozen=True)
class Deadline:
    start: date
    n: int
    due: date
    steps: list[Step] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "working_days": self.n,
            "due": self.due.isoformat(),
            "steps": [s.to_dict() for s in self.steps],
            "warnings": list(self.warnings),
        }


def add_working_days(calendar: WorkdayCalendar, start: date, n: int) -> Deadline:
    """The n-th working day after ``start`` (``start`` itself never counts); n = 0 gives start."""
    if n < 0:
        raise ValueError(f"工作日数不能为负数：{n}")
    key = ("add_working_days", start, n)
    known = calendar.memo.get(key)
    if known is None:
        known = calendar.memo[key] = _count_forward(calendar, start, n)
    # The lists are the caller's own, so nothing it does reaches the remembered result.
    return Deadline(known.start, known.n, known.due, list(known.steps), list(known.warnings))


def _count_forward(calendar: WorkdayCalendar, start: date, n: int) -> Deadline:
    """``add_working_days`` counted day by day, with the holidays and worked weekends passed."""
    steps: list[Step] = []
    d = start
    counted = 0
    while counted < n:
        d += timedelta(days=1)
        if calendar.is_workday(d):
            counted += 1
            if calendar.is_adjusted_workday(d):
                steps.append(Step(ADJUSTED_WORKDAY, "调休上班", d, d, counted))
            continue
        name = calendar.holiday_name(d)
        if name is None:
            continue
        last = steps[-1] if steps else None
        if last is not None and last.kind == HOLIDAY and last.last + timedelta(days=1) == d:
            # One break may join two festivals (2025: 国庆节、中秋节 together).
            names = last.name.split("、")
            if name not in names:
                names.append(name)
            steps[-1] = Step(HOLIDAY, "、".join(names), last.first, d)
        else:
            steps.append(Step(HOLIDAY, name, d, d))
    warnings = [gap_warning(y) for y in calendar.unknown_years(start, d)]
    return Deadline(start, n, d, steps, warnings)


def working_days_between(calendar: WorkdayCalendar, a: date, b: date) -> int:
    """Working days after ``a`` up to and including ``b``; negative (the same count) if b < a."""
    if b < a:
        return -working_days_between(calendar, b, a)
    return calendar.workdays_after(a, b)


def _md(d: date) -> str:
    return f"{d.month}月{d.day}日（{weekday_name(d)}）"


def explain(deadline: Deadline, what: str = "收到申请") -> str:
    """The deadline in one sentence a citizen can check against a wall calendar."""
    parts = [f"{what} {deadline.start.isoformat()}（当日不计）"]
    holidays = [s for s in deadline.steps if s.kind == HOLIDAY]
    adjusted = [s for s in deadline.steps if s.kind == ADJUSTED_WORKDAY]
    if holidays:
        names = "、".join(dict.fromkeys(n for s in holidays for n in s.name.split("、")))
        spans = "，".join(
            f"{s.first.isoformat()} 至 {s.last.isoformat()}"
            if s.first != s.last
            else s.first.isoformat()
            for s in holidays
        )
        parts.append(f"{names}放假顺延（{spans}）")
    if adjusted:
        days = "、".join(_md(s.first) for s in adjusted)
        parts.append(f"{days}调休上班，计为工作日")
    if deadline.n == 0:
        parts.append(f"期限为当日 {deadline.due.isoformat()}")
    else:
        parts.append(f"第{deadline.n}个工作日为 {deadline.due.isoformat()}")
    text = "；".join(parts)
    if deadline.warnings:
        text += "。注意：" + "".join(deadline.warnings)
    return text
