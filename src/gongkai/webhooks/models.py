"""Subscriptions and their deliveries.

A ``Delivery`` is an outbox row (see gongkai.outbox): written in the transaction of the change
it reports, carried out by a task after commit, found again by the worker's sweep if its task
was lost. Deliveries are *at least once*: a send a dead worker interrupted is sent again, and the
receiver tells a repeat by the delivery's id (the ``X-Gongkai-Delivery`` header).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from gongkai.fieldcrypt.fields import EncryptedCharField
from gongkai.organisations.models import Agency

from .events import EVENT_LABELS, LOG_LABELS


class Subscription(models.Model):
    """Who receives which events of which agencies. The secret signs every delivery; it is
    encrypted at rest (it must be read back to sign, so it cannot be a hash)."""

    name = models.CharField("名称", max_length=100)
    url = models.CharField("推送地址", max_length=500)
    secret = EncryptedCharField("签名密钥", max_length=100)
    events = models.JSONField("订阅事件", default=list)
    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="webhooks"
    )
    subtree = models.BooleanField("含下级机关", default=True)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "事件推送订阅"
        verbose_name_plural = "事件推送订阅"
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"推送订阅 {self.name}"

    def covers(self, agency: Agency) -> bool:
        """Whether an event of ``agency`` is in this subscription's scope."""
        if self.subtree:
            return agency.path.startswith(self.agency.path)
        return agency.pk == self.agency_id

    @property
    def event_labels(self) -> list[str]:
        return [EVENT_LABELS.get(e, e) for e in self.events]


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "待推送"
    SENDING = "sending", "推送中"
    DELIVERED = "delivered", "已送达"
    FAILED = "failed", "推送失败"


class Delivery(models.Model):
    uuid = models.UUIDField("推送编号", default=uuid.uuid4, unique=True, editable=False)
    subscription = models.ForeignKey(
        Subscription, verbose_name="订阅", on_delete=models.PROTECT, related_name="deliveries"
    )
    event = models.CharField("事件", max_length=40)
    # What the event is about, as the payload names it publicly (a registration number, an
    # index number, a report's unit and year): for the log page.
    subject = models.CharField("对象", max_length=200, blank=True)
    payload = models.JSONField("内容")
    status = models.CharField(
        "状态", max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveIntegerField("尝试次数", default=0)
    last_status_code = models.PositiveSmallIntegerField("最近应答码", null=True, blank=True)
    last_error = models.CharField("最近错误", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)
    next_attempt_at = models.DateTimeField("下次尝试", default=timezone.now)
    enqueued_at = models.DateTimeField("最近入队", null=True, blank=True)
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)

    class Meta:
        verbose_name = "事件推送"
        verbose_name_plural = "事件推送"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhooks_delivery_due")]

    def __str__(self) -> str:
        return f"推送 #{self.pk}（{self.event_label}）"

    @property
    def event_label(self) -> str:
        return LOG_LABELS.get(self.event, self.event)


class Attempt(models.Model):
    """One try of a delivery, as the log shows it: when, the receiver's answer or the error."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="tries")
    number = models.PositiveIntegerField("第几次")
    at = models.DateTimeField("时间", default=timezone.now)
    status_code = models.PositiveSmallIntegerField("应答码", null=True, blank=True)
    error = models.CharField("错误", max_length=500, blank=True)

    class Meta:
        verbose_name = "推送尝试"
        verbose_name_plural = "推送尝试"
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"推送 #{self.delivery_id} 第 {self.number} 次"
