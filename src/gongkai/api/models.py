"""API tokens: another system's key to the write and status endpoints.

A token is shown once, when it is made; the database keeps its public prefix (to find the row)
and the SHA-256 of the whole token. The secret part has 256 bits of randomness, so a plain
hash suffices (nothing to guess, no need of a slow password hash on every call) and a copy of
the database opens nothing. Scopes are policy actions (``roles.TOKEN_SCOPES``), held over the
agency and every unit below it."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from gongkai.organisations.models import Agency
from gongkai.organisations.roles import TOKEN_SCOPES, Action


class ApiToken(models.Model):
    name = models.CharField("名称", max_length=100, help_text="使用令牌的系统，例如 12345 热线")
    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="api_tokens"
    )
    scopes = models.JSONField("权限范围", default=list)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_by = models.CharField("创建人", max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("有效期至")
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    revoked_by = models.CharField("吊销人", max_length=150, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @property
    def scope_labels(self) -> list[str]:
        return [TOKEN_SCOPES.get(Action(s), s) for s in self.scopes if s in Action]

    def status(self, now=None) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= (now or timezone.now()):
            return "expired"
        return "active"

    @property
    def status_label(self) -> str:
        return {"revoked": "已吊销", "expired": "已过期", "active": "有效"}[self.status()]


AUDITED_FIELDS = ("name", "agency", "scopes", "prefix", "expires_at", "revoked_at")
