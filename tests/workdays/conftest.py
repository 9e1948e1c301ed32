"""The State Council notices of 2022–2026, parsed from the stored reference text.

Parsing (rather than retyping) means a correction to the reference file reaches the tests. The
parser checks itself against each span's own 共N天 so a misread line fails loudly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

_HEAD = re.compile(r"^=== (\d{4}) ")
_ITEM = re.compile(r"^[一二三四五六七八九]、([^：]+)：(.*)$")
_PAREN = re.compile(r"（[^）]*）")
_DATE = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日")
_LENGTH = re.compile(r"(?:共|放假)(\d+)天")


@dataclass
class Notice:
    year: int
    holidays: dict[date, str] = field(default_factory=dict)
    workdays: set[date] = field(default_factory=set)


def _dates(text: str, year: int) -> list[date]:
    out, month = [], None
    for m in _DATE.finditer(text):
        if m.group(1):
            year = int(m.group(1))
        if m.group(2):
            month = int(m.group(2))
        out.append(date(year, month, int(m.group(3))))
    return out


def parse_notices(text: str) -> dict[int, Notice]:
    notices: dict[int, Notice] = {}
    current = None
    for line in text.splitlines():
        if m := _HEAD.match(line):
            current = notices.setdefault(int(m.group(1)), Notice(int(m.group(1))))
            continue
        m = _ITEM.match(line)
        if not (m and current):
            continue
        name, body = m.group(1), _PAREN.sub("", m.group(2))
        for sentence in filter(None, body.split("。")):
            if "放假" in sentence:
                days = _dates(sentence.split("放假")[0], current.year)
                first, last = days[0], days[-1]
                stated = _LENGTH.search(sentence)
                if stated:
                    assert (last - first).days + 1 == int(stated.group(1)), line
                d = first
                while d <= last:
                    current.holidays[d] = name
                    d += timedelta(days=1)
            elif sentence.endswith("上班"):
                current.workdays.update(_dates(sentence, current.year))
    return notices


@pytest.fixture(scope="session")
def notices(spec_dir) -> dict[int, Notice]:
    path = spec_dir / "reference" / "holiday-notices-2022-2026.zh.txt"
    parsed = parse_notices(path.read_text(encoding="utf-8"))
    assert sorted(parsed) == [2022, 2023, 2024, 2025, 2026]
    return parsed
