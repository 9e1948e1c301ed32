"""Every error as JSON with a code and a Chinese message: 404 for an unknown agency or record,
400 for a bad filter or cursor — never a 500 for bad input."""

from __future__ import annotations

from django.http import Http404
from ninja.errors import AuthenticationError, ValidationError

from gongkai.organisations.policy import Denied
from gongkai.requests.actions import InvalidStep
from gongkai.requests.actions.intake import ReferenceConflict
from gongkai.web.params import BadParameter

from .auth import HOW, TokenRefused
from .cursor import BadCursor

# Pydantic's error types for query parameters, in words a person reads.
_EXPECTED = {
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "string_too_long": "最多 {max_length} 个字符",
    "missing": "不能为空",
    "string_type": "应为字符串",
    "list_type": "应为列表",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "date_parsing": "应为日期（如 2025-03-01）",
    "date_from_datetime_parsing": "应为日期（如 2025-03-01）",
    "date_type": "应为日期（如 2025-03-01）",
}


def _validation_message(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors[:5]:
        name = str(error.get("loc", ["?"])[-1])
        words = _EXPECTED.get(error.get("type", ""), "的值无效")
        try:
            words = words.format(**error.get("ctx", {}))
        except (KeyError, IndexError):
            words = "的值无效"
        parts.append(f"参数“{name}”{words}")
    return "；".join(parts) + "。"


def install(api) -> None:
    def reply(request, status: int, code: str, message: str):
        return api.create_response(request, {"code": code, "message": message}, status=status)

    def not_found(request, exc):
        message = str(exc) if exc.args and isinstance(exc.args[0], str) else "未找到。"
        return reply(request, 404, "not_found", message)

    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(
        BadParameter, lambda request, exc: reply(request, 400, "bad_parameter", str(exc))
    )
    api.add_exception_handler(
        BadCursor, lambda request, exc: reply(request, 400, "bad_cursor", str(exc))
    )

    def refused(request, exc: TokenRefused):
        response = reply(request, exc.status, exc.code, str(exc))
        if exc.status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="gongkai"'
        if exc.status == 429:
            response["Retry-After"] = "60"
        return response

    api.add_exception_handler(TokenRefused, refused)
    api.add_exception_handler(
        AuthenticationError,
        lambda request, exc: refused(
            request, TokenRefused(401, "token_missing", "缺少接口令牌。" + HOW)
        ),
    )
    api.add_exception_handler(
        Denied, lambda request, exc: reply(request, 403, "forbidden", str(exc))
    )
    api.add_exception_handler(
        InvalidStep, lambda request, exc: reply(request, 400, "invalid", str(exc))
    )
    api.add_exception_handler(
        ReferenceConflict, lambda request, exc: reply(request, 409, "conflict", str(exc))
    )
    api.add_exception_handler(
        ValidationError,
        lambda request, exc: reply(request, 400, "bad_parameter", _validation_message(exc)),
    )
