"""The calendar against the State Council notices, and how its sources override each other."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from gongkai.workdays.calendar import (
    DATA_FILE,
    ScheduleError,
    WorkdayCalendar,
    YearSchedule,
    holiday_spans,
    load_schedules,
    schedule_problems,
)


@pytest.fixture(scope="module")
def calendar() -> WorkdayCalendar:
    return WorkdayCalendar()


def _year_days(year: int):
    d = date(year, 1, 1)
    while d.year == year:
        yield d
        d += timedelta(days=1)


def test_the_parsed_notices_have_the_days_they_state(notices):
    # 共N天 of each span, added up by hand from the notices: guards the parser itself.
    assert {y: len(n.holidays) for y, n in notices.items()} == {
        2022: 3 + 7 + 3 + 5 + 3 + 3 + 7,
        2023: 3 + 7 + 1 + 5 + 3 + 8,
        2024: 1 + 8 + 3 + 5 + 1 + 3 + 7,
        2025: 1 + 8 + 3 + 5 + 3 + 8,
        2026: 3 + 9 + 3 + 5 + 3 + 3 + 7,
    }
    assert {y: len(n.workdays) for y, n in notices.items()} == {
        2022: 7,
        2023: 7,
        2024: 8,
        2025: 5,
        2026: 6,
    }
    assert date(2022, 12, 31) in notices[2023].holidays  # the 2023 notice starts in 2022


@pytest.mark.parametrize("year", [2022, 2023, 2024, 2025, 2026])
def test_every_day_of_the_year_matches_the_notice(calendar, notices, year):
    notice = notices[year]
    holidays = {d: n for notice_ in notices.values() for d, n in notice_.holidays.items()}
    wrong = []
    for d in _year_days(year):
        if d in notice.workdays:
            expected = True
        elif d in holidays:
            expected = False
        else:
            expected = d.weekday() < 5
        if calendar.is_workday(d) != expected:
            wrong.append(f"{d}: notice says {'on' if expected else 'off'}")
    assert wrong == []
    assert calendar.knows(year)


@pytest.mark.parametrize("year", [2022, 2023, 2024, 2025, 2026])
def test_holiday_names_follow_the_notice(calendar, notices, year):
    for d, notice_name in notices[year].holidays.items():
        name = calendar.holiday_name(d)
        # A combined break (中秋节、国庆节) names each day after one of the two festivals.
        assert name in notice_name.split("、"), (d, name, notice_name)
    for d in notices[year].workdays:
        assert calendar.holiday_name(d) is None
        assert calendar.is_adjusted_workday(d)


def test_known_years_cover_the_package_range(calendar):
    years = calendar.known_years()
    assert years[0] <= 2004 and years[-1] >= 2026
    assert list(years) == sorted(years)
    assert calendar.source(2025).startswith("chinesecalendar")


def test_an_unknown_year_falls_back_to_weekends_and_says_so(calendar):
    assert not calendar.knows(2031)
    assert calendar.is_workday(date(2031, 10, 1))  # a Wednesday: surely a holiday, unknown
    assert not calendar.is_workday(date(2031, 10, 4))
    assert calendar.unknown_years(date(2026, 12, 1), date(2031, 1, 5)) == [
        2027,
        2028,
        2029,
        2030,
        2031,
    ]


def _schedule_2027() -> YearSchedule:
    return YearSchedule.from_dict(
        {
            "year": 2027,
            "source": "test",
            "holidays": [{"name": "国庆节", "first": "2027-10-01", "last": "2027-10-07"}],
            "workdays": ["2027-09-26"],
        }
    )


def test_extra_schedules_fill_a_gap_and_override():
    calendar = WorkdayCalendar([_schedule_2027()])
    assert calendar.knows(2027)
    assert not calendar.is_workday(date(2027, 10, 4))
    assert calendar.holiday_name(date(2027, 10, 4)) == "国庆节"
    assert calendar.is_workday(date(2027, 9, 26))
    # An administrator's correction of a year the package knows wins over the package.
    moved = YearSchedule(2025, {date(2025, 10, 9): "国庆节"}, frozenset(), "correction")
    corrected = WorkdayCalendar([moved])
    assert not corrected.is_workday(date(2025, 10, 9))
    assert corrected.is_workday(date(2025, 10, 2))  # the whole year is replaced, not merged
    assert corrected.source(2025) == "correction"


def test_data_file_is_valid_and_overrides_the_package(tmp_path):
    assert isinstance(load_schedules(DATA_FILE), list)
    assert "schedules" in json.loads(DATA_FILE.read_text(encoding="utf-8"))
    path = tmp_path / "schedules.json"
    path.write_text(json.dumps({"schedules": [_schedule_2027().to_dict()]}), encoding="utf-8")
    calendar = WorkdayCalendar(data_path=path)
    assert calendar.knows(2027) and calendar.source(2027) == "test"
    later = YearSchedule(2027, {}, frozenset(), "admin")
    assert WorkdayCalendar([later], data_path=path).source(2027) == "admin"


def test_a_broken_data_file_is_an_error_not_an_empty_calendar(tmp_path):
    path = tmp_path / "schedules.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ScheduleError, match="无法读取"):
        WorkdayCalendar(data_path=path)
    path.write_text(json.dumps({"schedules": [{"year": 2027, "holidays": [{}]}]}))
    with pytest.raises(ScheduleError, match="格式有误"):
        WorkdayCalendar(data_path=path)


def test_next_years_notice_may_start_the_break_in_december():
    schedule = YearSchedule(2031, {date(2030, 12, 31): "元旦", date(2031, 1, 1): "元旦"}, set())
    calendar = WorkdayCalendar([schedule], use_package=False, data_path=None)
    assert not calendar.is_workday(date(2030, 12, 31))  # a Tuesday
    assert calendar.holiday_name(date(2030, 12, 31)) == "元旦"
    assert not calendar.knows(2030)


def test_schedule_problems_are_reported_in_chinese():
    with pytest.raises(ScheduleError, match="本来就是工作日"):
        YearSchedule(2027, {}, {date(2027, 9, 29)})  # a Wednesday
    with pytest.raises(ScheduleError, match="既放假又上班"):
        YearSchedule(2027, {date(2027, 9, 26): "国庆节"}, {date(2027, 9, 26)})
    with pytest.raises(ScheduleError, match="不属于 2027 年"):
        YearSchedule(2027, {date(2028, 1, 1): "元旦"}, set())
    ok = YearSchedule(2027, {date(2027, 1, 1): "元旦"}, set())
    assert schedule_problems(ok) == []


def test_round_trip_through_json(calendar):
    for year in (2023, 2025, 2026):
        schedule = calendar.schedule(year)
        again = YearSchedule.from_dict(json.loads(json.dumps(schedule.to_dict())))
        assert again == schedule


def test_holiday_spans_group_consecutive_days():
    days = {date(2026, 10, d): "国庆节" for d in range(1, 8)} | {date(2026, 9, 25): "中秋节"}
    assert holiday_spans(days) == [
        ("中秋节", date(2026, 9, 25), date(2026, 9, 25)),
        ("国庆节", date(2026, 10, 1), date(2026, 10, 7)),
    ]


def test_the_registry_uses_the_registered_provider():
    from gongkai.workdays import registry

    previous = registry._provider  # the platform's database-backed provider, restored below
    try:
        registry.register_provider(lambda: [])
        assert not registry.current_calendar().knows(2027)
        registry.register_provider(lambda: [_schedule_2027()])
        assert registry.current_calendar().holiday_name(date(2027, 10, 4)) == "国庆节"
    finally:
        registry.register_provider(previous)
