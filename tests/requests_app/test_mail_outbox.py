"""The applicant's e-mail goes through the outbox: written with the step, sent by a worker,
kept through an SMTP outage, sent at most once, found again when its task was lost; and the
operator's 后台任务 page shows a failed one without the address and retries it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from test_request_pages import form_data

from gongkai.accounts.system import SYSTEM
from gongkai.audit.models import AuditEntry
from gongkai.config.worker import run_worker
from gongkai.organisations.actions.accounts import create_user
from gongkai.outbox import mail as outbox_mail
from gongkai.outbox.models import Mail, MailStatus
from gongkai.outbox.sweep import INTERRUPTED, sweep
from gongkai.requests import actions

pytestmark = pytest.mark.django_db(transaction=True)
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ADDRESS = "lisi@example.com"  # form_data's


@pytest.fixture
def smtp(monkeypatch):
    """The mail server: down while ``state["down"]``, refusing the way smtplib does."""
    state = {"down": False, "tries": 0}
    real = outbox_mail.send_mail

    def send(*args, **kwargs):
        state["tries"] += 1
        if state["down"]:
            raise ConnectionRefusedError(f"SMTP 连接被拒绝（收件人 {ADDRESS}）")
        return real(*args, **kwargs)

    monkeypatch.setattr(outbox_mail, "send_mail", send)
    return state


def _submit(office):
    req, _ = actions.submit_online(
        agency=office["county"], data=form_data() | {"channel": "online"}
    )
    return req


def _when_due():
    """Run the worker as if every retry delay had passed."""
    Mail.objects.filter(status=MailStatus.QUEUED).update(next_attempt_at=timezone.now())
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker(once=True)


@override_settings(TASKS=DB_TASKS)
def test_an_smtp_outage_delays_the_mail_and_a_worker_sends_it_afterwards(office, smtp):
    req = _submit(office)
    row = Mail.objects.get()
    assert (row.related_type, row.related_id, row.status) == (
        "requests.inforequest",
        req.pk,
        "queued",
    )
    assert mail.outbox == []  # nothing is sent inside the request: a worker does it
    smtp["down"] = True
    run_worker(once=True)
    row.refresh_from_db()
    assert row.status == MailStatus.QUEUED and row.attempts == 1
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=30)  # backoff
    assert "ConnectionRefusedError" in row.last_error and ADDRESS not in row.last_error
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # the retry is queued
    _when_due()
    assert Mail.objects.get().attempts == 2 and mail.outbox == []
    smtp["down"] = False  # the outage ends
    _when_due()
    row.refresh_from_db()
    assert row.status == MailStatus.SENT and row.body == "" and row.sent_at
    [sent] = mail.outbox
    assert sent.to == [ADDRESS] and req.number in sent.subject


@override_settings(TASKS=DB_TASKS)
def test_a_mail_is_sent_at_most_once_when_two_workers_pick_it(office, smtp):
    _submit(office)
    row = Mail.objects.get()
    DBTaskResult.objects.all().delete()
    # Two tasks for one row (a sweep raced the original enqueue), run by two workers.
    outbox_mail.deliver_mail.enqueue(row.pk)
    outbox_mail.deliver_mail.enqueue(row.pk)
    run_worker(once=True)
    assert len(mail.outbox) == 1 and smtp["tries"] == 1
    # A worker that finds the row already claimed by another sends nothing.
    Mail.objects.filter(pk=row.pk).update(status=MailStatus.SENDING)
    assert outbox_mail.deliver(row.pk) == "not due or taken"
    assert len(mail.outbox) == 1


@override_settings(TASKS=DB_TASKS)
def test_the_sweep_finds_a_mail_whose_task_was_lost(office, smtp):
    _submit(office)
    DBTaskResult.objects.all().delete()  # the process died between commit and enqueue
    run_worker(once=True)
    assert mail.outbox == []  # within the grace period the task may still be coming
    Mail.objects.update(enqueued_at=timezone.now() - timedelta(minutes=5))
    run_worker(once=True)
    assert len(mail.outbox) == 1 and Mail.objects.get().status == MailStatus.SENT


def test_an_interrupted_send_is_marked_failed_not_sent_again(office, smtp):
    with override_settings(TASKS=DB_TASKS):
        _submit(office)
    Mail.objects.update(status=MailStatus.SENDING, updated_at=timezone.now() - timedelta(hours=2))
    assert sweep(lease_seconds=600).interrupted == 1
    row = Mail.objects.get()
    assert row.status == MailStatus.FAILED and row.last_error == INTERRUPTED
    assert mail.outbox == [] and smtp["tries"] == 0


def test_the_mail_row_is_part_of_the_steps_transaction(office, smtp):
    with pytest.raises(RuntimeError), transaction.atomic():
        _submit(office)
        raise RuntimeError("the step fails after its notice was written")
    assert not Mail.objects.exists() and mail.outbox == []


def test_retries_stop_after_the_last_attempt_and_the_operator_retries_from_the_jobs_page(
    office, smtp, login, password
):
    smtp["down"] = True
    with override_settings(TASKS=DB_TASKS):
        req = _submit(office)
        for _ in range(outbox_mail.MAX_ATTEMPTS + 2):
            _when_due()
    row = Mail.objects.get()
    assert row.status == MailStatus.FAILED and row.attempts == outbox_mail.MAX_ATTEMPTS

    operator = create_user(actor=SYSTEM, username="operator", password=password, is_superuser=True)
    client = login(Client(), operator)
    page = client.get(reverse("outbox:jobs"))
    text = page.content.decode()
    assert page.status_code == 200 and "发送失败" in text and "重试" in text
    assert req.number in text and ADDRESS not in text and "李四" not in text  # no personal data
    # A clerk has no business here.
    clerk = login(Client(), office["clerk"])
    assert clerk.get(reverse("outbox:jobs")).status_code == 403
    assert clerk.post(reverse("outbox:jobs"), {"kind": "mail", "pk": row.pk}).status_code == 403

    smtp["down"] = False
    response = client.post(reverse("outbox:jobs"), {"kind": "mail", "pk": row.pk})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == MailStatus.SENT and len(mail.outbox) == 1  # immediate backend
    entry = AuditEntry.objects.get(action="outbox.retry")
    assert entry.actor_id == operator.pk and entry.changes["status"] == ["failed", "queued"]
    # Retrying what is no longer failed is refused with a message, not an error page.
    again = client.post(reverse("outbox:jobs"), {"kind": "mail", "pk": row.pk}, follow=True)
    assert "已不是“失败”状态" in again.content.decode()
    assert client.post(reverse("outbox:jobs"), {"kind": "mail", "pk": "x"}).status_code == 400
