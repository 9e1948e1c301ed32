"""The platform's periodic jobs, run by ``gongkai worker`` instead of cron.

Each time its queue runs empty the worker asks which occurrences are due (cron expressions in
Beijing time, read by cronsim) and queues each one once: the occurrence is a row with a unique
key (outbox.ScheduledRun), so of several workers only the first to insert it runs it. A worker
that was down at the hour catches up within ``CATCH_UP``, not later (a reminder sent at
midnight helps nobody), and never for the hours before it was first installed. Reminders run
on working days only, by the platform's calendar (调休 Saturdays included, holidays left out).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from cronsim import CronSim
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.audit import verification
from gongkai.outbox.models import ScheduledRun
from gongkai.reports.notify import send_report_reminders
from gongkai.requests.notify import send_reminders
from gongkai.workdays.registry import current_calendar

from .background import background

CATCH_UP = dt.timedelta(hours=4)


@dataclass(frozen=True)
class Job:
    cron: str
    label: str
    run: Callable[[dt.date], object]
    working_days_only: bool = False


JOBS: dict[str, Job] = {
    "requests.remind": Job(
        "0 8 * * *",
        "办理提醒（超期、即将到期、待确认、待审批延期）",
        lambda today: send_reminders(today=today),
        working_days_only=True,
    ),
    "report.remind": Job(
        "5 8 * * *",
        "年度报告报送提醒",
        lambda today: send_report_reminders(today=today),
        working_days_only=True,
    ),
    "audit.verify": Job(
        "30 2 * * *", "审计日志完整性校验", lambda today: verification.verify(by="定时任务")
    ),
}


def due(now: dt.datetime) -> list[tuple[str, dt.datetime]]:
    """Each job's latest occurrence at or before ``now``, if within the catch-up window."""
    local = timezone.localtime(now)
    naive = local.replace(tzinfo=None)
    out = []
    for name, job in JOBS.items():
        # cronsim's reverse iteration starts strictly before its start: a second past now
        # makes an occurrence at exactly now count.
        last = next(CronSim(job.cron, naive + dt.timedelta(seconds=1), reverse=True))
        at = timezone.make_aware(last, local.tzinfo)
        if now - at <= CATCH_UP:
            out.append((name, at))
    return out


def _take(name: str, at: dt.datetime) -> bool:
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(name=name, due_at=at)
    except IntegrityError:
        return False
    return True


def run_due(now: dt.datetime | None = None) -> list[str]:
    """Queue every due occurrence not yet taken; the names queued."""
    if not settings.GONGKAI_SCHEDULE:
        return []
    now = now or timezone.now()
    queued = []
    for name, at in due(now):
        if _take(name, at):
            scheduled_job.enqueue(name, timezone.localtime(at).date().isoformat())
            queued.append(name)
    return queued


@background(attempts=3, backoff=300, seconds=1800)
def scheduled_job(name: str, day: str) -> str:
    job = JOBS[name]
    today = dt.date.fromisoformat(day)
    if job.working_days_only and not current_calendar().is_workday(today):
        return "非工作日，未运行"
    job.run(today)
    return "已运行"
