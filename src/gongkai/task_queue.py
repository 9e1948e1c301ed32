"""Queue a background task for a change once the change is committed.

A worker that picked the task up before the commit would not see the change (and on another
machine, with Redis, it could); after the commit it always does. The immediate backend (tests,
and installations that run no worker) runs the task at once instead, inside the caller's
transaction, so the caller sees its result on return as if the work had been done in line.
"""

from __future__ import annotations

from django.db import transaction
from django.tasks import task_backends
from django.tasks.backends.immediate import ImmediateBackend


def runs_in_line(task) -> bool:
    return isinstance(task_backends[task.backend], ImmediateBackend)


def enqueue_after_commit(task, *args, **kwargs) -> None:
    if runs_in_line(task):
        task.enqueue(*args, **kwargs)
    else:
        # Robust: the change stays committed whatever the queue says; a failed enqueue is
        # logged, and the row it was for stays queued for the page to show.
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs), robust=True)
