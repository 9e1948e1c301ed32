from __future__ import annotations

from datetime import UTC

from django.db import models


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能修改。")

    def delete(self):
        raise AppendOnlyError("审计日志只能追加，不能删除。")


class AuditEntry(models.Model):
    """One change or transition. Written once by ``gongkai.audit.log.record``; never changed.

    Actor and agency are kept as plain ids plus a label rather than foreign keys, so that no
    cascade or SET NULL can ever rewrite a row.
    """

    seq = models.BigIntegerField("序号", primary_key=True)
    at = models.DateTimeField("时间", db_index=True)
    actor_id = models.BigIntegerField("操作人编号", null=True, blank=True, db_index=True)
    actor_label = models.CharField("操作人", max_length=150)
    agency_id = models.BigIntegerField("机关编号", null=True, blank=True, db_index=True)
    action = models.CharField("操作", max_length=64, db_index=True)
    object_type = models.CharField("对象类型", max_length=64)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    transition = models.CharField("流转", max_length=64, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    note = models.TextField("说明", blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # 1: plain SHA-256 (entries written before the chain was keyed); 2: HMAC-SHA256.
    chain_version = models.PositiveSmallIntegerField("链版本", default=1)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计日志"
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("审计日志只能追加，不能修改。")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能删除。")

    def content(self) -> dict:
        return {
            "seq": self.seq,
            "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "agency_id": self.agency_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "transition": self.transition,
            "changes": self.changes,
            "note": self.note,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
            "chain_version": self.chain_version,
        }


class ChainHead(models.Model):
    """The single row naming the last entry. Locking it serialises appends to the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"chain head #{self.seq}"


class Verification(models.Model):
    """The result of one run of ``gongkai audit verify`` (or the audit page's button).

    The audit page shows the latest one instead of re-walking the whole chain on every view.
    """

    at = models.DateTimeField("校验时间", auto_now_add=True)
    ok = models.BooleanField("完好")
    entries = models.BigIntegerField("记录条数")
    anchored = models.BigIntegerField("锚定条数", null=True, blank=True)
    problems = models.JSONField("发现的问题", default=list, blank=True)
    by = models.CharField("校验人", max_length=150)

    class Meta:
        verbose_name = "审计日志校验"
        verbose_name_plural = "审计日志校验"
        ordering = ["-at", "-id"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {'完好' if self.ok else '有问题'}"
