"""The periodic sweep (run by ``gongkai worker`` whenever its queue runs empty): it finds outbox
rows whose task was lost and hands them out again, and settles rows a dead worker left.

A due row whose last enqueue is older than ``GRACE`` has no task in an empty queue (a retry
waits in the queue with a later ``next_attempt_at``, so it is not due): its task was lost.

Outbox rows of a higher layer (webhook deliveries) are swept by the function their app
registers (``register``), so the outbox imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from . import index, mail
from .models import IndexChange, IndexStatus, Mail, MailStatus

GRACE = timedelta(minutes=1)
INTERRUPTED = "发送过程中断（后台进程退出），无法确定邮件是否已发出；请核实后再决定是否重试。"


# name → sweep(now=…, lease=…, grace=…) returning how many rows it handed out again.
_SWEEPERS: dict[str, Callable[..., int]] = {}


def register(name: str, sweeper: Callable[..., int]) -> None:
    """``sweeper(now=datetime, lease=timedelta, grace=timedelta)`` re-queues its own lost rows."""
    _SWEEPERS[name] = sweeper


@dataclass
class Swept:
    mails: int = 0
    interrupted: int = 0
    index_changes: int = 0
    others: dict[str, int] = field(default_factory=dict)


def sweep(*, now=None, lease_seconds: int | None = None) -> Swept:
    now = now or timezone.now()
    lease = timedelta(
        seconds=lease_seconds if lease_seconds is not None else settings.GONGKAI_TASK_LEASE_SECONDS
    )
    swept = Swept()
    lost = Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - GRACE)
    lost_mail = Mail.objects.filter(lost, status=MailStatus.QUEUED, next_attempt_at__lte=now)
    for pk in lost_mail.values_list("pk", flat=True):
        Mail.objects.filter(pk=pk).update(enqueued_at=now)
        mail.enqueue_delivery(pk)
        swept.mails += 1
    # Sent at most once: a send that may have happened is never repeated on its own.
    swept.interrupted = Mail.objects.filter(
        status=MailStatus.SENDING, updated_at__lt=now - lease
    ).update(status=MailStatus.FAILED, last_error=INTERRUPTED, updated_at=now)
    IndexChange.objects.filter(status=IndexStatus.RUNNING, updated_at__lt=now - lease).update(
        status=IndexStatus.QUEUED, claim="", updated_at=now, next_attempt_at=now
    )
    lost_changes = IndexChange.objects.filter(
        lost, status=IndexStatus.QUEUED, next_attempt_at__lte=now
    )
    swept.index_changes = lost_changes.update(enqueued_at=now)
    if swept.index_changes:
        index.enqueue_apply()
    for name, sweeper in _SWEEPERS.items():
        swept.others[name] = sweeper(now=now, lease=lease, grace=GRACE)
    return swept
