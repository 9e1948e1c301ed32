"""Bearer tokens for the API: who is calling (a ``ServiceActor`` the policy decides for), the
refusals in Chinese (401 missing, invalid, expired or revoked; 429 over the rate), and the
per-token rate limit, counted by django-ratelimit in the shared ``limits`` cache like the
public form's submissions (``GONGKAI_API_CALLS_PER_MINUTE``)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import timezone
from django_ratelimit.core import get_usage
from ninja.security import HttpBearer

from gongkai.accounts.system import ServiceActor
from gongkai.errors import GongkaiError

from . import tokens
from .models import ApiToken

logger = logging.getLogger(__name__)
GROUP = "api.token"
HOW = "请在请求头中加入 Authorization: Bearer <令牌>（令牌由平台管理员创建）。"


class TokenRefused(GongkaiError):
    """A call the token does not open. One class for all its refusals, each with its own
    status and code (token_missing, token_invalid, token_expired, token_revoked: 401;
    rate_limited: 429), which the caller's program tells apart."""

    code = "token_refused"
    status = 401
    message = "接口令牌无效。" + HOW

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code = status, code


def actor_for(token: ApiToken) -> ServiceActor:
    return ServiceActor(
        f"接口令牌 {token.prefix}（{token.name}）",
        token_id=token.pk,
        agency_path=token.agency.path,
        scopes=frozenset(token.scopes),
    )


def _over_rate(request, token: ApiToken) -> bool:
    rate = f"{settings.GONGKAI_API_CALLS_PER_MINUTE}/m"
    try:
        usage = get_usage(
            request, group=GROUP, key=lambda group, req: str(token.pk), rate=rate, increment=True
        )
    except Exception:
        # As for the public form: an unreachable counter lets the call through, logged.
        logger.exception("接口令牌限流计数不可用，本次调用未计数")
        return False
    return bool(usage and usage["should_limit"])


class BearerToken(HttpBearer):
    """``Authorization: Bearer gk_…``. The token row and its actor are kept on the request as
    soon as the secret is proved, so even a refused call (expired, revoked, over the rate) is
    audited under the token it used; a text that proves nothing is not (anyone could flood the
    log with made-up tokens)."""

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if not header.strip():
            raise TokenRefused(401, "token_missing", "缺少接口令牌。" + HOW)
        scheme, _, value = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise TokenRefused(401, "token_invalid", "认证方式应为 Bearer。" + HOW)
        return self.authenticate(request, value.strip())

    def authenticate(self, request, token):
        parsed = tokens.parse(token)
        row = None
        if parsed is not None:
            row = ApiToken.objects.select_related("agency").filter(prefix=parsed.prefix).first()
        if row is None or not tokens.matches(parsed.text, row.secret_hash):
            raise TokenRefused(401, "token_invalid", "接口令牌无效。" + HOW)
        actor = actor_for(row)
        request.gongkai_token, request.gongkai_actor = row, actor
        status = row.status()
        if status == "revoked":
            when = timezone.localtime(row.revoked_at)
            raise TokenRefused(401, "token_revoked", f"接口令牌已于 {when:%Y-%m-%d %H:%M} 吊销。")
        if status == "expired":
            when = timezone.localtime(row.expires_at)
            raise TokenRefused(
                401,
                "token_expired",
                f"接口令牌已于 {when:%Y-%m-%d %H:%M} 过期，请联系平台管理员更换。",
            )
        if not row.agency.is_active:
            raise TokenRefused(401, "token_invalid", f"令牌所属的“{row.agency.name}”已停用。")
        if _over_rate(request, row):
            raise TokenRefused(
                429,
                "rate_limited",
                f"调用过于频繁：每个令牌每分钟最多 {settings.GONGKAI_API_CALLS_PER_MINUTE} 次，请稍后再试。",
            )
        return actor
