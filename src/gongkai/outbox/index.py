"""Search-index updates: ``queue_index`` writes the change in the record's transaction, and
``apply_changes`` carries out every due change in one batch, so a failing index never reaches
the person who published and the index catches up on a later attempt.

The outbox sits below the catalog: the catalog registers the function that updates its index
(``register``, from its AppConfig.ready). Applying a change twice is harmless (the index
function reads the record as it is now), so a claim lost to a dead worker is simply retried.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.db import transaction
from django.db.models import F
from django.tasks import task, task_backends
from django.utils import timezone

from .backoff import error_text, retry_delay
from .models import IndexChange, IndexOp, IndexStatus

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
BACKOFF_SECONDS = 30
BATCH = 500

_HANDLERS: dict[str, Callable] = {}


def register(*, apply: Callable[[list[int]], None], after: Callable[[], None]) -> None:
    """``apply(record_ids)`` brings their index entries up to date; ``after()`` runs when a
    batch succeeded (the catalog expires its cached pages)."""
    _HANDLERS["apply"], _HANDLERS["after"] = apply, after


def queue_index(record_ids: list[int], *, op: str = IndexOp.INDEX) -> None:
    now = timezone.now()
    IndexChange.objects.bulk_create(
        IndexChange(
            record_id=pk,
            op=op,
            created_at=now,
            updated_at=now,
            next_attempt_at=now,
            enqueued_at=now,
        )
        for pk in record_ids
    )
    transaction.on_commit(enqueue_apply)


def enqueue_apply(*, at=None) -> None:
    """Never raises: the sweep finds the changes of an enqueue that failed."""
    try:
        if at is None:
            apply_index_changes.enqueue()
        elif task_backends[apply_index_changes.backend].supports_defer:
            apply_index_changes.using(run_after=at).enqueue()
    except Exception:
        log.warning("could not enqueue the index changes; the sweep will", exc_info=True)


def apply_changes() -> int:
    """Carry out the due changes, a batch at a time; how many were done."""
    done = 0
    while True:
        now = timezone.now()
        token = uuid.uuid4().hex
        due = list(
            IndexChange.objects.filter(status=IndexStatus.QUEUED, next_attempt_at__lte=now)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not due:
            return done
        # The claim: only rows still queued move to this token, so two workers never share one.
        IndexChange.objects.filter(pk__in=due, status=IndexStatus.QUEUED).update(
            status=IndexStatus.RUNNING, claim=token, attempts=F("attempts") + 1, updated_at=now
        )
        mine = IndexChange.objects.filter(claim=token, status=IndexStatus.RUNNING)
        record_ids = sorted(set(mine.values_list("record_id", flat=True)))
        if not record_ids:
            continue
        try:
            _HANDLERS["apply"](record_ids)
        except Exception as exc:
            log.warning("index update failed for %s records", len(record_ids), exc_info=True)
            _failed(mine, exc)
            return done
        finished = timezone.now()
        done += mine.update(status=IndexStatus.DONE, done_at=finished, updated_at=finished)
        _HANDLERS["after"]()


def _failed(claimed, exc: Exception) -> None:
    now = timezone.now()
    error = error_text(exc)
    attempts = max(claimed.values_list("attempts", flat=True))
    if attempts >= MAX_ATTEMPTS:
        claimed.update(status=IndexStatus.FAILED, last_error=error, updated_at=now)
        return
    at = now + retry_delay(attempts, BACKOFF_SECONDS)
    claimed.update(
        status=IndexStatus.QUEUED,
        last_error=error,
        updated_at=now,
        next_attempt_at=at,
        enqueued_at=now,
    )
    enqueue_apply(at=at)


@task
def apply_index_changes() -> int:
    return apply_changes()
