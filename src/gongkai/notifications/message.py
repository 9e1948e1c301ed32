"""A notice as data, and what of it goes by SMS (plain Python, no Django).

An SMS is billed and shown in segments: 70 characters (Chinese or not, UCS-2) fit one message,
longer texts are split into parts of 67. The platform's SMS is therefore only the subject (with
the request's number) and where to look, and stays within one segment with the signature; the
details are on the tracking page and in the e-mail.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

# Mainland mobile numbers: 1[3-9] and nine more digits. Landlines (区号-号码) cannot take SMS.
MOBILE = re.compile(r"1[3-9]\d{9}")
SEGMENT = 70
LONG_SEGMENT = 67  # each part of a split message gives 3 characters to the joining header
WHERE_TO_LOOK = "详情请登录政府信息公开网站查询。"


@dataclass(frozen=True)
class Message:
    """One notice: its subject (which names the request) and its lines. ``greeting`` is the
    addressee's name for the e-mail's salutation; empty lines are left out."""

    subject: str
    lines: list[str] = field(default_factory=list)
    greeting: str = ""

    @property
    def body(self) -> str:
        head = [f"{self.greeting}：", ""] if self.greeting else []
        return "\n".join([*head, *[line for line in self.lines if line], ""])

    @property
    def sms_text(self) -> str:
        return f"{self.subject.rstrip('。')}。{WHERE_TO_LOOK}"


def mobile_number(value: str | None) -> str | None:
    """The 11 digits of a mainland mobile number as an applicant may write it (spaces or
    hyphens, +86 or 0086 before it), or None for anything else (a landline, nothing)."""
    s = re.sub(r"[\s\-()（）]", "", unicodedata.normalize("NFKC", value or ""))
    s = re.sub(r"^(?:\+?86|0086)(?=1)", "", s)
    return s if MOBILE.fullmatch(s) else None


def segments(text: str) -> int:
    """How many SMS segments a text takes (the signature counted in)."""
    if len(text) <= SEGMENT:
        return 1
    return math.ceil(len(text) / LONG_SEGMENT)


def signed(text: str, sign: str) -> str:
    """The text as the phone shows it: the signature 【…】 first, as the carriers require."""
    return f"【{sign}】{text}" if sign else text
