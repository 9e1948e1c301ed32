"""A half-typed notice is refused before it moves every deadline; real notices pass."""

import datetime as dt

import pytest
from test_workdays_entry_and_registry import HOLIDAYS_2027

from gongkai.workdays.calendar import ScheduleError, YearSchedule, package_schedules
from gongkai.workdays.entry import parse_entry
from gongkai.workdays.plausibility import implausible

D = dt.date


def test_every_year_the_package_ships_is_plausible():
    years = package_schedules()
    assert len(years) >= 20
    assert {y: implausible(s) for y, s in years.items() if implausible(s)} == {}


def test_a_typed_notice_with_the_seven_holidays_passes():
    assert implausible(parse_entry(2027, HOLIDAYS_2027, "2027-02-14", "通知")) == []


def test_a_single_new_year_line_names_every_missing_holiday():
    (problem, days) = implausible(parse_entry(2027, "元旦 2027-01-01 至 2027-01-03", "", "x"))
    for name in ("春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"):
        assert name in problem
    assert "全年只有 3 天放假" in days


def test_mid_autumn_inside_a_long_national_day_break_is_not_missing():
    text = HOLIDAYS_2027.replace("中秋节 2027-09-15\n", "").replace(
        "国庆节 2027-10-01 至 2027-10-07", "国庆节、中秋节 2027-09-30 至 2027-10-07"
    )
    assert implausible(parse_entry(2027, text, "", "x")) == []


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("春节 2027-02-06 至 2027-02-13", "春节 2027-03-06 至 2027-03-13", "1 月中旬至 2 月下旬"),
        ("春节 2027-02-06 至 2027-02-13", "春节 2027-02-06", "春节只放假 1 天"),
        ("国庆节 2027-10-01 至 2027-10-07", "国庆节 2027-10-02 至 2027-10-07", "不含 10 月 1 日"),
        ("国庆节 2027-10-01 至 2027-10-07", "国庆节 2027-10-01 至 2027-10-20", "连续放假 20 天"),
    ],
)
def test_dates_no_notice_would_set_are_named(old, new, message):
    assert message in "；".join(
        implausible(parse_entry(2027, HOLIDAYS_2027.replace(old, new), "", ""))
    )


def test_overlapping_holidays_are_refused_with_the_day():
    with pytest.raises(ScheduleError) as exc:
        parse_entry(2027, HOLIDAYS_2027 + "\n劳动节调整 2027-05-03 至 2027-05-06", "", "x")
    assert "重叠（2027-05-03）" in str(exc.value)
    with pytest.raises(ScheduleError):
        YearSchedule.from_dict(
            {
                "year": 2027,
                "holidays": [
                    {"name": "春节", "first": "2027-02-06", "last": "2027-02-13"},
                    {"name": "元宵", "first": "2027-02-13", "last": "2027-02-14"},
                ],
            }
        )
