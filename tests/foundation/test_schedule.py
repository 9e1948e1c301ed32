"""The periodic jobs run by `gongkai worker` instead of cron: due by cron in Beijing time, run
once however many workers ask, reminders on working days by the platform's calendar."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from gongkai.config import schedule
from gongkai.outbox.models import ScheduledRun
from gongkai.workdays.registry import current_calendar

BEIJING = ZoneInfo("Asia/Shanghai")
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def at(y, m, d, hh, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=BEIJING)


def test_an_occurrence_is_due_from_its_minute_and_for_the_catch_up_window_only():
    names = lambda now: {n for n, _ in schedule.due(now)}  # noqa: E731
    assert "requests.remind" not in names(at(2026, 12, 2, 7, 59))
    assert {"requests.remind"} <= names(at(2026, 12, 2, 8, 0))
    assert dict(schedule.due(at(2026, 12, 2, 11, 30)))["requests.remind"] == at(2026, 12, 2, 8)
    # A worker down all morning does not send the morning's reminders in the afternoon.
    assert "requests.remind" not in names(at(2026, 12, 2, 12, 1))
    assert "audit.verify" in names(at(2026, 12, 3, 2, 45))
    # Beijing time, whatever the server's clock zone: 08:00 there is 00:00 UTC.
    utc = dt.datetime(2026, 12, 2, 0, 0, tzinfo=dt.UTC)
    assert dict(schedule.due(utc))["requests.remind"] == at(2026, 12, 2, 8)


@pytest.mark.django_db
def test_two_workers_asking_at_once_queue_each_occurrence_once(settings):
    settings.GONGKAI_SCHEDULE = True
    with override_settings(TASKS=DB_BACKEND):
        first = schedule.run_due(at(2026, 12, 2, 8, 6))
        second = schedule.run_due(at(2026, 12, 2, 8, 7))
    assert set(first) == {"requests.remind", "report.remind"} and second == []
    assert ScheduledRun.objects.count() == 2
    assert DBTaskResult.objects.count() == 2
    with override_settings(TASKS=DB_BACKEND):
        assert schedule.run_due(at(2026, 12, 3, 8, 6)) != []  # the next day's are new


@pytest.mark.django_db
def test_switched_off_nothing_is_queued(settings):
    settings.GONGKAI_SCHEDULE = False
    assert schedule.run_due(at(2026, 12, 2, 8, 6)) == []
    assert ScheduledRun.objects.count() == 0


@pytest.mark.django_db
def test_reminders_run_on_working_days_by_the_calendar(monkeypatch):
    sent = []
    monkeypatch.setattr(schedule, "send_reminders", lambda *, today: sent.append(today))
    calendar = current_calendar()
    days = [dt.date(2026, 1, 1) + dt.timedelta(n) for n in range(365)]
    holiday = next(d for d in days if d.weekday() < 5 and not calendar.is_workday(d))
    makeup = next((d for d in days if d.weekday() >= 5 and calendar.is_workday(d)), None)
    assert schedule.scheduled_job.call("requests.remind", holiday.isoformat()) == "非工作日，未运行"
    assert sent == []
    assert schedule.scheduled_job.call("requests.remind", "2026-12-02") == "已运行"
    assert sent == [dt.date(2026, 12, 2)]
    if makeup is not None:  # a 调休 Saturday or Sunday is a working day
        assert schedule.scheduled_job.call("requests.remind", makeup.isoformat()) == "已运行"
