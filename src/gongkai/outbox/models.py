"""The outbox rows. A row is the promise of the work; the task only carries it out, so a lost
task (a worker killed, an enqueue that never happened) is found again by the sweep."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from gongkai.fieldcrypt.fields import EncryptedCharField


class MailStatus(models.TextChoices):
    QUEUED = "queued", "待发送"
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class MailKind(models.TextChoices):
    APPLICANT = "applicant", "申请人通知"
    REMINDER = "reminder", "办理提醒"
    REPORT_REMINDER = "report_reminder", "年度报告提醒"


class Mail(models.Model):
    """One e-mail to one address. Address and body are personal data (the body may carry a
    reissued tracking code): encrypted at rest, and the body is emptied once sent."""

    kind = models.CharField("类别", max_length=20, choices=MailKind.choices)
    recipient = EncryptedCharField("收件人", max_length=254)
    subject = models.CharField("主题", max_length=300)
    body = EncryptedCharField("正文", max_length=20000, blank=True)
    # What caused the mail, by label and id (e.g. requests.inforequest 12): the outbox sits
    # below the contexts and holds no foreign key into them.
    related_type = models.CharField("相关对象类型", max_length=60, blank=True)
    related_id = models.PositiveBigIntegerField("相关对象", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=MailStatus.choices, default=MailStatus.QUEUED
    )
    attempts = models.PositiveIntegerField("尝试次数", default=0)
    last_error = models.CharField("最近错误", max_length=1000, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)
    next_attempt_at = models.DateTimeField("下次尝试", default=timezone.now)
    enqueued_at = models.DateTimeField("最近入队", null=True, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "待发邮件"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_mail_due")]

    def __str__(self) -> str:
        return f"邮件 #{self.pk}：{self.subject}"


class IndexStatus(models.TextChoices):
    QUEUED = "queued", "待处理"
    RUNNING = "running", "处理中"
    DONE = "done", "已完成"
    FAILED = "failed", "处理失败"


class IndexOp(models.TextChoices):
    INDEX = "index", "更新索引"
    REMOVE = "remove", "移出索引"


class IndexChange(models.Model):
    """A catalog record whose search entry must follow a committed change."""

    record_id = models.PositiveBigIntegerField("目录条目")
    op = models.CharField("操作", max_length=10, choices=IndexOp.choices)
    status = models.CharField(
        "状态", max_length=10, choices=IndexStatus.choices, default=IndexStatus.QUEUED
    )
    claim = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveIntegerField("尝试次数", default=0)
    last_error = models.CharField("最近错误", max_length=1000, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)
    next_attempt_at = models.DateTimeField("下次尝试", default=timezone.now)
    enqueued_at = models.DateTimeField("最近入队", null=True, blank=True)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "索引更新"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_index_due"),
            models.Index(fields=["claim"], name="outbox_index_claim"),
        ]

    def __str__(self) -> str:
        return f"索引 #{self.pk}：条目 {self.record_id}"


class ScheduledRun(models.Model):
    """One occurrence of a periodic job (gongkai/config/schedule.py), taken by the first worker
    that inserts it: several workers, on one machine or many, run each occurrence once."""

    name = models.CharField("任务", max_length=60)
    due_at = models.DateTimeField("计划时间")
    taken_at = models.DateTimeField("开始时间", default=timezone.now)

    class Meta:
        verbose_name = "定时任务运行"
        verbose_name_plural = "定时任务运行"
        ordering = ["-due_at"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["name", "due_at"], name="one_run_per_occurrence")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.due_at:%Y-%m-%d %H:%M}"
