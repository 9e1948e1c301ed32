"""Outgoing e-mail: ``queue_mail`` writes the row inside the caller's transaction and enqueues
its delivery after commit; ``deliver`` sends one row at most once.

At most once: a row is claimed by one conditional UPDATE (queued → sending), so of two workers
given the same row one sends and the other finds nothing to do. A worker that dies between the
claim and the end of sending leaves the row ``sending``; the sweep marks it failed rather than
sending again, because the message may have left, and the operator decides on the jobs page.
An SMTP failure puts the row back in the queue with a growing delay, ``MAX_ATTEMPTS`` in all.
"""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.tasks import task, task_backends
from django.utils import timezone

from .backoff import error_text, retry_delay
from .models import Mail, MailStatus

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8  # with BACKOFF_SECONDS 60: the last try some four hours after the first
BACKOFF_SECONDS = 60


def queue_mail(*, to: str, subject: str, body: str, kind: str, related=None) -> Mail:
    """Write the mail in the current transaction; its delivery starts once that commits."""
    now = timezone.now()
    row = Mail.objects.create(
        kind=kind,
        recipient=to,
        subject=subject[:300],
        body=body,
        related_type=related._meta.label_lower if related is not None else "",
        related_id=related.pk if related is not None else None,
        created_at=now,
        updated_at=now,
        next_attempt_at=now,
        enqueued_at=now,
    )
    transaction.on_commit(lambda: enqueue_delivery(row.pk))
    return row


def enqueue_delivery(pk: int, *, at=None) -> None:
    """Hand the row to a worker; never raises (the sweep finds a row whose enqueue failed)."""
    try:
        if at is not None and task_backends[deliver_mail.backend].supports_defer:
            deliver_mail.using(run_after=at).enqueue(pk)
        elif at is None:
            deliver_mail.enqueue(pk)
    except Exception:
        log.warning("could not enqueue mail %s; the sweep will", pk, exc_info=True)


def deliver(pk: int) -> str:
    """Send row ``pk`` if it is due and nobody else has it; what became of it."""
    now = timezone.now()
    claimed = Mail.objects.filter(pk=pk, status=MailStatus.QUEUED, next_attempt_at__lte=now).update(
        status=MailStatus.SENDING, attempts=F("attempts") + 1, updated_at=now
    )
    if not claimed:
        return "not due or taken"
    row = Mail.objects.get(pk=pk)
    try:
        send_mail(row.subject, row.body, None, [row.recipient])
    except Exception as exc:
        log.warning("could not send mail %s (%s), attempt %s", pk, row.subject, row.attempts)
        done = timezone.now()
        if row.attempts >= MAX_ATTEMPTS:
            status, at = MailStatus.FAILED, None
        else:
            status, at = MailStatus.QUEUED, done + retry_delay(row.attempts, BACKOFF_SECONDS)
        Mail.objects.filter(pk=pk).update(
            status=status,
            last_error=error_text(exc, hide=row.recipient),
            updated_at=done,
            next_attempt_at=at or done,
            enqueued_at=done if at else None,
        )
        if at is not None:
            enqueue_delivery(pk, at=at)
        return status
    # Sent: the body is dropped, it may hold a tracking code (only its hash is kept elsewhere).
    done = timezone.now()
    Mail.objects.filter(pk=pk).update(
        status=MailStatus.SENT, body="", sent_at=done, updated_at=done, last_error=""
    )
    return MailStatus.SENT


@task
def deliver_mail(pk: int) -> str:
    return deliver(pk)
