"""`gongkai worker` on the database backend: queued tasks run, and a task whose worker died
mid-run (left RUNNING past its lease) runs again instead of being lost."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gongkai.cli import main
from gongkai.config.background import background
from gongkai.config.tasks import ping
from gongkai.config.worker import requeue_stale, run_worker

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("db_tasks")]


@pytest.fixture
def db_tasks():
    with override_settings(TASKS=DB_BACKEND):
        yield


def test_the_worker_runs_the_queued_tasks_and_stops_when_the_queue_is_empty():
    results = [ping.enqueue(f"v{i}") for i in range(3)]
    assert DBTaskResult.objects.ready().count() == 3
    assert main(["worker", "--once"]) == 0
    for result in results:
        result.refresh()
        assert result.status == TaskResultStatus.SUCCESSFUL
    assert [r.return_value for r in results] == ["v0", "v1", "v2"]


def test_a_task_left_running_by_a_dead_worker_runs_again_after_its_lease():
    result = ping.enqueue("again")
    # What a worker killed mid-task leaves behind: the row claimed, RUNNING, never finished.
    DBTaskResult.objects.filter(id=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(hours=1),
        worker_ids=["dead-worker"],
    )
    assert run_worker(once=True) == 1
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "again"


def test_a_task_still_within_its_lease_is_left_to_its_worker():
    result = ping.enqueue()
    DBTaskResult.objects.filter(id=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(seconds=5)
    )
    assert requeue_stale(lease_seconds=60) == 0
    result.refresh()
    assert result.status == TaskResultStatus.RUNNING


def test_the_worker_refuses_the_immediate_backend(capsys):
    with override_settings(
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    ):
        assert main(["worker", "--once"]) == 1
    assert "GONGKAI_TASKS_BACKEND" in capsys.readouterr().err


ATTEMPTS: list[int] = []


@background(attempts=3, backoff=60, seconds=5)
def flaky(fail_times: int) -> str:
    ATTEMPTS.append(len(ATTEMPTS) + 1)
    if len(ATTEMPTS) <= fail_times:
        raise ConnectionError("暂时连不上")
    return "done"


@background(attempts=1, seconds=1)
def too_slow() -> None:
    time.sleep(3)


def _run_when_due() -> None:
    """Run the worker as if the retry delays had passed: every deferred retry is due."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker(once=True)


def test_a_failing_task_is_retried_later_with_a_growing_delay_until_it_succeeds():
    ATTEMPTS.clear()
    flaky.enqueue(2)
    run_worker(once=True)
    first_retry = DBTaskResult.objects.filter(status="READY").get()
    waited = first_retry.run_after - timezone.now()
    assert timedelta(seconds=50) < waited <= timedelta(seconds=60)
    _run_when_due()
    second_retry = DBTaskResult.objects.filter(status="READY").get()
    assert second_retry.run_after - timezone.now() > timedelta(seconds=110)
    _run_when_due()
    assert ATTEMPTS == [1, 2, 3]
    statuses = sorted(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == ["FAILED", "FAILED", "SUCCESSFUL"]
    assert DBTaskResult.objects.successful().get().return_value == "done"


def test_retries_stop_after_the_last_attempt():
    ATTEMPTS.clear()
    flaky.enqueue(10)
    for _ in range(5):
        _run_when_due()
    assert ATTEMPTS == [1, 2, 3]
    assert (
        DBTaskResult.objects.failed().count() == 3
        and not DBTaskResult.objects.filter(status="READY").exists()
    )


def test_a_task_past_its_time_limit_is_interrupted_and_recorded_as_failed():
    result = too_slow.enqueue()
    run_worker(once=True)
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path.endswith("TaskTimeLimitExceeded")
