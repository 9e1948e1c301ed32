"""Turning unexpected exceptions into one line a clerk can act on."""

from __future__ import annotations

from gongkai.errors import GongkaiError


def describe(exc: BaseException) -> str:
    if isinstance(exc, GongkaiError):  # a refusal says itself (main prints these directly)
        return exc.message
    name = type(exc).__name__
    if name == "ImproperlyConfigured":
        return f"配置有误：{exc}"
    if name == "OperationalError":
        return f"无法访问数据库（{exc}）。请检查 DATABASE_URL，并确认已运行 `gongkai migrate`。"
    if name in {"ProgrammingError"} and "does not exist" in str(exc):
        return f"数据库表不存在（{exc}）。请先运行 `gongkai migrate`。"
    if isinstance(exc, PermissionError):
        return f"没有权限访问文件：{exc.filename or exc}"
    if isinstance(exc, FileNotFoundError):
        return f"找不到文件：{exc.filename or exc}"
    if isinstance(exc, OSError):
        return f"读写文件失败：{exc}"
    return f"内部错误（{name}: {exc}）。如需排查，请设置 GONGKAI_DEBUG=1 后重试。"
