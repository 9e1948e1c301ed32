"""Opaque cursors: where the next page starts, and which filters it belongs to.

A cursor is base64url JSON; clients pass it back untouched. It carries a fingerprint of the
filters it was made for, so a cursor reused with other filters is refused instead of silently
walking a different list. Nothing in it is secret: a forged one can only name a place in a
public list."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json

from gongkai.errors import InvalidInput


class BadCursor(InvalidInput, ValueError):
    code = "bad_cursor"
    message = "游标无效：请使用上一页返回的 next_cursor，不要修改它。"


INVALID = "游标无效：请使用上一页返回的 next_cursor，不要修改它。"


def fingerprint(filters: dict) -> str:
    raw = json.dumps(filters, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def encode(filters: dict, position: dict) -> str:
    raw = json.dumps({"f": fingerprint(filters), **position}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str, filters: dict) -> dict:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise BadCursor(INVALID) from None
    if not isinstance(value, dict) or value.get("f") != fingerprint(filters):
        raise BadCursor("游标与本次的筛选条件不符：翻页时请保持筛选条件不变。")
    return value


def keyset(value: dict) -> tuple[dt.datetime, int]:
    """The (published_at, id) of the last row of the previous page."""
    try:
        at = dt.datetime.fromisoformat(value["at"])
        pk = int(value["id"])
    except (KeyError, TypeError, ValueError):
        raise BadCursor(INVALID) from None
    if at.tzinfo is None or pk < 1:
        raise BadCursor(INVALID)
    return at, pk


def page_number(value: dict, *, last: int) -> int:
    page = value.get("p")
    if not isinstance(page, int) or isinstance(page, bool) or not 2 <= page <= last:
        raise BadCursor(INVALID)
    return page
