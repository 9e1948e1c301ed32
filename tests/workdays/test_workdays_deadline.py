"""Deadlines across real holidays, and the counting rules as properties."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays import (
    WorkdayCalendar,
    add_working_days,
    explain,
    working_days_between,
)
from gongkai.workdays.deadline import ADJUSTED_WORKDAY, HOLIDAY

CAL = WorkdayCalendar()
FAST = settings(max_examples=150, deadline=None)


def test_received_before_national_day_2025():
    deadline = add_working_days(CAL, date(2025, 9, 26), 20)
    assert deadline.due == date(2025, 10, 30)
    holidays = [s for s in deadline.steps if s.kind == HOLIDAY]
    assert [(s.name, s.first, s.last) for s in holidays] == [
        ("国庆节、中秋节", date(2025, 10, 1), date(2025, 10, 8))
    ]
    adjusted = [(s.first, s.number) for s in deadline.steps if s.kind == ADJUSTED_WORKDAY]
    assert adjusted == [(date(2025, 9, 28), 1), (date(2025, 10, 11), 6)]
    assert deadline.warnings == []
    text = explain(deadline)
    assert text.startswith("收到申请 2025-09-26")
    assert "国庆节、中秋节放假顺延" in text
    assert "9月28日（周日）、10月11日（周六）调休上班" in text
    assert text.endswith("第20个工作日为 2025-10-30")


def test_correction_notice_limit_from_the_same_receipt():
    assert add_working_days(CAL, date(2025, 9, 26), 7).due == date(2025, 10, 13)


def test_received_on_the_eve_of_the_2026_spring_festival():
    deadline = add_working_days(CAL, date(2026, 2, 13), 20)
    assert deadline.due == date(2026, 3, 19)
    assert [s.first for s in deadline.steps if s.kind == ADJUSTED_WORKDAY] == [
        date(2026, 2, 14),
        date(2026, 2, 28),
    ]
    assert ("春节", date(2026, 2, 15), date(2026, 2, 23)) in [
        (s.name, s.first, s.last) for s in deadline.steps
    ]
    # Received on the adjusted Saturday itself: that day is not counted either.
    assert add_working_days(CAL, date(2026, 2, 14), 20).due == date(2026, 3, 20)


def test_across_national_day_2026_with_both_adjusted_days():
    deadline = add_working_days(CAL, date(2026, 9, 18), 20)
    assert deadline.due == date(2026, 10, 22)
    assert [s.first for s in deadline.steps if s.kind == ADJUSTED_WORKDAY] == [
        date(2026, 9, 20),
        date(2026, 10, 10),
    ]
    assert [s.name for s in deadline.steps if s.kind == HOLIDAY] == ["中秋节", "国庆节"]
    assert "中秋节、国庆节放假顺延" in explain(deadline)


def test_received_during_a_holiday_counts_from_the_first_day_back():
    assert add_working_days(CAL, date(2025, 10, 3), 1).due == date(2025, 10, 9)


def test_zero_and_negative():
    assert add_working_days(CAL, date(2025, 10, 3), 0).due == date(2025, 10, 3)
    assert "期限为当日" in explain(add_working_days(CAL, date(2025, 10, 3), 0))
    with pytest.raises(ValueError, match="不能为负数"):
        add_working_days(CAL, date(2025, 10, 3), -1)


def test_an_unknown_year_is_reported_never_silent():
    deadline = add_working_days(CAL, date(2026, 12, 20), 20)
    assert deadline.warnings == [
        "2027 年的节假日安排尚未录入，期限按普通周末计算，可能不准确；请管理员录入该年安排。"
    ]
    assert deadline.due == date(2027, 1, 15)
    assert "注意：2027 年" in explain(deadline)
    assert add_working_days(CAL, date(2026, 12, 1), 5).warnings == []


def test_working_days_between():
    assert working_days_between(CAL, date(2025, 9, 26), date(2025, 10, 30)) == 20
    assert working_days_between(CAL, date(2025, 10, 30), date(2025, 9, 26)) == -20
    assert working_days_between(CAL, date(2025, 10, 1), date(2025, 10, 8)) == 0
    assert working_days_between(CAL, date(2025, 10, 8), date(2025, 10, 8)) == 0


starts = st.dates(date(2004, 1, 1), date(2028, 6, 30))
ns = st.integers(1, 60)


@FAST
@given(starts, ns)
def test_due_is_a_working_day_n_working_days_later(start, n):
    deadline = add_working_days(CAL, start, n)
    assert CAL.is_workday(deadline.due)
    assert working_days_between(CAL, start, deadline.due) == n
    # Nothing was skipped: the day before the due date still lacks one working day.
    assert working_days_between(CAL, start, deadline.due - timedelta(days=1)) == n - 1


@FAST
@given(starts, ns, ns)
def test_monotonic_in_n(start, a, b):
    if a == b:
        return
    lo, hi = sorted((a, b))
    assert add_working_days(CAL, start, lo).due < add_working_days(CAL, start, hi).due


@FAST
@given(st.dates(date(2004, 1, 5), date(2026, 10, 31)), st.integers(1, 40))
def test_agrees_with_chinesecalendar_from_a_working_day(start, n):
    # chinesecalendar counts from its start date when that is a working day; an independent oracle
    # for 2004-2026.
    if not chinese_calendar.is_workday(start):
        return
    due = add_working_days(CAL, start, n).due
    if due.year > 2026:
        return
    assert due == chinese_calendar.find_workday(n, start)


@FAST
@given(starts, ns)
def test_steps_lie_within_the_period(start, n):
    deadline = add_working_days(CAL, start, n)
    for step in deadline.steps:
        assert start < step.first <= step.last <= deadline.due
        if step.kind == ADJUSTED_WORKDAY:
            assert step.first.weekday() >= 5 and 1 <= step.number <= n


@FAST
@given(
    st.dates(date(2003, 12, 1), date(2028, 1, 31)),
    st.integers(min_value=-800, max_value=800),
)
def test_working_days_between_counts_as_a_walk_over_the_days_would(a, span):
    # The running counts per year must agree with checking every day, across year ends, the
    # 元旦 of a following year's notice and the years no schedule knows.
    b = a + timedelta(days=span)
    lo, hi = min(a, b), max(a, b)
    walked = sum(CAL.is_workday(lo + timedelta(days=i)) for i in range(1, (hi - lo).days + 1))
    assert working_days_between(CAL, a, b) == (walked if b >= a else -walked)


def test_a_period_counted_again_is_the_remembered_one_and_the_callers_own():
    calendar = WorkdayCalendar()
    first = add_working_days(calendar, date(2025, 9, 26), 20)
    first.steps.clear()
    first.warnings.append("改动")
    again = add_working_days(calendar, date(2025, 9, 26), 20)
    assert again == add_working_days(WorkdayCalendar(), date(2025, 9, 26), 20)
    assert again.steps and again.warnings == []
    # A fresh calendar (a schedule saved since) remembers nothing of the old one.
    assert WorkdayCalendar().memo == {}
