"""``@background``: a django.tasks task that is time-limited and retried with backoff.

django.tasks records a failure and stops there; the platform's jobs (mail, parsing) should
try again later instead. A failed attempt enqueues the next one with ``run_after`` growing
``backoff · 2^(n-1)`` seconds, up to ``attempts`` in all; each attempt is its own task result,
so the office sees the failures. A task must therefore be idempotent: a retry, and a rerun after
a dead worker's lease (config/worker.py), may repeat work already partly done.

The time limit uses SIGALRM, so it holds in the worker's main thread (where `gongkai worker`
runs tasks); elsewhere (the immediate backend inside a threaded server) it is not enforced.
"""

from __future__ import annotations

import contextlib
import functools
import signal
import threading

from django.tasks import task, task_backends
from django.utils import timezone

from gongkai.outbox.backoff import retry_delay


class TaskTimeLimitExceeded(Exception):
    """The attempt ran past its time limit and was interrupted."""


@contextlib.contextmanager
def time_limit(seconds: int):
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise TaskTimeLimitExceeded(f"任务运行超过 {seconds} 秒，已中止。")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def background(*, attempts: int = 5, backoff: int = 30, seconds: int = 300, **task_options):
    def wrap(func):
        @functools.wraps(func)
        def run(*args, attempt: int = 1, **kwargs):
            try:
                with time_limit(seconds):
                    return func(*args, **kwargs)
            except Exception:
                # The immediate backend cannot defer: there the failure is the caller's to see.
                if attempt < attempts and task_backends[the_task.backend].supports_defer:
                    the_task.using(
                        run_after=timezone.now() + retry_delay(attempt, backoff)
                    ).enqueue(*args, attempt=attempt + 1, **kwargs)
                raise

        the_task = task(**task_options)(run)
        return the_task

    return wrap
