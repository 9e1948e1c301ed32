"""Entering or correcting a year's holiday schedule."""

from __future__ import annotations

import hashlib
import json

from django.db import transaction

from gongkai.audit import log as audit
from gongkai.organisations import policy
from gongkai.organisations.roles import Action

from .calendar import ScheduleError, YearSchedule
from .models import CalendarYear
from .plausibility import implausible
from .registry import DeadlineChange, calendar_with
from .signals import calendar_changed, calendar_preview

Denied = policy.Denied
CALENDAR_DENIED = "只有平台管理员可以录入节假日安排。"


def check_plausible(schedule: YearSchedule) -> None:
    problems = implausible(schedule)
    if problems:
        raise ScheduleError("这不像一份完整的放假通知：" + "；".join(problems) + "。")


def fingerprint(schedule: YearSchedule) -> str:
    """Names exactly the schedule a preview showed, so a confirmation saves only that."""
    text = json.dumps(schedule.to_dict(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def preview_year(*, actor, schedule: YearSchedule, today) -> list[DeadlineChange]:
    """Which open cases' deadlines ``schedule`` would move; nothing is written."""
    policy.require_platform(actor, Action.MANAGE_CALENDAR, CALENDAR_DENIED)
    check_plausible(schedule)
    calendar = calendar_with(schedule)
    changes: list[DeadlineChange] = []
    for _receiver, answer in calendar_preview.send(
        sender=CalendarYear, calendar=calendar, today=today
    ):
        changes.extend(answer or ())
    return changes


def save_year(*, actor, schedule: YearSchedule, today=None) -> CalendarYear:
    """Store ``schedule``; every open request's due date is then recomputed, in the same
    transaction, and each change written to that request's history. Closed requests keep the
    deadline recorded when they closed."""
    policy.require_platform(actor, Action.MANAGE_CALENDAR, CALENDAR_DENIED)
    check_plausible(schedule)
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
