"""`gongkai worker` on each queue (the database, Redis): queued tasks run, and a task whose worker
died mid-run (claimed, never finished) runs again after its lease instead of being lost."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.utils import timezone

from gongkai.cli import main
from gongkai.config.background import background
from gongkai.config.tasks import ping
from gongkai.config.worker import requeue_stale, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_runs_the_queued_tasks_and_stops_when_the_queue_is_empty(task_queue):
    results = [ping.enqueue(f"v{i}") for i in range(3)]
    assert task_queue.statuses() == ["READY"] * 3
    assert main(["worker", "--once"]) == 0
    for result in results:
        result.refresh()
        assert result.status == TaskResultStatus.SUCCESSFUL
    assert [r.return_value for r in results] == ["v0", "v1", "v2"]


def test_a_task_left_running_by_a_dead_worker_runs_again_after_its_lease(task_queue):
    result = ping.enqueue("again")
    task_queue.leave_to_dead_worker(result.id, idle_seconds=3600)
    assert run_worker(once=True) == 1
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "again"
    assert result.worker_ids[0] == "dead-worker" and len(result.worker_ids) == 2


def test_a_task_still_within_its_lease_is_left_to_its_worker(task_queue):
    result = ping.enqueue()
    task_queue.leave_to_dead_worker(result.id, idle_seconds=5)
    with override_settings(TASKS=task_queue.setting(claim_timeout=60)):
        if task_queue.kind == "db":
            assert requeue_stale(lease_seconds=60) == 0
        assert run_worker(once=True) == 0
    result.refresh()
    assert result.status == TaskResultStatus.RUNNING


@pytest.mark.parametrize("task_queue", ["redis"], indirect=True)
def test_a_killed_redis_worker_s_task_is_taken_over_by_another_after_the_claim_timeout(
    task_queue,
):
    with override_settings(TASKS=task_queue.setting(claim_timeout=1)):
        result = ping.enqueue("taken over")
        # Received and claimed by a worker that is killed before it acknowledges anything.
        task_queue.leave_to_dead_worker(result.id, idle_seconds=0)
        assert run_worker(once=True) == 0
        result.refresh()
        assert result.status == TaskResultStatus.RUNNING
        time.sleep(1.5)  # past the claim timeout: the dead worker's message is anyone's now
        assert run_worker(once=True) == 1
        result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "taken over"
    assert result.worker_ids[0] == "dead-worker" and result.worker_ids[1] != "dead-worker"


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


def test_a_failing_task_is_retried_later_with_a_growing_delay_until_it_succeeds(task_queue):
    ATTEMPTS.clear()
    flaky.enqueue(2)
    run_worker(once=True)
    [first_retry] = task_queue.waiting_until()
    assert timedelta(seconds=50) < first_retry - timezone.now() <= timedelta(seconds=60)
    task_queue.make_due()
    run_worker(once=True)
    [second_retry] = task_queue.waiting_until()
    assert second_retry - timezone.now() > timedelta(seconds=110)
    task_queue.make_due()
    run_worker(once=True)
    assert ATTEMPTS == [1, 2, 3]
    assert task_queue.statuses() == ["FAILED", "FAILED", "SUCCESSFUL"]


def test_retries_stop_after_the_last_attempt(task_queue):
    ATTEMPTS.clear()
    flaky.enqueue(10)
    for _ in range(5):
        task_queue.make_due()
        run_worker(once=True)
    assert ATTEMPTS == [1, 2, 3]
    assert task_queue.statuses() == ["FAILED"] * 3


def test_a_task_past_its_time_limit_is_interrupted_and_recorded_as_failed(task_queue):
    result = too_slow.enqueue()
    run_worker(once=True)
    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class.__name__ == "TaskTimeLimitExceeded"


def test_a_worker_sweeps_the_outbox_and_queues_due_jobs_before_it_drains(task_queue, monkeypatch):
    from gongkai.config import worker

    calls = []
    monkeypatch.setattr(worker, "sweep", lambda: calls.append("sweep"))
    monkeypatch.setattr(worker, "run_due", lambda: calls.append("run_due"))
    result = ping.enqueue("after")
    assert run_worker(once=True) == 0
    assert calls == ["sweep", "run_due"]
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
