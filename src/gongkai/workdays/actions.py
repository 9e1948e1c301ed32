"""Entering or correcting a year's holiday schedule."""

from __future__ import annotations

from django.db import transaction

from gongkai.audit import log as audit
from gongkai.organisations import policy
from gongkai.organisations.roles import Action

from .calendar import YearSchedule
from .models import CalendarYear
from .signals import calendar_changed


def save_year(*, actor, schedule: YearSchedule, today=None) -> CalendarYear:
    """Store ``schedule``; every open request's due date is then recomputed, in the same
    transaction, and each change written to that request's history."""
    policy.require_platform(actor, Action.MANAGE_CALENDAR, "只有平台管理员可以录入节假日安排。")
    with transaction.atomic():
        row = CalendarYear.objects.select_for_update().filter(year=schedule.year).first()
        before = {"data": row.data, "source": row.source} if row else {}
        data = schedule.to_dict()
        data.pop("source", None)
        if row is None:
            row = CalendarYear(year=schedule.year)
        row.data, row.source = data, schedule.source
        row.save()
        audit.record(
            actor=actor,
            action="calendar.save_year",
            obj=row,
            changes=audit.diff(before, {"data": row.data, "source": row.source}),
        )
        calendar_changed.send(sender=CalendarYear, actor=actor, year=schedule.year, today=today)
    return row
