"""The API's side of the error vocabulary (``gongkai.errors``): every refusal as JSON
``{code, message}`` with its own status — 404 for an unknown agency or record, 400 for a bad
filter or cursor, 403/409/503 as the error says — never a 500 for bad input."""

from __future__ import annotations

from django.http import Http404
from ninja.errors import AuthenticationError, ValidationError

from gongkai.errors import GongkaiError, NotFound

from .auth import HOW, TokenRefused

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

    def refused(request, exc: GongkaiError):
        return reply(request, exc.status, exc.code, exc.message)

    def not_found(request, exc):
        message = str(exc) if exc.args and isinstance(exc.args[0], str) else "未找到。"
        return reply(request, 404, NotFound.code, message)

    api.add_exception_handler(GongkaiError, refused)
    api.add_exception_handler(Http404, not_found)

    def token_refused(request, exc: TokenRefused):
        response = refused(request, exc)
        if exc.status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="gongkai"'
        if exc.status == 429:
            response["Retry-After"] = "60"
        return response

    # ninja looks handlers up along the exception's classes: this one wins for tokens.
    api.add_exception_handler(TokenRefused, token_refused)
    api.add_exception_handler(
        AuthenticationError,
        lambda request, exc: token_refused(
            request, TokenRefused(401, "token_missing", "缺少接口令牌。" + HOW)
        ),
    )
    api.add_exception_handler(
        ValidationError,
        lambda request, exc: reply(request, 400, "bad_parameter", _validation_message(exc)),
    )
