"""Personal data in requests and replies: validating and finding it, and masking it for display.

Finding is for proposing redactions in documents about to be published or sent to a third
party; a person confirms each one, so the patterns lean towards finding too much rather than
too little, but an identity number must pass its check digit to be proposed as one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

# GB 11643-1999: ISO 7064 MOD 11-2 weights and check characters.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# First two digits: province-level divisions, plus 81/82/83 (Hong Kong, Macao, Taiwan residents'
# residence permits, which use the same format).
_PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)

_COMPOUND_SURNAMES = frozenset(
    "欧阳 太史 端木 上官 司马 东方 独孤 南宫 万俟 闻人 夏侯 诸葛 尉迟 公羊 赫连 澹台 皇甫 宗政 "
    "濮阳 公冶 太叔 申屠 公孙 慕容 仲孙 钟离 长孙 宇文 司徒 鲜于 司空 闾丘 子车 亓官 司寇 巫马 "
    "公西 颛孙 壤驷 公良 漆雕 乐正 宰父 谷梁 拓跋 夹谷 轩辕 令狐 段干 百里 呼延 东郭 南门 羊舌 "
    "微生 公户 公玉 公仪 梁丘 公仲 公上 公门 公山 公坚 左丘 公伯 西门 公祖 第五 公乘 贯丘 公皙 "
    "南荣 东里 东宫 仲长 子书 子桑 即墨 达奚 褚师".split()
)


def _digits(text: str) -> str:
    """Full-width digits and letters as ASCII (NFKC keeps one character per character here)."""
    return unicodedata.normalize("NFKC", text)


def _birth_date_ok(year: int, month: int, day: int) -> bool:
    if not 1900 <= year <= 2099:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def check_digit(first17: str) -> str:
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def valid_identity_number(s: str) -> bool:
    """A 居民身份证 number: 18 digits with the GB 11643 check character, or the old 15 digits.

    Checks the province code and the birth date too; the 15-digit form has no check digit, so
    only those can be checked.
    """
    if not isinstance(s, str):
        return False
    s = _digits(s.strip()).upper()
    if len(s) == 18 and s[:17].isascii() and s[:17].isdigit() and s[17] in "0123456789X":
        if int(s[:2]) not in _PROVINCES:
            return False
        if not _birth_date_ok(int(s[6:10]), int(s[10:12]), int(s[12:14])):
            return False
        return check_digit(s[:17]) == s[17]
    if len(s) == 15 and s.isascii() and s.isdigit():
        # Issued until 2004 to people born in the 20th century: the year is 19YY.
        return int(s[:2]) in _PROVINCES and _birth_date_ok(
            1900 + int(s[6:8]), int(s[8:10]), int(s[10:12])
        )
    return False


@dataclass(frozen=True)
class Match:
    kind: str  # identity_number, mobile, landline
    start: int
    end: int
    text: str


_D = r"[0-9０-９]"
_ID18 = re.compile(rf"(?<![0-9０-９A-Za-z]){_D}{{17}}[0-9０-９XxＸｘ](?![0-9０-９A-Za-z])")
_ID15 = re.compile(rf"(?<![0-9０-９A-Za-z]){_D}{{15}}(?![0-9０-９A-Za-z])")
# Mainland mobiles: 1[3-9] and nine more digits, optionally +86 and 3-4-4 groups with - or space.
_MOBILE = re.compile(
    rf"(?<![0-9０-９])(?:(?:\+|＋)?86[- ]?)?1[3-9３-９]{_D}(?:[- ]?){_D}{{4}}(?:[- ]?){_D}{{4}}(?![0-9０-９])"
)
# Landlines: area code 0xx or 0xxx (optionally in brackets) and a 7–8 digit number.
_LANDLINE = re.compile(
    rf"(?<![0-9０-９])(?:[(（]0{_D}{{2,3}}[)）]|0{_D}{{2,3}}-)[- ]?{_D}{{7,8}}(?:-{_D}{{1,5}})?(?![0-9０-９])"
)


def find_personal_data(text: str, *, landlines: bool = True) -> list[Match]:
    """Identity numbers and phone numbers in ``text``, in order and never overlapping."""
    found: list[Match] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, m: re.Match) -> None:
        if any(m.start() < end and start < m.end() for start, end in taken):
            return
        found.append(Match(kind, m.start(), m.end(), m.group()))
        taken.append((m.start(), m.end()))

    for m in _ID18.finditer(text):
        if valid_identity_number(m.group()):
            add("identity_number", m)
    for m in _ID15.finditer(text):
        if valid_identity_number(m.group()):
            add("identity_number", m)
    for m in _MOBILE.finditer(text):
        add("mobile", m)
    if landlines:
        for m in _LANDLINE.finditer(text):
            add("landline", m)
    return sorted(found, key=lambda m: m.start)


def mask_identity(s: str) -> str:
    """``440106199001011234`` → ``4401**********1234``: region and birth date hidden."""
    s = s.strip()
    if len(s) < 15:
        return "*" * len(s)
    return s[:4] + "*" * (len(s) - 8) + s[-4:]


def mask_phone(s: str) -> str:
    """``13812345678`` → ``138****5678``; ``010-12345678`` → ``010-****5678``.

    Only the network prefix (or area code) and the last four digits stay; a number too short to
    tell is hidden entirely.
    """
    s = s.strip()
    positions = [i for i, c in enumerate(s) if _digits(c).isdigit()]
    plain = "".join(_digits(s[i]) for i in positions)
    if len(positions) < 8:
        return "".join("*" if i in positions else c for i, c in enumerate(s))
    keep = set(positions[-4:])
    if len(plain) >= 11 and plain[-11] == "1" and plain[-10] in "3456789":
        keep |= set(positions[:-8])  # country code and the three-digit network prefix
    elif plain.startswith("0"):
        separator = re.search(r"[-)）\s]", s)
        area = [i for i in positions if separator and i < separator.start()]
        if len(area) <= 4 and len(positions) - len(area) >= 7:
            keep |= set(area)
    return "".join("*" if i in positions and i not in keep else c for i, c in enumerate(s))


def mask_name(s: str) -> str:
    """``张三`` → ``张*``, ``欧阳娜娜`` → ``欧阳**``, ``买买提·艾力`` → ``买**·**``."""
    s = s.strip()
    if len(s) <= 1:
        return "*" * len(s)
    if not all("\u4e00" <= c <= "\u9fff" or c in "·•." for c in s):
        # Latin and other names: first letter only.
        return s[0] + "".join(c if c in " .·-" else "*" for c in s[1:])
    keep = 2 if s[:2] in _COMPOUND_SURNAMES and len(s) > 2 else 1
    return s[:keep] + "".join(c if c in "·•." else "*" for c in s[keep:])


def mask_found(text: str) -> str:
    """Free text with every identity number and phone ``find_personal_data`` finds masked, for
    people who may read a request but not its applicant's personal data."""
    masks = {"identity_number": mask_identity}
    out, last = [], 0
    for m in find_personal_data(text):
        out.append(text[last : m.start])
        out.append(masks.get(m.kind, mask_phone)(m.text))
        last = m.end
    out.append(text[last:])
    return "".join(out)
