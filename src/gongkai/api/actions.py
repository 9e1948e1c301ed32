"""The token's named actions: create (the token shown once), revoke, and the audit row of each
call made with one. Only platform operators (``api.tokens``) and the command line hand out
tokens: a token can carry applicants' personal data of a whole subtree to another system."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.audit import log as audit
from gongkai.organisations import policy
from gongkai.organisations.roles import TOKEN_SCOPES, Action

from . import tokens
from .models import AUDITED_FIELDS, ApiToken

MAX_DAYS = 730
DEFAULT_DAYS = 365
DENIED = "只有平台管理员可以管理接口令牌。"


class TokenError(Exception):
    """What is wrong with a token's details; the message says what to fix."""


def _scopes(scopes) -> list[str]:
    chosen = []
    for scope in scopes:
        try:
            action = Action(scope)
        except ValueError:
            action = None
        if action not in TOKEN_SCOPES:
            allowed = "、".join(f"{a.value}（{label}）" for a, label in TOKEN_SCOPES.items())
            raise TokenError(f"权限范围“{str(scope)[:40]}”无效，可选：{allowed}。")
        if action.value not in chosen:
            chosen.append(action.value)
    if not chosen:
        raise TokenError("请至少选择一项权限范围。")
    return chosen


def create_token(
    *, actor, agency, name: str, scopes, days: int = DEFAULT_DAYS, now: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``agency``'s subtree; returns the row and the token text, which is
    shown now and never again (only its hash is kept)."""
    policy.require_platform(actor, Action.MANAGE_API_TOKENS, DENIED)
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise TokenError("请填写令牌名称（使用令牌的系统，最多 100 个字符）。")
    if not agency.is_active:
        raise TokenError(f"“{agency.name}”已停用，不能为其创建令牌。")
    if not 1 <= days <= MAX_DAYS:
        raise TokenError(f"有效期应为 1–{MAX_DAYS} 天。")
    chosen = _scopes(scopes)
    now = now or timezone.now()
    prefix, text = tokens.new_token()
    with transaction.atomic():
        token = ApiToken.objects.create(
            name=name,
            agency=agency,
            scopes=chosen,
            prefix=prefix,
            secret_hash=tokens.digest(text),
            created_by=str(actor.display_name)[:150],
            expires_at=now + dt.timedelta(days=days),
        )
        audit.record(
            actor=actor,
            action="api.token_create",
            obj=token,
            agency_id=agency.pk,
            changes=audit.diff({}, audit.field_values(token, AUDITED_FIELDS)),
        )
    return token, text


def revoke_token(*, actor, token: ApiToken, now: dt.datetime | None = None) -> ApiToken:
    policy.require_platform(actor, Action.MANAGE_API_TOKENS, DENIED)
    with transaction.atomic():
        current = ApiToken.objects.select_for_update().get(pk=token.pk)
        if current.revoked_at is not None:
            raise TokenError(
                f"令牌 {current} 已于 {timezone.localtime(current.revoked_at):%Y-%m-%d %H:%M} 吊销。"
            )
        before = audit.field_values(current, AUDITED_FIELDS)
        current.revoked_at = now or timezone.now()
        current.revoked_by = str(actor.display_name)[:150]
        current.save(update_fields=["revoked_at", "revoked_by"])
        audit.record(
            actor=actor,
            action="api.token_revoke",
            obj=current,
            agency_id=current.agency_id,
            changes=audit.diff(before, audit.field_values(current, AUDITED_FIELDS)),
        )
    return current


def record_call(*, actor, token: ApiToken, method: str, path: str, status: int) -> None:
    """One audit row per call made with a token: who, which endpoint, the answer's status —
    the path only (no query string, no body), so no personal data enters the log."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="api.call",
            obj=token,
            agency_id=token.agency_id,
            changes={"status": [None, status]},
            note=f"{method} {path[:200]}",
        )
