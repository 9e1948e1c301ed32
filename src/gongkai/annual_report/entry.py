"""A figure as a person types it into a form or a spreadsheet cell, read as a cell value.

One reader for every place figures are entered by hand (the draft page, the figures import):
"1,234", "１２３４" (full-width, as a Chinese input method gives it) and "1 234" are 1234;
anything else is refused with a message saying what to type instead.
"""

from __future__ import annotations

import re
import unicodedata

from gongkai.annual_report.report import Number
from gongkai.errors import InvalidInput

# Digits grouped by thousands with commas, or not grouped at all; an optional decimal part.
_FIGURE = re.compile(
    r"(?P<sign>[+-]?)(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<frac>[0-9]+))?"
)


class FigureError(InvalidInput, ValueError):
    """A typed figure that is no figure; the message is Chinese and names what to fix."""

    code = "figure"
    message = "数字填写有误。"


def parse_figure(raw: object) -> Number | None:
    """The number typed in ``raw`` (an int when whole), or None when nothing was typed."""
    text = "".join(unicodedata.normalize("NFKC", str(raw if raw is not None else "")).split())
    # The ideographic full stop and the minus sign a word processor puts in.
    text = text.replace("。", ".").replace("−", "-")
    if not text:
        return None
    m = _FIGURE.fullmatch(text)
    if m is None:
        shown = str(raw).strip()[:20]
        raise FigureError(f"应填数字（如 1234 或 1,234），而不是“{shown}”。")
    # The sign is kept: whether a column may be negative (本年增/减 may) is the column's rule
    # (reports.domain.drafting.check_figure), not the reader's.
    sign = -1 if m["sign"] == "-" else 1
    whole = int(m["int"].replace(",", ""))
    if m["frac"] and m["frac"].strip("0"):
        return sign * float(f"{whole}.{m['frac']}")
    return sign * whole
