"""Chinese working days: public holidays and adjusted working days (调休), from chinesecalendar plus the project's own data."""

from gongkai.workdays.calendar import WorkdayCalendar, YearSchedule
from gongkai.workdays.deadline import (
    Deadline,
    Step,
    add_working_days,
    explain,
    working_days_between,
)

__all__ = [
    "Deadline",
    "Step",
    "WorkdayCalendar",
    "YearSchedule",
    "add_working_days",
    "explain",
    "working_days_between",
]
