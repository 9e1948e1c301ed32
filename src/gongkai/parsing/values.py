"""Reading one cell: a number (signed, with a money unit), a blank, or a label."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from gongkai.parsing.document import Source

# What reports print in a cell that has nothing in it.
_BLANK = re.compile(r"^(?:[-—–―─/\\]+|无|空|暂无)?$")
_NUMBER = re.compile(
    r"^(?P<sign>[+-])?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?\s*"
    r"(?P<unit>亿元|万元|元|件|条|个|项|宗|次|万)?$"
)
# Numbers at the end of a label cell, as PDF text extraction leaves them: "规范性文件 7 4 88".
_TRAILING = re.compile(
    r"^(?P<label>.*?\D)\s+(?P<nums>[+-]?\d[\d,.]*(?:\s+[+-]?\d[\d,.]*)*(?:亿元|万元|元)?)$"
)
_ONLY_NUMBERS = re.compile(r"^[+-]?\d[\d,.]*(?:\s+[+-]?\d[\d,.]*)+$")

GLUED = 7  # digits in a run that is cells run together rather than one count
# A label with a row's cells run onto it: "（一）予以公开801000081".
_GLUED_ON = re.compile(r"^(?P<label>.*?[^\d\s,.+\-])(?P<digits>\d{7,})$")

MONEY_FACTORS = {"元": 0.0001, "万元": 1.0, "万": 1.0, "亿元": 10000.0}


@dataclass(frozen=True)
class Value:
    number: float | None  # None: a blank that holds a place
    unit: str | None = None
    signed: bool = False  # printed with + or -: only 本年增/减 is
    # Seven or more digits with nothing between them: a table row's cells run together
    # ("801000081"), read as one number only where nothing can split them.
    digits: str | None = None
    source: Source | None = field(default=None, compare=False)

    @property
    def blank(self) -> bool:
        return self.number is None


def parse_number(text: str) -> Value | None:
    """The value of a cell, or ``None`` when the cell is a label rather than a value."""
    text = text.strip()
    if _BLANK.match(text):
        return Value(None)
    m = _NUMBER.match(text)
    if not m:
        return None
    number = float(m["num"].replace(",", "") + (m["frac"] or ""))
    if not math.isfinite(number):
        return None  # hundreds of digits: no figure of a report, so not read as one
    if m["sign"] == "-":
        number = -number
    glued = (
        m["num"] if len(m["num"]) >= GLUED and not (m["frac"] or m["unit"] or m["sign"]) else None
    )
    return Value(number, m["unit"], m["sign"] is not None, glued)


def split_cell(text: str) -> tuple[str, list[Value]]:
    """A label cell with values glued on by text extraction, split into the label and the values."""
    if _ONLY_NUMBERS.match(text):
        values = [parse_number(t) for t in text.split()]
        if all(v is not None for v in values):
            return "", values  # type: ignore[return-value]
    m = _GLUED_ON.match(text)
    if m and len(m["label"]) <= 40:
        number = float(m["digits"])
        if math.isfinite(number):
            return m["label"].strip(), [Value(number, digits=m["digits"])]
    m = _TRAILING.match(text)
    if m and len(m["label"]) <= 40:
        values = [parse_number(t) for t in m["nums"].split()]
        if all(v is not None and not v.blank for v in values):
            return m["label"].strip(), values  # type: ignore[return-value]
    return text, []


def money_factor(unit: str | None, header_unit: str | None) -> float:
    """The factor to 万元: the unit in the cell wins, then the column header's, else 万元."""
    if unit in MONEY_FACTORS:
        return MONEY_FACTORS[unit]
    if header_unit in MONEY_FACTORS:
        return MONEY_FACTORS[header_unit]
    return 1.0


def unit_in_header(text: str) -> str | None:
    """The money unit a column header declares, e.g. 采购总金额（万元） or （单位：元）."""
    m = re.search(r"[(（:：]\s*(?:单位\s*[:：]?\s*)?(亿元|万元|元)\s*[)）]?", text)
    if m:
        return m.group(1)
    return None


def as_int_if_whole(number: float) -> float | int:
    if number == int(number) and abs(number) < 1e15:
        return int(number)
    return round(number, 6)
