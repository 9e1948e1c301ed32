"""The platform's own tasks: ``ping`` proves a worker is taking work off the queue."""

from __future__ import annotations

from django.tasks import task


@task
def ping(value: str = "pong") -> str:
    return value
