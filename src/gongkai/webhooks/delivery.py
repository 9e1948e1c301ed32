"""Sending one delivery: signed, time-limited, retried with a growing delay, each try logged.

A row is claimed by one conditional UPDATE (queued → sending), so of two workers handed the
same row one sends. A failure (no answer, a timeout, an answer other than 2xx, a redirect — never
followed) puts it back in the queue after ``outbox.backoff.retry_delay``, ``MAX_ATTEMPTS`` in
all, then it is failed until an operator retries it. A send that a dead worker interrupted is
sent again by the sweep: deliveries are at least once, and the delivery id header lets the
receiver drop a repeat.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q
from django.tasks import task, task_backends
from django.utils import timezone

from gongkai.outbox.backoff import error_text, retry_delay

from . import signature, targets
from .models import Attempt, Delivery, DeliveryStatus

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8  # with BACKOFF_SECONDS 60: the last try some four hours after the first
BACKOFF_SECONDS = 60
TIMEOUT = 10.0  # seconds for the connection and for each read of the answer
EXCERPT = 300  # characters of a refusal's answer kept for the log
USER_AGENT = "gongkai-webhooks/1"
INACTIVE = "订阅已停用，不再推送。"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is answered as the failure it is: it could point anywhere (SSRF)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


# No proxy: the address the target check allowed is the address connected to.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


def body_of(payload: dict) -> bytes:
    """The bytes sent and signed: the same payload always gives the same bytes."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def enqueue_delivery(pk: int, *, at=None) -> None:
    """Hand the row to a worker; never raises (the sweep finds a row whose enqueue failed)."""
    try:
        if at is None:
            deliver_webhook.enqueue(pk)
        elif task_backends[deliver_webhook.backend].supports_defer:
            deliver_webhook.using(run_after=at).enqueue(pk)
    except Exception:
        log.warning("could not enqueue webhook delivery %s; the sweep will", pk, exc_info=True)


def _post(row: Delivery) -> tuple[int | None, str]:
    """Send once: the receiver's status code (None without an answer) and what went wrong."""
    subscription = row.subscription
    refused = targets.refusal(subscription.url, allowed=settings.GONGKAI_WEBHOOK_HOSTS)
    if refused:
        return None, refused
    body = body_of(row.payload)
    request = urllib.request.Request(
        subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            signature.EVENT_HEADER: row.event,
            signature.DELIVERY_HEADER: str(row.uuid),
            signature.HEADER: signature.sign(subscription.secret, int(time.time()), body),
        },
    )
    try:
        with _OPENER.open(request, timeout=TIMEOUT) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            return exc.code, "接收方要求重定向；平台不跟随重定向，请把推送地址改为最终地址。"
        answer = exc.read(EXCERPT * 4).decode("utf-8", "replace").strip()
        return exc.code, f"接收方应答 {exc.code}" + (f"：{answer[:EXCERPT]}" if answer else "")
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None)
        return None, error_text(reason if isinstance(reason, BaseException) else exc)[:EXCERPT]


def deliver(pk: int) -> str:
    """Send row ``pk`` if it is due and nobody else has it; what became of it."""
    now = timezone.now()
    claimed = Delivery.objects.filter(
        pk=pk, status=DeliveryStatus.QUEUED, next_attempt_at__lte=now
    ).update(status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, updated_at=now)
    if not claimed:
        return "not due or taken"
    row = Delivery.objects.select_related("subscription").get(pk=pk)
    if row.subscription.is_active:
        code, error = _post(row)
    else:
        code, error = None, INACTIVE
    done = timezone.now()
    # Numbered over the delivery's life: an operator's retry starts a new round of attempts.
    number = Attempt.objects.filter(delivery=row).count() + 1
    Attempt.objects.create(delivery=row, number=number, at=done, status_code=code, error=error)
    if code is not None and 200 <= code < 300:
        Delivery.objects.filter(pk=pk).update(
            status=DeliveryStatus.DELIVERED,
            last_status_code=code,
            last_error="",
            delivered_at=done,
            updated_at=done,
        )
        return DeliveryStatus.DELIVERED
    log.warning("webhook delivery %s failed (attempt %s): %s", pk, row.attempts, code or error)
    if row.attempts >= MAX_ATTEMPTS or error == INACTIVE:
        status, at = DeliveryStatus.FAILED, None
    else:
        status, at = DeliveryStatus.QUEUED, done + retry_delay(row.attempts, BACKOFF_SECONDS)
    Delivery.objects.filter(pk=pk).update(
        status=status,
        last_status_code=code,
        last_error=error[:500],
        updated_at=done,
        next_attempt_at=at or done,
        enqueued_at=done if at else None,
    )
    if at is not None:
        enqueue_delivery(pk, at=at)
    return status


def sweep(*, now: datetime, lease: timedelta, grace: timedelta) -> int:
    """Registered with outbox.sweep: a send a dead worker left goes back in the queue (at least
    once), and a due row whose task was lost is handed out again; how many were."""
    Delivery.objects.filter(status=DeliveryStatus.SENDING, updated_at__lt=now - lease).update(
        status=DeliveryStatus.QUEUED, next_attempt_at=now, enqueued_at=None, updated_at=now
    )
    lost = Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - grace)
    due = Delivery.objects.filter(lost, status=DeliveryStatus.QUEUED, next_attempt_at__lte=now)
    handed = 0
    for pk in due.values_list("pk", flat=True):
        Delivery.objects.filter(pk=pk).update(enqueued_at=now)
        enqueue_delivery(pk)
        handed += 1
    return handed


@task
def deliver_webhook(pk: int) -> str:
    return deliver(pk)
