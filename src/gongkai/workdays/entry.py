"""Reading a year's schedule as an administrator types it from the State Council notice.

One holiday per line: its name, then its first and last day ("春节 2027-02-06 至 2027-02-12";
a single day may stand alone). Adjusted working days (调休上班) are any dates in their box.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from .calendar import ScheduleError, YearSchedule

_DATE = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?")


def _dates(text: str, line_no: int | None = None) -> list[date]:
    found = []
    for y, m, d in _DATE.findall(text):
        try:
            found.append(date(int(y), int(m), int(d)))
        except ValueError:
            where = f"第 {line_no} 行：" if line_no else ""
            raise ScheduleError(f"{where}{y}-{m}-{d} 不是有效的日期") from None
    return found


def parse_entry(year: int, holidays_text: str, workdays_text: str, source: str) -> YearSchedule:
    spans = []
    for line_no, raw in enumerate(holidays_text.splitlines(), 1):
        line = unicodedata.normalize("NFKC", raw).strip()
        if not line:
            continue
        dates = _dates(line, line_no)
        name = _DATE.sub("", line)
        name = re.sub(r"[至到~—–\-:：,，、\s]+", " ", name).strip()
        if not dates:
            raise ScheduleError(
                f"第 {line_no} 行“{raw.strip()}”没有日期；请写成“春节 2027-02-06 至 2027-02-12”。"
            )
        if not name:
            raise ScheduleError(
                f"第 {line_no} 行没有写节日名称；请写成“春节 2027-02-06 至 2027-02-12”。"
            )
        if len(dates) > 2:
            raise ScheduleError(
                f"第 {line_no} 行有 {len(dates)} 个日期；每行只写一个节日的开始和结束日期。"
            )
        spans.append({"name": name, "first": dates[0].isoformat(), "last": dates[-1].isoformat()})
    if not spans:
        raise ScheduleError("请至少填写一个节日的放假日期。")
    workdays = [d.isoformat() for d in _dates(unicodedata.normalize("NFKC", workdays_text))]
    return YearSchedule.from_dict(
        {"year": year, "holidays": spans, "workdays": workdays, "source": source.strip()}
    )


def entry_text(schedule: YearSchedule) -> tuple[str, str]:
    """The two boxes' text for an existing schedule, so it can be corrected."""
    data = schedule.to_dict()
    holidays = "\n".join(
        f"{s['name']} {s['first']}" + (f" 至 {s['last']}" if s["last"] != s["first"] else "")
        for s in data["holidays"]
    )
    return holidays, "\n".join(data["workdays"])
