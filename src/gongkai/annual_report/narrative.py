"""Figures stated in the prose of a report: 收到申请 19 件, 行政复议 2 起, 未收取任何费用 …

Two users: the validator compares these figures with the tables (rule ``narrative.mismatch``),
and the parser reads legacy reports, whose figures exist only in prose. Both need precision more
than recall: a figure about something else (网民留言 1219 条, 第二十条, a year) must never be
taken for one of ours, so every pattern anchors on its keyword, demands a counting unit right
after the number, and lets only a few non-digit, non-punctuation characters stand in between.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Keys that also name fields of a legacy report (see tables.LEGACY_FIELDS).
LEGACY_KEYS: tuple[str, ...] = (
    "proactive_total",
    "requests_received",
    "reconsideration_total",
    "litigation_total",
    "fees_yuan",
)

FIGURE_KEYS: tuple[str, ...] = (
    *LEGACY_KEYS,
    "carried_over",
    "disclosed",
    "partially_disclosed",
    "withheld",
    "unavailable",
    "not_processed",
    "other_processed",
)


@dataclass(frozen=True)
class StatedFigure:
    """One figure found in prose: what it counts, its value, and the words that said it."""

    key: str
    value: int | float
    phrase: str
    start: int = 0
    end: int = 0


# --- numbers -------------------------------------------------------------------------------

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN_CHARS = "".join([*_CN_DIGITS, *_CN_UNITS, *_CN_BIG])


def chinese_to_int(text: str) -> int:
    """``十二`` → 12, ``两千零五`` → 2005, ``三万五千`` → 35000, ``二〇`` → 20.

    Raises ValueError on anything else.
    """
    if not text or any(ch not in _CN_CHARS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if all(ch in _CN_DIGITS for ch in text):  # digit by digit, as in 二〇二〇
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total = section = number = 0
    for ch in text:
        if ch in _CN_DIGITS:
            number = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (number or 1) * _CN_UNITS[ch]
            number = 0
        else:
            total += (section + number or 1) * _CN_BIG[ch]
            section = number = 0
    return total + section + number


def _to_number(raw: str, multiplier: str | None) -> int | float:
    raw = raw.replace(",", "")
    value: int | float
    if raw[0].isdigit():
        value = float(raw) if "." in raw else int(raw)
    else:
        value = chinese_to_int(raw)
    if multiplier:
        value = value * _CN_BIG[multiplier]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value


# --- patterns ------------------------------------------------------------------------------

# A number must not continue another number or an ordinal (第二十条, 1.5, 2020).
_NUM = (
    rf"(?<![第\d.{_CN_CHARS}])"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|[零〇一二两三四五六七八九十][{_CN_CHARS}]*?)"
    r"\s*(?P<mul>[万亿])?"
)
_COUNT = r"\s*(?:件次|件|份|条|宗|个|例|起|项)"
_CASES = r"\s*(?:件|起|宗|例)"
_ITEMS = r"\s*(?:条|件|篇|项|份)"


def _gap(n: int) -> str:
    """Up to n characters that are neither digits nor clause punctuation, nor start a word that
    shows the sentence is about something else (……情况等六个部分)."""
    return rf"(?:(?!情况|部分|其中)[^\d。；;，,！!？?\n]){{0,{n}}}?"


# After the thing counted only these words may precede the number (收到申请 共计 20 件).
_FILL = r"(?:事项|件数|数量|总数|共计|合计|总计|答复|决定|申请|共|计|为|达|了|的|有|\s)*?"


_COLON = r"[:：]?\s*"
_NOT_JOINED = r"(?<![及和与、])"  # 同意公开及部分公开 61 件 counts two outcomes together

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "requests_received",
        re.compile(
            rf"(?:收到|受理|接收|接到){_gap(12)}(?:申请|依申请公开){_FILL}{_COLON}{_NUM}{_COUNT}"
        ),
    ),
    ("carried_over", re.compile(rf"上年度?结转{_gap(12)}{_COLON}{_NUM}{_COUNT}")),
    (
        "disclosed",
        re.compile(rf"{_NOT_JOINED}(?:予以公开|同意公开){_FILL}{_COLON}{_NUM}{_COUNT}"),
    ),
    ("partially_disclosed", re.compile(rf"{_NOT_JOINED}部分公开{_FILL}{_COLON}{_NUM}{_COUNT}")),
    ("withheld", re.compile(rf"{_NOT_JOINED}不予公开{_FILL}{_COLON}{_NUM}{_COUNT}")),
    ("unavailable", re.compile(rf"{_NOT_JOINED}无法提供{_FILL}{_COLON}{_NUM}{_COUNT}")),
    (
        "not_processed",
        re.compile(rf"{_NOT_JOINED}不予(?:处理|受理){_FILL}{_COLON}{_NUM}{_COUNT}"),
    ),
    ("other_processed", re.compile(rf"{_NOT_JOINED}其他处理{_FILL}{_COLON}{_NUM}{_COUNT}")),
    (
        "reconsideration_total",
        re.compile(rf"行政复议(?P<gap>{_gap(10)}){_COLON}{_NUM}{_CASES}"),
    ),
    ("litigation_total", re.compile(rf"行政诉讼(?P<gap>{_gap(10)}){_COLON}{_NUM}{_CASES}")),
    (
        "proactive_total",
        re.compile(rf"主动公开{_gap(8)}信息{_FILL}{_COLON}{_NUM}(?P<mul2>[万亿])?{_ITEMS}"),
    ),
    ("fees_yuan", re.compile(rf"(?:收取|收费){_gap(12)}{_COLON}{_NUM}\s*元")),
]

# Where the gap after 行政复议 reaches 行政诉讼 (or the reverse), the number belongs to both only
# when the sentence says so (各 / 均 / 都); otherwise it counts something we cannot tell apart.
_OTHER_APPEAL = {"reconsideration_total": "行政诉讼", "litigation_total": "行政复议"}
_BOTH = re.compile(r"[各均都]")

# "None happened" forms. 无法 (unable) and 未经 (未经复议直接起诉) are not negations here.
_NEG = r"(?:没有|未(?!经)|无(?!法|正当))"
_ZERO_PATTERNS: list[tuple[tuple[str, ...], re.Pattern[str]]] = [
    (
        ("requests_received",),
        re.compile(
            rf"{_NEG}(?:收到|受理|接到){_gap(10)}(?:申请|依申请公开)(?![^。；;，,]{{0,6}}\d)"
        ),
    ),
    (
        ("fees_yuan",),
        re.compile(
            rf"(?:{_NEG}|不|免){_gap(12)}收取{_gap(12)}费|(?:{_NEG}|不予?|免)收费(?!标准|依据)"
        ),
    ),
]
_APPEALS_NONE = re.compile(rf"{_NEG}{_gap(24)}(?:行政复议|行政诉讼)[^\d。；;，,]{{0,14}}")
_NONE_AFTER_COLON = re.compile(
    r"(?P<kw>行政复议|行政诉讼|收到(?:政府信息公开)?申请)[^\d。；;，,]{0,6}?[:：]\s*(?:无|零)(?=[。；;，,\s)）]|$)"
)
_NONE_KEYS = {
    "行政复议": "reconsideration_total",
    "行政诉讼": "litigation_total",
}


def normalise(text: str) -> str:
    """NFKC, so full-width digits and punctuation read as their half-width forms."""
    return unicodedata.normalize("NFKC", text)


def _numeric(text: str) -> Iterable[StatedFigure]:
    for key, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            gap = match.groupdict().get("gap")
            other = _OTHER_APPEAL.get(key)
            if other and not _BOTH.search(gap or ""):
                before = text[max(0, match.start() - 12) : match.start()]
                if other in (gap or "") or re.search(
                    rf"{other}[、和及与][^\d。；;，,]{{0,4}}$", before
                ):
                    continue
            try:
                value = _to_number(match["num"], match["mul"] or match.groupdict().get("mul2"))
            except ValueError:
                continue
            yield StatedFigure(key, value, match.group(0), match.start(), match.end())


def _zeros(text: str) -> Iterable[StatedFigure]:
    for keys, pattern in _ZERO_PATTERNS:
        for match in pattern.finditer(text):
            for key in keys:
                yield StatedFigure(key, 0, match.group(0), match.start(), match.end())
    for match in _APPEALS_NONE.finditer(text):
        phrase = match.group(0)
        for word, key in _NONE_KEYS.items():
            if word in phrase:
                yield StatedFigure(key, 0, phrase, match.start(), match.end())
    for match in _NONE_AFTER_COLON.finditer(text):
        key = _NONE_KEYS.get(match["kw"], "requests_received")
        yield StatedFigure(key, 0, match.group(0), match.start(), match.end())


def stated_figures(text: str) -> list[StatedFigure]:
    """Every figure the prose states, in the order it states them.

    A key may occur more than once (a report may repeat a figure, or give one per subordinate
    body); ``key_figures`` picks one per key.
    """
    text = normalise(text)
    found = {(f.key, f.start): f for f in _numeric(text)}
    for figure in _zeros(text):
        # A number stated at the same place wins over a "none" reading of the same words.
        found.setdefault((figure.key, figure.start), figure)
    return sorted(found.values(), key=lambda f: (f.start, FIGURE_KEYS.index(f.key)))


_TOTAL_MARKERS = re.compile(r"共|总|全年|累计|合计")


def key_figures(text: str) -> dict[str, StatedFigure]:
    """One figure per key: the first one said as a total (共/总/全年/累计/合计, in the figure or
    just before it: 全市共主动公开…), else the first."""
    normalised = normalise(text)

    def said_as_total(figure: StatedFigure) -> bool:
        lead = normalised[max(0, figure.start - 6) : figure.start]
        lead = re.split(r"[。；;，,！!？?\n]", lead)[-1]
        return bool(_TOTAL_MARKERS.search(lead + figure.phrase))

    chosen: dict[str, StatedFigure] = {}
    for figure in stated_figures(text):
        current = chosen.get(figure.key)
        if current is None or (not said_as_total(current) and said_as_total(figure)):
            chosen[figure.key] = figure
    return chosen
