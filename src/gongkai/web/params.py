"""Reading query and form parameters: the one bounded helper every view goes through.

Each reader takes a ``QueryDict`` (``request.GET`` or ``request.POST``) and a name and gives a
clean value, the default when the parameter is absent or empty, or raises ``BadParameter`` —
Django answers 400 and ``bad_request`` shows its Chinese message. Public pages may pass
``lenient=True``: a hand-edited link there falls back to the default instead of an error page.
Nothing here trusts ``str.isdigit`` ("²" is a digit to it, but not to ``int``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import BadRequest
from django.shortcuts import render

from gongkai.errors import InvalidInput

# Plausible years for anything gongkai shows: the regulations date from 2007, documents in a
# catalog may be older; beyond these a year is a typing error or a probe.
YEAR_MIN, YEAR_MAX = 1949, 2100
PAGE_MAX = 100_000
ID_MAX = 2**63 - 1  # the largest key a BigAutoField holds on every database
JSON_MAX_BYTES = 256 * 1024
JSON_MAX_DEPTH = 20

_INTEGER = re.compile(r"[+-]?[0-9]{1,19}")


class BadParameter(BadRequest, InvalidInput):
    """A parameter a person (or a probe) got wrong; the message says which and how. A
    BadRequest for Django (its 400 page), an InvalidInput for the API."""

    code = "bad_parameter"
    message = "请求的参数不正确，请检查链接或表单后重试。"


def integer(
    query: Mapping,
    name: str,
    *,
    low: int,
    high: int,
    default: int | None = None,
    label: str | None = None,
    lenient: bool = False,
) -> int | None:
    raw = (query.get(name) or "").strip()
    if not raw:
        return default
    if _INTEGER.fullmatch(raw) and low <= (value := int(raw)) <= high:
        return value
    if lenient:
        return default
    raise BadParameter(
        f"参数“{label or name}”应为 {low} 到 {high} 之间的整数，收到的是“{raw[:20]}”。"
    )


def year(
    query: Mapping, name: str = "year", *, default: int | None = None, lenient: bool = False
) -> int | None:
    return integer(
        query, name, low=YEAR_MIN, high=YEAR_MAX, default=default, label="年份", lenient=lenient
    )


def page(query: Mapping, name: str = "page") -> int:
    """A page number; anything unusable is page 1 (the paginator clamps the upper end)."""
    return integer(query, name, low=1, high=PAGE_MAX, default=1, lenient=True)


def object_id(query: Mapping, name: str, *, label: str | None = None) -> int | None:
    """A database key (e.g. ``?a=`` on the report comparison); absent gives None."""
    try:
        return integer(query, name, low=1, high=ID_MAX, label=label)
    except BadParameter:
        raw = (query.get(name) or "").strip()[:20]
        raise BadParameter(
            f"参数“{label or name}”应为编号（正整数），收到的是“{raw}”。请从列表中重新选择。"
        ) from None


def id_list(query, name: str, *, max_items: int, label: str | None = None) -> list[int]:
    """Database keys given several times (``?pk=3&pk=5``, ticked checkboxes), each checked like
    ``object_id``; duplicates dropped, order kept."""
    raw = query.getlist(name)
    if len(raw) > max_items:
        raise BadParameter(f"“{label or name}”最多一次选择 {max_items} 项，收到 {len(raw)} 项。")
    ids: list[int] = []
    for n, value in enumerate(raw):
        key = object_id({name: value}, name, label=f"{label or name}（第 {n + 1} 项）")
        if key is not None and key not in ids:
            ids.append(key)
    return ids


def choice(query: Mapping, name: str, choices: Iterable[str], *, default: str = "") -> str:
    """One of ``choices``; anything else is the default (these are filters and tabs)."""
    raw = query.get(name) or ""
    return raw if raw in set(choices) else default


def text(query: Mapping, name: str, *, default: str = "", max_length: int = 200) -> str:
    raw = query.get(name)
    if raw is None:
        return default
    if len(raw) > max_length:
        raise BadParameter(f"参数“{name}”过长：最多 {max_length} 个字符。")
    if "\x00" in raw:  # PostgreSQL cannot even compare a text holding NUL
        raise BadParameter(f"参数“{name}”含有空字符（\\x00），请检查链接。")
    return raw


def json_value(
    raw: str | None,
    *,
    label: str,
    default: Any = None,
    max_bytes: int = JSON_MAX_BYTES,
    max_depth: int = JSON_MAX_DEPTH,
) -> Any:
    """Parsed JSON, bounded in size before parsing and in nesting after it."""
    if not raw:
        return default
    if len(raw.encode("utf-8")) > max_bytes:
        raise BadParameter(f"{label}的数据过大：最多 {max_bytes // 1024} KB。")
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        raise BadParameter(f"{label}的数据格式不对（应为 JSON），请刷新页面后重试。") from None
    if _depth(value) > max_depth:
        raise BadParameter(f"{label}的数据嵌套过深：最多 {max_depth} 层。")
    return value


def _depth(value: Any) -> int:
    """Nesting depth, walked without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        children = node.values() if isinstance(node, dict) else node
        if isinstance(node, (dict, list)):
            stack.extend((child, depth + 1) for child in children)
    return deepest


def bad_request(request, exception=None):
    """handler400: the parameter's own message when it is one of ours."""
    message = str(exception) if isinstance(exception, BadParameter) else ""
    return render(request, "400.html", {"message": message}, status=400)
