"""The named actions on webhooks: subscriptions made, changed, stopped and tried out, and a
failed delivery sent again. Platform operators only (``webhooks.manage``): a subscription may
cover any agency's events, and its secret is shown once, to the one who made it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.audit import log as audit
from gongkai.organisations import policy
from gongkai.organisations.models import Agency
from gongkai.organisations.roles import Action

from . import targets
from .delivery import enqueue_delivery
from .events import LOG_LABELS, TEST_EVENT, Event
from .models import Delivery, DeliveryStatus, Subscription

Denied = policy.Denied
AUDITED = ("name", "url", "events", "agency", "subtree", "is_active")
REFUSED = "只有平台管理员可以管理事件推送。"


class InvalidSubscription(Exception):
    """Shown as it is: what to change in the form."""


class NotRetryable(Exception):
    """Shown as it is: the delivery is gone or no longer failed."""


@dataclass(frozen=True)
class Settings:
    """What a subscription is made of, as the form gives it."""

    name: str
    url: str
    events: list[str]
    agency: Agency
    subtree: bool = True


def _checked(wanted: Settings) -> Settings:
    name, url = wanted.name.strip(), wanted.url.strip()
    if not name:
        raise InvalidSubscription("请填写订阅的名称（如“12345 热线工单系统”）。")
    if len(name) > 100:
        raise InvalidSubscription("名称最多 100 个字。")
    if problem := targets.refusal(url, allowed=settings.GONGKAI_WEBHOOK_HOSTS):
        raise InvalidSubscription(problem)
    known = [e.value for e in Event]
    unknown = [e for e in wanted.events if e not in known]
    if unknown:
        raise InvalidSubscription(f"不认识的事件：{'、'.join(unknown)}。")
    if not wanted.events:
        raise InvalidSubscription("请至少选择一种事件。")
    events = [e for e in known if e in wanted.events]  # the list's own order, no repeats
    return Settings(name=name, url=url, events=events, agency=wanted.agency, subtree=wanted.subtree)


def create_subscription(*, actor, wanted: Settings) -> tuple[Subscription, str]:
    """A new subscription and its signing secret (shown once; kept encrypted to sign with)."""
    policy.require_platform(actor, Action.MANAGE_WEBHOOKS, REFUSED)
    wanted = _checked(wanted)
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        sub = Subscription.objects.create(
            name=wanted.name,
            url=wanted.url,
            secret=secret,
            events=wanted.events,
            agency=wanted.agency,
            subtree=wanted.subtree,
            created_at=now,
            updated_at=now,
        )
        audit.record(
            actor=actor,
            action="webhook.create",
            obj=sub,
            changes=audit.diff({}, audit.field_values(sub, AUDITED)),
        )
    return sub, secret


def update_subscription(
    *, actor, subscription: Subscription, wanted: Settings, is_active: bool, new_secret: bool
) -> tuple[Subscription, str | None]:
    """Change what a subscription receives; with ``new_secret`` it signs with a new secret from
    now on (returned, to be shown once)."""
    policy.require_platform(actor, Action.MANAGE_WEBHOOKS, REFUSED)
    wanted = _checked(wanted)
    secret = secrets.token_urlsafe(32) if new_secret else None
    with transaction.atomic():
        sub = Subscription.objects.select_for_update().get(pk=subscription.pk)
        before = audit.field_values(sub, AUDITED)
        sub.name, sub.url, sub.events = wanted.name, wanted.url, wanted.events
        sub.agency, sub.subtree, sub.is_active = wanted.agency, wanted.subtree, is_active
        if secret:
            sub.secret = secret
        sub.updated_at = timezone.now()
        sub.save()
        audit.record(
            actor=actor,
            action="webhook.update",
            obj=sub,
            changes=audit.diff(before, audit.field_values(sub, AUDITED)),
            # Never the secret itself: the audit log is read by more people than the receiver.
            note="更换了签名密钥" if secret else "",
        )
    return sub, secret


def deactivate_subscription(*, actor, subscription: Subscription) -> Subscription:
    """Stop a subscription: nothing new is queued for it, and what is queued is not sent."""
    policy.require_platform(actor, Action.MANAGE_WEBHOOKS, REFUSED)
    with transaction.atomic():
        sub = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if not sub.is_active:
            return sub
        sub.is_active, sub.updated_at = False, timezone.now()
        sub.save(update_fields=["is_active", "updated_at"])
        audit.record(
            actor=actor,
            action="webhook.deactivate",
            obj=sub,
            changes={"is_active": [True, False]},
        )
    return sub


def send_test(*, actor, subscription: Subscription) -> Delivery:
    """A ``ping`` delivery, signed like every other, so the receiver's set-up can be checked."""
    policy.require_platform(actor, Action.MANAGE_WEBHOOKS, REFUSED)
    if not subscription.is_active:
        raise InvalidSubscription("订阅已停用，请先启用再发送测试推送。")
    now = timezone.now()
    with transaction.atomic():
        row = Delivery.objects.create(
            subscription=subscription,
            event=TEST_EVENT,
            subject=subscription.name[:200],
            payload={
                "format": 1,
                "event": TEST_EVENT,
                "event_label": LOG_LABELS[TEST_EVENT],
                "occurred_at": now.isoformat(),
                "subscription": subscription.name,
            },
            created_at=now,
            updated_at=now,
            next_attempt_at=now,
            enqueued_at=now,
        )
        audit.record(actor=actor, action="webhook.test", obj=subscription)
        transaction.on_commit(lambda: enqueue_delivery(row.pk))
    return row


def retry_delivery(*, actor, pk: int) -> Delivery:
    """A failed delivery starts a new round of attempts (its earlier tries stay in the log)."""
    policy.require_platform(actor, Action.MANAGE_WEBHOOKS, REFUSED)
    now = timezone.now()
    with transaction.atomic():
        row = Delivery.objects.select_for_update().filter(pk=pk).first()
        if row is None or row.status != DeliveryStatus.FAILED:
            raise NotRetryable("这一项已不是“推送失败”状态（可能已有人重试），页面已刷新。")
        row.status, row.attempts = DeliveryStatus.QUEUED, 0
        row.next_attempt_at = row.updated_at = row.enqueued_at = now
        row.save()
        audit.record(
            actor=actor,
            action="webhook.retry",
            obj=row,
            agency_id=row.subscription.agency_id,
            changes={"status": [DeliveryStatus.FAILED.value, DeliveryStatus.QUEUED.value]},
            note=row.last_error[:200],
        )
        transaction.on_commit(lambda: enqueue_delivery(row.pk))
    return row
