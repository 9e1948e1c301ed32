"""The background worker behind ``gongkai worker``: the loop of the configured backend's own
worker (django-tasks-db's, or django-tasks-redis's), plus a lease.

django-tasks-db claims a task by setting it RUNNING and never looks at it again: when the worker
process dies mid-task (killed, out of memory, the machine restarts) the row stays RUNNING for
ever and the job is lost. Here a RUNNING task whose start is older than
``GONGKAI_TASK_LEASE_SECONDS`` goes back to READY, swept at start-up and each time the queue runs
empty, so another worker runs it again. The outbox's sweep (outbox/sweep.py) runs at the same
moments. Tasks must therefore be idempotent, and the lease must
exceed the longest task.

On Redis (GONGKAI_TASKS_BACKEND=redis) the queue is a Redis stream read by a consumer group, so
workers on any number of machines share it. A worker holds the message of the task it runs
until the task is done; one that died leaves it pending, and another worker's sweep takes it
over (XCLAIM) once it has been held for the same lease, sets the task READY again and runs it.
That sweep runs at start-up and then every few seconds between tasks (the library's loop
blocks on the stream instead of running empty); the outbox's and the periodic jobs with it
when the last read found the queue empty.
"""

from __future__ import annotations

import logging
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.tasks import TaskResultStatus, task_backends
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_redis import RedisTaskBackend
from django_tasks_redis.management.commands import run_redis_tasks

from gongkai.outbox.sweep import sweep

from .schedule import run_due

log = logging.getLogger(__name__)


def requeue_stale(*, lease_seconds: int | None = None) -> int:
    """Put every RUNNING task started more than a lease ago back in the queue; their count."""
    lease = lease_seconds if lease_seconds is not None else settings.GONGKAI_TASK_LEASE_SECONDS
    now = timezone.now()
    with transaction.atomic():
        return DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lt=now - timedelta(seconds=lease)
        ).update(status=TaskResultStatus.READY, run_after=now, started_at=None)


def queue_kind() -> str | None:
    """ "db" or "redis": the queue the default backend keeps for `gongkai worker`; None when the
    backend runs its tasks itself (immediate)."""
    backend = task_backends["default"]
    if isinstance(backend, RedisTaskBackend):
        return "redis"
    if isinstance(backend, DatabaseBackend):
        return "db"
    return None


def run_worker(*, interval: float = 1.0, once: bool = False, queues: str = "*") -> int:
    """Run tasks until stopped (SIGINT/SIGTERM finish the current task), or with ``once`` until
    the queue is empty; the number of dead workers' tasks requeued on the way."""
    if queue_kind() == "redis":
        return _run_redis_worker(interval=interval, once=once)
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


class _RedisWorker(run_redis_tasks.Command):
    """django-tasks-redis's worker command, run in this process: its loop as it is, with its
    sweep for dead workers' tasks counted and joined by the platform's own housekeeping."""

    def __init__(self, *, every: float | None, **kwargs):
        super().__init__(**kwargs)
        self.every = every  # seconds between housekeeping rounds; None: only the first
        self.due = 0.0
        self.claimed = 0
        # Whether the loop's last read found nothing to run: the outbox's sweep takes a task
        # not run within its grace for lost, which holds only when the queue has run empty.
        self.ran_empty = True

    def _claim_stale_messages(self, broker, worker_id):
        # Overrides the command's sweep (django-tasks-redis 0.4.0, pinned for this reason),
        # which its loop calls before each read when claim_interval is 0. The claims are still
        # made for the loop's own consumer id, the one it reads as, so what they take over
        # runs in this loop.
        ran_empty, self.ran_empty = self.ran_empty, True
        now = time.monotonic()
        if now < self.due:
            return
        self.due = now + self.every if self.every is not None else float("inf")
        try:
            self.claimed += broker.claim_stale_messages(worker_id)
        except Exception:
            log.exception("worker %s could not sweep the dead workers' tasks", worker_id)
        if ran_empty:
            sweep()
            run_due()

    def _run_broker_message(self, backend, broker, message, worker_id):
        self.ran_empty = False
        return super()._run_broker_message(backend, broker, message, worker_id)


def _run_redis_worker(*, interval: float, once: bool) -> int:
    # Running on, the loop blocks on the stream up to REDIS_BLOCK_TIMEOUT (5 s) when idle, so
    # housekeeping comes round at least that often; more often only costs round trips.
    worker = _RedisWorker(every=None if once else max(5.0, interval))
    call_command(
        worker,
        continuous=not once,
        interval=interval,
        claim_interval=0,
        no_graceful_shutdown=once,
    )
    return worker.claimed
