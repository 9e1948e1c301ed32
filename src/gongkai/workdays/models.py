from __future__ import annotations

from django.db import models

from .calendar import ScheduleError, YearSchedule


class CalendarYear(models.Model):
    """A year's holidays and adjusted working days as an administrator entered them from the
    State Council notice: for years the chinesecalendar package does not know yet (next year's
    schedule is announced late in the year), or to correct it."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    data = models.JSONField("安排")  # YearSchedule.to_dict()
    source = models.CharField("依据（通知名称、文号）", max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} 年节假日安排"

    def schedule(self) -> YearSchedule:
        return YearSchedule.from_dict(self.data | {"source": self.source})


def stored_schedules():
    for row in CalendarYear.objects.all():
        try:
            yield row.schedule()
        except ScheduleError:
            # A row that no longer validates must not stop every deadline in the platform;
            # the calendar page shows the problem to the administrator.
            continue
