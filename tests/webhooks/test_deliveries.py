"""A webhook delivery walked end to end against a real HTTP receiver: signed so the receiver can
verify it, retried through the task queue when the receiver fails, at least once through a lost
task or a dead worker, never following a redirect, and part of the change's transaction."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gongkai.config.worker import run_worker
from gongkai.outbox.sweep import sweep
from gongkai.webhooks import delivery, signature
from gongkai.webhooks.events import Event
from gongkai.webhooks.models import Delivery, DeliveryStatus

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _verified(secret: str, got: dict) -> bool:
    """What the README tells a receiver to do, with the bytes as they arrived."""
    header = got["headers"][signature.HEADER]
    return signature.verify(secret, header, got["body"], now=int(time.time()))


def _when_due():
    """Run the worker as if every retry delay had passed."""
    Delivery.objects.filter(status=DeliveryStatus.QUEUED).update(next_attempt_at=timezone.now())
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker(once=True)


@pytest.mark.django_db
def test_the_receiver_gets_a_signed_delivery_it_can_verify(
    tree, register, subscribe, receiver, django_capture_on_commit_callbacks
):
    sub, secret = subscribe(events=[Event.RECEIVED])
    with django_capture_on_commit_callbacks(execute=True):
        req = register()
    [got] = receiver.got
    assert _verified(secret, got)
    assert not _verified("another-secret", got)
    tampered = got | {"body": got["body"].replace(b"county", b"other")}
    assert not _verified(secret, tampered)
    row = Delivery.objects.get()
    assert got["headers"][signature.DELIVERY_HEADER] == str(row.uuid)
    assert got["headers"][signature.EVENT_HEADER] == "request.received"
    assert got["headers"]["Content-Type"] == "application/json; charset=utf-8"
    payload = json.loads(got["body"])
    assert payload == row.payload
    assert payload["event"] == "request.received" and payload["agency"]["code"] == "county"
    assert payload["request"]["number"] == req.number
    assert (row.status, row.attempts, row.last_status_code) == ("delivered", 1, 200)
    assert [(t.number, t.status_code) for t in row.tries.all()] == [(1, 200)]
    assert row.subject == req.number


@pytest.mark.django_db(transaction=True)
def test_a_receiver_that_fails_first_gets_the_delivery_on_the_retry(
    tree, register, subscribe, receiver, task_queue
):
    """On each queue (the database, Redis): the retry is a deferred task of the queue."""
    sub, secret = subscribe(events=[Event.RECEIVED])
    receiver.answers = [500]
    register()
    row = Delivery.objects.get()
    assert row.status == DeliveryStatus.QUEUED and receiver.got == []  # a worker sends it
    run_worker(once=True)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_status_code) == ("queued", 1, 500)
    assert "数据库忙" in row.last_error  # the receiver's answer, for the operator
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=30)  # backoff
    [due] = task_queue.waiting_until()  # the retry waits in the queue …
    assert due > timezone.now() + timedelta(seconds=30)
    Delivery.objects.update(next_attempt_at=timezone.now())  # … until its delay has passed
    task_queue.make_due()
    run_worker(once=True)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_status_code) == ("delivered", 2, 200)
    assert [(t.number, t.status_code) for t in row.tries.all()] == [(1, 500), (2, 200)]
    first, second = receiver.got
    # The same delivery twice, each signed afresh: the receiver can drop a repeat by its id.
    assert (
        first["body"] == second["body"] and _verified(secret, first) and _verified(secret, second)
    )
    ids = {got["headers"][signature.DELIVERY_HEADER] for got in receiver.got}
    assert ids == {str(row.uuid)}


@override_settings(TASKS=DB_TASKS)
@pytest.mark.django_db(transaction=True)
def test_retries_stop_after_the_last_attempt_and_an_operator_retries(
    tree, register, subscribe, receiver
):
    from gongkai.audit.models import AuditEntry
    from gongkai.webhooks import actions

    subscribe(events=[Event.RECEIVED])
    receiver.answers = [503] * delivery.MAX_ATTEMPTS
    register()
    for _ in range(delivery.MAX_ATTEMPTS + 1):
        _when_due()
    row = Delivery.objects.get()
    assert (row.status, row.attempts) == ("failed", delivery.MAX_ATTEMPTS)
    with pytest.raises(actions.Denied):
        actions.retry_delivery(actor=tree["clerk"], pk=row.pk)
    actions.retry_delivery(actor=tree["operator"], pk=row.pk)
    assert AuditEntry.objects.filter(action="webhook.retry").count() == 1
    with pytest.raises(actions.NotRetryable):
        actions.retry_delivery(actor=tree["operator"], pk=row.pk)  # already queued again
    run_worker(once=True)
    row.refresh_from_db()
    assert row.status == "delivered" and row.tries.count() == delivery.MAX_ATTEMPTS + 1


@override_settings(TASKS=DB_TASKS)
@pytest.mark.django_db(transaction=True)
def test_a_lost_task_and_a_dead_workers_send_are_delivered_by_the_sweep(
    tree, register, subscribe, receiver
):
    subscribe(events=[Event.RECEIVED])
    register()
    DBTaskResult.objects.all().delete()  # the process died between commit and enqueue
    run_worker(once=True)
    assert receiver.got == []  # within the grace period the task may still be coming
    Delivery.objects.update(enqueued_at=timezone.now() - timedelta(minutes=5))
    run_worker(once=True)
    assert len(receiver.got) == 1 and Delivery.objects.get().status == "delivered"
    # A worker killed while sending: at least once, so the sweep sends it again.
    Delivery.objects.update(
        status=DeliveryStatus.SENDING, updated_at=timezone.now() - timedelta(hours=2)
    )
    assert sweep(lease_seconds=600).others["webhooks"] == 1
    run_worker(once=True)
    assert len(receiver.got) == 2 and Delivery.objects.get().status == "delivered"


@pytest.mark.django_db
def test_the_delivery_row_is_part_of_the_changes_transaction(
    tree, register, subscribe, receiver, django_capture_on_commit_callbacks
):
    subscribe(events=[Event.RECEIVED])
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            register()
            assert Delivery.objects.count() == 1  # written with the request …
            raise RuntimeError("the registration fails after its audit row")
    assert not Delivery.objects.exists() and receiver.got == []  # … and gone with it


@pytest.mark.django_db
def test_a_redirect_is_not_followed(
    tree, register, subscribe, receiver, django_capture_on_commit_callbacks
):
    subscribe(events=[Event.RECEIVED])
    receiver.answers = [302]
    with django_capture_on_commit_callbacks(execute=True):
        register()
    row = Delivery.objects.get()
    assert row.status == "queued" and row.last_status_code == 302 and "重定向" in row.last_error
    assert len(receiver.got) == 1  # and nothing went to the Location it named


@pytest.mark.django_db
def test_an_unreachable_receiver_is_an_error_in_the_log_not_in_the_action(
    tree, register, subscribe, django_capture_on_commit_callbacks
):
    subscribe(events=[Event.RECEIVED], url="http://127.0.0.1:9/nobody-listens")
    with django_capture_on_commit_callbacks(execute=True):
        req = register()
    assert req.pk
    row = Delivery.objects.get()
    assert row.status == "queued" and row.last_status_code is None and row.last_error


@pytest.mark.django_db
def test_a_deactivated_subscription_gets_nothing_more(
    tree, register, subscribe, receiver, django_capture_on_commit_callbacks
):
    from gongkai.webhooks import actions

    sub, _ = subscribe(events=[Event.RECEIVED])
    queued = Delivery.objects.create(
        subscription=sub, event="request.received", subject="x", payload={"event": "x"}
    )
    actions.deactivate_subscription(actor=tree["operator"], subscription=sub)
    with django_capture_on_commit_callbacks(execute=True):
        register()
    assert Delivery.objects.count() == 1  # nothing new for it
    assert delivery.deliver(queued.pk) == DeliveryStatus.FAILED  # nor the queued one sent
    assert receiver.got == []
