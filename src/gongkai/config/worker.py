"""The background worker behind ``gongkai worker``: django-tasks-db's worker loop, plus a lease.

django-tasks-db claims a task by setting it RUNNING and never looks at it again: when the worker
process dies mid-task (killed, out of memory, the machine restarts) the row stays RUNNING for
ever and the job is lost. Here a RUNNING task whose start is older than
``GONGKAI_TASK_LEASE_SECONDS`` goes back to READY, swept at start-up and each time the queue runs
empty, so another worker runs it again. The outbox's sweep (outbox/sweep.py) runs at the same
moments. Tasks must therefore be idempotent, and the lease must
exceed the longest task.
"""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from gongkai.outbox.sweep import sweep

from .schedule import run_due


def requeue_stale(*, lease_seconds: int | None = None) -> int:
    """Put every RUNNING task started more than a lease ago back in the queue; their count."""
    lease = lease_seconds if lease_seconds is not None else settings.GONGKAI_TASK_LEASE_SECONDS
    now = timezone.now()
    with transaction.atomic():
        return DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lt=now - timedelta(seconds=lease)
        ).update(status=TaskResultStatus.READY, run_after=now, started_at=None)


def run_worker(*, interval: float = 1.0, once: bool = False, queues: str = "*") -> int:
    """Run tasks until stopped (SIGINT/SIGTERM finish the current task), or with ``once`` until
    the queue is empty; the number of stale tasks requeued on the way."""
    worker = Worker(
        queue_names=queues.split(","),
        interval=interval,
        # Batch mode returns when the queue is empty: the moment to sweep expired leases.
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"gongkai-{uuid.uuid4().hex[:12]}",
        excluded_queue_names=[],
    )
    if not once:
        worker.configure_signals()
    requeued = 0
    while True:
        requeued += requeue_stale()
        # Outbox rows whose task was lost go back in the queue before it is run.
        sweep()
        # The periodic jobs due now, queued once whichever worker gets there first.
        run_due()
        worker.run()
        if once or not worker.running:
            return requeued
        time.sleep(interval)
