"""Emails before a unit's annual report is due, for cron to send each working day."""

from __future__ import annotations

import datetime as dt

from gongkai.organisations.models import Agency, RoleAssignment
from gongkai.organisations.roles import ROLE_GRANTS, Action, Role
from gongkai.outbox.mail import queue_mail
from gongkai.outbox.models import MailKind

from .domain.deadlines import submission_deadline
from .models import SUBMISSIONS, PublishedReport

# Remind from this many days before the deadline, and keep reminding while it is late.
REMIND_FROM_DAYS = 14
KEEP_REMINDING_DAYS = 45
EDITORS = [role for role in Role if Action.REPORT_EDIT in ROLE_GRANTS.get(role, {})]


def due_units(today: dt.date) -> list[tuple[Agency, dt.date]]:
    """Units whose report on last year is due soon or late and not yet submitted."""
    year = today.year - 1
    submitted = set(
        PublishedReport.objects.filter(year=year, source__in=SUBMISSIONS).values_list(
            "agency_id", flat=True
        )
    )
    due = []
    for agency in Agency.objects.filter(is_active=True).exclude(pk__in=submitted):
        deadline = submission_deadline(year, level=agency.level, kind=agency.kind)
        if -REMIND_FROM_DAYS <= (today - deadline).days <= KEEP_REMINDING_DAYS:
            due.append((agency, deadline))
    return due


def send_report_reminders(*, today: dt.date, dry_run: bool = False) -> list[tuple[str, str]]:
    sent = []
    for agency, deadline in due_units(today):
        late = today > deadline
        subject = f"【政府信息公开】{agency.name} {today.year - 1} 年度报告" + (
            "已逾期未报送" if late else f"应于 {deadline:%m月%d日} 前报送"
        )
        body = (
            f"{agency.name}的 {today.year - 1} 年政府信息公开工作年度报告应于 {deadline} 前报送"
            f"（《条例》第四十九条），{'现已逾期' if late else '目前尚未报送'}。"
            "请登录政务公开工作平台，在“年度报告”中预览、核对后报送。"
        )
        editors = RoleAssignment.objects.filter(
            agency=agency, role__in=EDITORS, user__is_active=True
        ).select_related("user")
        for assignment in editors:
            if not assignment.user.email:
                continue
            if not dry_run:
                # Through the outbox: an SMTP outage delays the reminder instead of skipping it.
                queue_mail(
                    to=assignment.user.email,
                    subject=subject,
                    body=body,
                    kind=MailKind.REPORT_REMINDER,
                    related=agency,
                )
            sent.append((assignment.user.email, agency.name))
    return sent
