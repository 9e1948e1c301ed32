"""The one state change an operator makes here: put a failed outbox row back in the queue."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from gongkai.audit import log as audit
from gongkai.errors import Conflict
from gongkai.organisations import policy
from gongkai.organisations.roles import Action

from . import index, mail
from .models import IndexChange, IndexStatus, Mail, MailStatus

Denied = policy.Denied
KINDS = {"mail": (Mail, MailStatus), "index": (IndexChange, IndexStatus)}


class NotRetryable(Conflict):
    """Shown as it is: the row is gone or not failed (another operator retried it)."""

    code = "not_retryable"
    message = "此任务已不需要重试（可能已被其他人重试）。"


def retry(*, actor, kind: str, pk: int):
    """A failed mail or index change starts a new round of attempts. A mail that failed
    because its sending was interrupted may have gone out: the page says so before this."""
    policy.require_platform(actor, Action.MANAGE_JOBS, "只有平台运维人员可以重试后台任务。")
    if kind not in KINDS:
        raise NotRetryable("不认识的任务类别。")
    model, status = KINDS[kind]
    now = timezone.now()
    with transaction.atomic():
        row = model.objects.select_for_update().filter(pk=pk).first()
        if row is None or row.status != status.FAILED:
            raise NotRetryable("这一项已不是“失败”状态（可能已有人重试），页面已刷新。")
        row.status, row.attempts = status.QUEUED, 0
        row.next_attempt_at = row.updated_at = row.enqueued_at = now
        row.save()
        audit.record(
            actor=actor,
            action="outbox.retry",
            obj=row,
            changes={"status": [status.FAILED.value, status.QUEUED.value]},
            note=row.last_error[:200],
        )
        if kind == "mail":
            transaction.on_commit(lambda: mail.enqueue_delivery(row.pk))
        else:
            transaction.on_commit(index.enqueue_apply)
    return row
