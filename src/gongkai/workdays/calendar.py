"""Which days are working days in mainland China, year by year.

Three sources, each overriding the one before for the years it covers:

1. the ``chinesecalendar`` package (it ships the State Council notices it knows, 2004–2026 in
   version 1.11);
2. ``data/schedules.json`` beside this module: years the package does not know yet, or
   corrections where the package disagrees with the published notice (the notice wins);
3. ``extra`` schedules passed in by the caller, e.g. next year's schedule that an administrator
   typed into the platform from the notice before any package release carries it.

A year nobody knows is not an error: weekends are off and weekdays on, which is right except
around holidays. ``knows`` and ``unknown_years`` let every caller say so instead of silently
producing a deadline that may be days off.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import chinese_calendar

from gongkai.errors import InvalidInput

DATA_FILE = Path(__file__).parent / "data" / "schedules.json"

# chinesecalendar names holidays in English; notices and citizens use these names.
_PACKAGE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

WEEKDAY_NAMES = "一二三四五六日"


def weekday_name(d: date) -> str:
    return "周" + WEEKDAY_NAMES[d.weekday()]


class ScheduleError(InvalidInput, ValueError):
    """A schedule that cannot be right; the message says what to fix, in Chinese."""

    code = "holiday_schedule"
    message = "节假日安排有误。"


@dataclass(frozen=True)
class YearSchedule:
    """One year's holidays and adjusted working days, as a State Council notice sets them.

    ``holidays`` holds every day of each 放假 span (weekends inside a span included), keyed by
    date, with the holiday's Chinese name. ``workdays`` are the weekend days worked instead
    (调休上班). A notice for year Y may start the New Year break in late December of Y−1, so
    dates in December of the previous year are accepted too.
    """

    year: int
    holidays: Mapping[date, str]
    workdays: frozenset[date] = field(default_factory=frozenset)
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "holidays", dict(self.holidays))
        object.__setattr__(self, "workdays", frozenset(self.workdays))
        problems = schedule_problems(self)
        if problems:
            raise ScheduleError("；".join(problems))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of ``schedules.json``: holidays as named spans, dates as ISO strings."""
        return {
            "year": self.year,
            "source": self.source,
            "holidays": [
                {"name": name, "first": first.isoformat(), "last": last.isoformat()}
                for name, first, last in holiday_spans(self.holidays)
            ],
            "workdays": sorted(d.isoformat() for d in self.workdays),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> YearSchedule:
        """Read the JSON form; raises ScheduleError with a Chinese message on bad input."""
        try:
            year = int(data["year"])
            holidays: dict[date, str] = {}
            for span in data.get("holidays", ()):
                first = date.fromisoformat(span["first"])
                last = date.fromisoformat(span.get("last") or span["first"])
                if last < first:
                    raise ScheduleError(f"{span['name']} 的结束日期 {last} 早于开始日期 {first}")
                for d in _days(first, last):
                    # Two spans over one day would silently give it the later name.
                    if d in holidays and holidays[d] != str(span["name"]):
                        raise ScheduleError(
                            f"{span['name']}与{holidays[d]}的日期重叠（{d}）；每一天只能属于一个节日"
                        )
                    holidays[d] = str(span["name"])
            workdays = frozenset(date.fromisoformat(s) for s in data.get("workdays", ()))
        except ScheduleError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise ScheduleError(
                f"节假日安排格式有误（{exc}）：需要 year、holidays（name、first、last）、workdays，"
                "日期写成 YYYY-MM-DD"
            ) from None
        return cls(year, holidays, workdays, str(data.get("source", "")))


def schedule_problems(schedule: YearSchedule) -> list[str]:
    """What is wrong with a schedule, in Chinese; empty when it is plausible.

    Meant for the form where an administrator enters a year: checks only what a notice can never
    say, so a real notice always passes.
    """
    problems = []
    first_allowed = date(schedule.year - 1, 12, 1)
    last_allowed = date(schedule.year, 12, 31)
    for d in sorted(set(schedule.holidays) | schedule.workdays):
        if not first_allowed <= d <= last_allowed:
            problems.append(f"{d} 不属于 {schedule.year} 年的安排")
    for d in sorted(set(schedule.holidays) & schedule.workdays):
        problems.append(f"{d} 不能既放假又上班")
    for d in sorted(schedule.workdays):
        if d.weekday() < 5:
            problems.append(f"调休上班日 {d}（{weekday_name(d)}）本来就是工作日，应为周六或周日")
    for d, name in sorted(schedule.holidays.items()):
        if not str(name).strip():
            problems.append(f"{d} 的节日名称为空")
    return problems


def holiday_spans(holidays: Mapping[date, str]) -> list[tuple[str, date, date]]:
    """Consecutive days with the same name, as (name, first, last), in date order."""
    spans: list[tuple[str, date, date]] = []
    for d in sorted(holidays):
        name = holidays[d]
        if spans and spans[-1][0] == name and spans[-1][2] + timedelta(days=1) == d:
            spans[-1] = (name, spans[-1][1], d)
        else:
            spans.append((name, d, d))
    return spans


def _days(first: date, last: date) -> Iterator[date]:
    d = first
    while d <= last:
        yield d
        d += timedelta(days=1)


@cache
def package_schedules() -> dict[int, YearSchedule]:
    """Every year chinesecalendar knows, converted once per process."""

    holidays: dict[int, dict[date, str]] = {}
    workdays: dict[int, set[date]] = {}
    for d, name in chinese_calendar.holidays.items():
        holidays.setdefault(d.year, {})[d] = _PACKAGE_NAMES.get(name, name)
    for d in chinese_calendar.workdays:
        workdays.setdefault(d.year, set()).add(d)
    version = _package_version()
    return {
        year: YearSchedule(
            year, days, frozenset(workdays.get(year, ())), f"chinesecalendar {version}"
        )
        for year, days in holidays.items()
    }


def _package_version() -> str:

    try:
        return version("chinesecalendar")
    except PackageNotFoundError:  # pragma: no cover - vendored copies have no metadata
        return "(版本未知)"


def load_schedules(path: Path = DATA_FILE) -> list[YearSchedule]:
    """The project's own schedules; a broken file is an error, never an empty calendar."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ScheduleError(f"无法读取节假日数据文件 {path}：{exc}") from None
    return [YearSchedule.from_dict(entry) for entry in data.get("schedules", ())]


class WorkdayCalendar:
    """Working days from the package, the project's data file, then ``extra`` (last wins)."""

    def __init__(
        self,
        extra: Iterable[YearSchedule] = (),
        *,
        data_path: Path | None = DATA_FILE,
        use_package: bool = True,
    ) -> None:
        self._years: dict[int, YearSchedule] = {}
        if use_package:
            self._years.update(package_schedules())
        if data_path is not None:
            self._years.update((s.year, s) for s in load_schedules(data_path))
        self._years.update((s.year, s) for s in extra)
        # Per year, the working days among its first i days (i = 0 … 366), built on first use:
        # counting a span day by day costs a request import seconds per thousand rows.
        self._running: dict[int, list[int]] = {}
        # Results of pure functions of this calendar (``deadline.add_working_days``), kept with
        # it: its schedules never change once built, and a fresh calendar starts empty. An
        # import holding one calendar (``registry.one_calendar``) counts each period once.
        self.memo: dict[tuple, Any] = {}

    def schedule(self, year: int) -> YearSchedule | None:
        return self._years.get(year)

    def source(self, year: int) -> str | None:
        """Where the year's schedule came from, for showing beside a deadline."""
        schedule = self._years.get(year)
        return schedule.source if schedule else None

    def knows(self, year: int) -> bool:
        return year in self._years

    def known_years(self) -> list[int]:
        return sorted(self._years)

    def unknown_years(self, first: date, last: date) -> list[int]:
        """Years touched by the days first..last that no source covers."""
        return [y for y in range(first.year, last.year + 1) if y not in self._years]

    def _lookup(self, d: date) -> tuple[bool | None, str | None]:
        """(working?, holiday name) from the schedules, or (None, None) when they are silent."""
        own = self._years.get(d.year)
        # A notice for next year may declare the last days of December off (元旦 break).
        following = self._years.get(d.year + 1) if d.month == 12 else None
        for schedule in (own, following):
            if schedule is None:
                continue
            if d in schedule.workdays:
                return True, None
            if d in schedule.holidays:
                return False, schedule.holidays[d]
        return None, None

    def is_workday(self, d: date) -> bool:
        working, _ = self._lookup(d)
        if working is None:
            return d.weekday() < 5
        return working

    def _running_count(self, year: int) -> list[int]:
        running = self._running.get(year)
        if running is None:
            running, n, d = [0], 0, date(year, 1, 1)
            while d.year == year:
                n += self.is_workday(d)
                running.append(n)
                if d == date.max:
                    break
                d += timedelta(days=1)
            self._running[year] = running
        return running

    def workdays_after(self, a: date, b: date) -> int:
        """Working days after ``a`` up to and including ``b`` (0 when b <= a)."""
        if b <= a:
            return 0
        start = self._running_count(a.year)[a.timetuple().tm_yday]
        count = -start
        for year in range(a.year, b.year):
            count += self._running_count(year)[-1]
        return count + self._running_count(b.year)[b.timetuple().tm_yday]

    def holiday_name(self, d: date) -> str | None:
        return self._lookup(d)[1]

    def is_adjusted_workday(self, d: date) -> bool:
        """A weekend day worked in exchange for a holiday (调休上班)."""
        return d.weekday() >= 5 and self.is_workday(d)
