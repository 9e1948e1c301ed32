"""Whether a year's schedule typed into the platform can be a State Council notice.

Every notice since the 2008 reform sets the seven statutory holidays, Spring Festival in late
January or February, in all some three to five weeks off with the weekends inside. A schedule
that lacks one of them is a half-typed notice (a single 元旦 line once replaced a whole year and
moved every deadline at once), so the platform refuses it and says what is missing. The rules
are loose enough that every year chinesecalendar ships passes them (tested).
"""

from __future__ import annotations

from datetime import date

from .calendar import YearSchedule, holiday_spans

# name in the notice → other names an administrator may type for it
STATUTORY = {
    "元旦": (),
    "春节": (),
    "清明节": ("清明",),
    "劳动节": ("劳动", "五一"),
    "端午节": ("端午",),
    "中秋节": ("中秋",),
    "国庆节": ("国庆", "十一"),
}
FIRST_YEAR_OF_SEVEN = 2008  # 清明、端午、中秋 became holidays in 2008
FEWEST_DAYS_OFF = 20  # the fewest since 2008 is 23 (2014)
LONGEST_SPAN = 12  # the longest is Spring Festival 2020, extended to 10 days


def _has(spans, holiday: str) -> bool:
    names = (holiday, *STATUTORY[holiday])
    return any(any(n in name for n in names) for name, _, _ in spans)


def _days_of(spans, holiday: str) -> list[date]:
    names = (holiday, *STATUTORY[holiday])
    days = []
    for name, first, last in spans:
        if any(n in name for n in names):
            days.extend(date.fromordinal(o) for o in range(first.toordinal(), last.toordinal() + 1))
    return days


def implausible(schedule: YearSchedule) -> list[str]:
    """What makes ``schedule`` unlike any notice, in Chinese; empty when it is plausible."""
    year = schedule.year
    own = {d: n for d, n in schedule.holidays.items() if d.year == year}
    spans = holiday_spans(own)
    problems = []
    if year >= FIRST_YEAR_OF_SEVEN:
        missing = [h for h in STATUTORY if not _has(spans, h)]
        # 中秋 may fall inside the National Day break; the notice then names one long span.
        national = _days_of(spans, "国庆节")
        if "中秋节" in missing and len(national) >= 8:
            missing.remove("中秋节")
        if missing:
            problems.append(
                f"缺少{'、'.join(missing)}的放假安排；国务院办公厅的通知每年都安排元旦、春节、"
                "清明节、劳动节、端午节、中秋节和国庆节，请按通知原文逐个录入"
            )
    spring = _days_of(spans, "春节")
    if spring:
        if len(spring) < 3:
            problems.append(f"春节只放假 {len(spring)} 天；通知安排的春节假期至少 3 天")
        if not date(year, 1, 15) <= spring[0] <= date(year, 2, 25):
            problems.append(f"春节假期从 {spring[0]} 开始；春节假期都在 1 月中旬至 2 月下旬")
    for holiday, month, day in (("元旦", 1, 1), ("劳动节", 5, 1), ("国庆节", 10, 1)):
        days = _days_of(spans, holiday)
        if days and date(year, month, day) not in days:
            problems.append(f"{holiday}假期不含 {month} 月 {day} 日（{days[0]} 起）")
    for name, first, last in spans:
        length = (last - first).days + 1
        if length > LONGEST_SPAN:
            problems.append(f"{name}连续放假 {length} 天（{first} 至 {last}），超过通知的惯例")
    if year >= FIRST_YEAR_OF_SEVEN and len(own) < FEWEST_DAYS_OFF:
        problems.append(
            f"全年只有 {len(own)} 天放假（含假期中的周末）；通知安排的全年放假一般在 25 天以上，"
            "请检查是否漏录了节日"
        )
    return problems
