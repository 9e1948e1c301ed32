"""Index numbers (索引号): an agency's configurable scheme, formatted and checked.

No national rule fixes the format; local rules combine an organisation code, a category code,
the year and a serial (e.g. ``01525502-2-/2021-0129002``). A scheme is a template with the
placeholders ``{org}``, ``{cat}``, ``{year}`` and ``{serial}`` (optionally ``{serial:05d}``).
Serials come from a per-agency, per-year counter that only grows, so a number is never reused.
"""

from __future__ import annotations

import re
import string

from gongkai.errors import InvalidInput

DEFAULT_SCHEME = "{org}-{cat}/{year}-{serial:05d}"
FIELDS = frozenset({"org", "cat", "year", "serial"})
_ALLOWED_LITERALS = re.compile(r"^[A-Za-z0-9\-/_.·（）()]*$")


class SchemeError(InvalidInput, ValueError):
    code = "index_scheme"
    message = "索引号规则有误。"


def check_scheme(scheme: str) -> None:
    """Raise SchemeError with a message that says what to fix."""
    if not scheme or len(scheme) > 80:
        raise SchemeError("索引号规则不能为空，且不超过 80 个字符。")
    try:
        parts = list(string.Formatter().parse(scheme))
    except ValueError as exc:
        raise SchemeError(f"索引号规则的花括号不配对（{exc}）。") from None
    names = [name for _, name, _, _ in parts if name is not None]
    unknown = sorted(set(names) - FIELDS)
    if unknown:
        raise SchemeError(
            f"索引号规则中有未知的项 {', '.join(unknown)}；只能使用 {{org}}、{{cat}}、{{year}}、{{serial}}。"
        )
    if "serial" not in names:
        raise SchemeError("索引号规则必须包含流水号 {serial}，否则索引号会重复。")
    if "year" not in names:
        raise SchemeError("索引号规则必须包含年份 {year}：流水号按年重新计数。")
    for literal, _, spec, _ in parts:
        if not _ALLOWED_LITERALS.match(literal):
            raise SchemeError(
                f"索引号规则中的“{literal}”含不允许的字符（只用字母、数字、- / _ .）。"
            )
        if spec and not re.fullmatch(r"0?\d{1,2}d", spec):
            raise SchemeError(f"格式“{spec}”不受支持，流水号可写 {{serial:05d}} 这样的位数。")


def format_number(scheme: str, *, org: str, cat: str, year: int, serial: int) -> str:
    check_scheme(scheme)
    if serial < 1:
        raise SchemeError("流水号从 1 开始。")
    return scheme.format(org=org, cat=cat, year=year, serial=serial)


def normalise(number: str) -> str:
    """The form used to compare index numbers: no surrounding or inner blanks, full-width
    ASCII folded (imports from spreadsheets often carry both)."""
    folded = "".join(
        chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in (number or "")
    )
    return re.sub(r"\s+", "", folded)
