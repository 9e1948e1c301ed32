"""From audit entries to deliveries: ``on_audit_entry`` is registered with ``audit.log`` and runs
inside the transaction of every change, so a delivery row commits or rolls back with the change
it reports (nothing is sent for a change that did not happen, nothing lost for one that did).
The rows are handed to the queue after commit; the worker's sweep finds any whose enqueue was
lost."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from gongkai.organisations.models import Agency

from . import payloads
from .delivery import enqueue_delivery
from .events import ACTIONS, concerned_agency_codes, events_for
from .models import Delivery, Subscription


def on_audit_entry(entry, obj) -> None:
    if entry.action not in ACTIONS or obj is None or entry.agency_id is None:
        return
    events = events_for(entry.action, entry.transition, entry.changes)
    if not events:
        return
    subscriptions = list(Subscription.objects.filter(is_active=True).select_related("agency"))
    if not subscriptions:
        return
    agency = Agency.objects.get(pk=entry.agency_id)
    now = timezone.now()
    rows = []
    for event in events:
        also = list(Agency.objects.filter(code__in=concerned_agency_codes(event, entry.changes)))
        chosen = [
            s
            for s in subscriptions
            if event.value in s.events and any(s.covers(a) for a in [agency, *also])
        ]
        if not chosen:
            continue
        subject, payload = payloads.build(event, entry=entry, obj=obj, agency=agency)
        rows += [
            Delivery(
                subscription=s,
                event=event.value,
                subject=subject[:200],
                payload=payload,
                created_at=now,
                updated_at=now,
                next_attempt_at=now,
                enqueued_at=now,
            )
            for s in chosen
        ]
    if not rows:
        return
    for row in rows:
        row.save()
    pks = [row.pk for row in rows]
    transaction.on_commit(lambda: [enqueue_delivery(pk) for pk in pks])
