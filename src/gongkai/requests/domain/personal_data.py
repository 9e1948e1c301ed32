"""Personal data in requests and replies: validating and finding it, and masking it for display.

Finding is for proposing redactions in documents about to be published or sent to a third
party; a person confirms each one, so the patterns lean towards finding too much rather than
too little, but an identity number must pass its check digit to be proposed as one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
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
    kind: str  # a key of KIND_LABELS
    start: int
    end: int
    text: str


_D = r"[0-9０-９]"
_ID18 = re.compile(rf"(?<![0-9０-９A-Za-z]){_D}{{17}}[0-9０-９XxＸｘ](?![0-9０-９A-Za-z])")
_ID15 = re.compile(rf"(?<![0-9０-９A-Za-z]){_D}{{15}}(?![0-9０-９A-Za-z])")
# Mainland mobiles: 1[3-9] and nine more digits, optionally +86 and 3-4-4 groups with - or space.
_MOBILE = re.compile(
    rf"(?<![0-9０-９])(?:(?:\+|＋)?86[- ]?)?[1１][3-9３-９]{_D}(?:[- ]?){_D}{{4}}(?:[- ]?){_D}{{4}}(?![0-9０-９])"
)
# Landlines: area code 0xx or 0xxx (optionally in brackets) and a 7–8 digit number.
_LANDLINE = re.compile(
    rf"(?<![0-9０-９])(?:[(（][0０]{_D}{{2,3}}[)）]|[0０]{_D}{{2,3}}-)[- ]?{_D}{{7,8}}(?:-{_D}{{1,5}})?(?![0-9０-９])"
)


# E-mail addresses: ASCII local part and a dotted domain (full-width @ too).
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+[@＠][A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
# Bank cards: 16 to 19 digits, in one run or in groups of four; kept only if the Luhn check
# passes, so that most long reference numbers are left alone.
_BANK_CARD = re.compile(
    rf"(?<![0-9０-９A-Za-z])(?:{_D}{{16,19}}|{_D}{{4}}(?: {_D}{{4}}){{3}}(?: {_D}{{1,3}})?)"
    r"(?![0-9０-９A-Za-z])"
)
# A name stated as the applicant's own, right before a contact or identity cue:
# "本人张小三，身份证…", "申请人：李四 电话…". Without such a cue a name is not guessed at.
# Words that begin a request rather than a name ("本人申请公开身份证办理流程").
_NOT_A_NAME = r"申请|要求|需要|希望|想|依据|根据|查询|了解|获取|公开|办理|现|特|因|在|对|就|的"
_CUE = r"(?:身份证|公民身份|证件|手机|电话|联系|住址|家住|现住|邮箱)"
_NAMED = re.compile(
    rf"(?:本人|申请人)[：:\s]*(?!{_NOT_A_NAME})(?P<name>[\u4e00-\u9fff·]{{2,4}}?)"
    rf"(?=[，,、;；\s（(]*{_CUE})"
)

KIND_LABELS = {
    "identity_number": "身份证号码",
    "mobile": "手机号码",
    "landline": "固定电话号码",
    "email": "电子邮箱",
    "bank_card": "银行卡号",
    "name": "姓名",
}


def _luhn_ok(number: str) -> bool:
    digits = [int(c) for c in reversed(number)]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits))
    return total % 10 == 0


def find_personal_data(
    text: str,
    *,
    landlines: bool = True,
    emails: bool = False,
    bank_cards: bool = False,
    names: bool = False,
) -> list[Match]:
    """Identity numbers and phone numbers in ``text``, in order and never overlapping; with the
    flags also e-mail addresses, bank card numbers and names stated as the applicant's own
    (free text: a redaction proposal on a page asks only for the numbers)."""
    found: list[Match] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, m: re.Match, group: int | str = 0) -> None:
        start, end = m.span(group)
        if any(start < e and s < end for s, e in taken):
            return
        found.append(Match(kind, start, end, m.group(group)))
        taken.append((start, end))

    if emails:
        # First: a mobile number as an address's local part is the address.
        for m in _EMAIL.finditer(text):
            add("email", m)

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
    if bank_cards:
        for m in _BANK_CARD.finditer(text):
            if _luhn_ok("".join(_digits(m.group()).split())):
                add("bank_card", m)
    if names:
        for m in _NAMED.finditer(text):
            add("name", m, "name")
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


def mask_email(s: str) -> str:
    """``zhang.san@example.com`` → ``z***@example.com``: the mailbox hidden, the domain kept."""
    local, at, domain = s.strip().replace("＠", "@").partition("@")
    return (local[:1] + "***" + at + domain) if at else "*" * len(s)


def mask_card(s: str) -> str:
    """``6222021234567890123`` → ``***************0123``: only the last four digits stay."""
    positions = [i for i, c in enumerate(s) if _digits(c).isdigit()]
    keep = set(positions[-4:])
    return "".join("*" if i in positions and i not in keep else c for i, c in enumerate(s))


_MASKS = {
    "identity_number": mask_identity,
    "mobile": mask_phone,
    "landline": mask_phone,
    "email": mask_email,
    "bank_card": mask_card,
    "name": mask_name,
}


def mask_as(kind: str, text: str) -> str:
    """``text`` masked as what it was found to be (a ``Match.kind``)."""
    return _MASKS[kind](text)


def _in_free_text(text: str, names: Iterable[str]) -> list[Match]:
    """Everything the detector finds in free text, plus each of ``names`` (the applicant's
    own, known from the form) wherever it occurs."""
    found = find_personal_data(text, emails=True, bank_cards=True, names=True)
    taken = [(m.start, m.end) for m in found]
    for name in {n.strip() for n in names if n and len(n.strip()) >= 2}:
        for m in re.finditer(re.escape(name), text):
            if not any(m.start() < e and s < m.end() for s, e in taken):
                found.append(Match("name", m.start(), m.end(), m.group()))
                taken.append(m.span())
    return sorted(found, key=lambda m: m.start)


def mask_found(text: str, *, names: Iterable[str] = ()) -> str:
    """Free text with every identity number, phone, e-mail address, bank card and applicant's
    name found masked, for people who may read a request but not its applicant's personal
    data. ``names``: names known to be personal data here (the applicant's)."""
    if not text:
        return text
    out, last = [], 0
    for m in _in_free_text(text, names):
        out.append(text[last : m.start])
        out.append(mask_as(m.kind, m.text))
        last = m.end
    out.append(text[last:])
    return "".join(out)


def mask_file_name(name: str) -> str:
    """``赵六身份证.pdf`` → ``（文件名已隐去）.pdf``: a file's name may say whose papers it holds,
    so only its type is shown."""
    stem, dot, ext = name.rpartition(".")
    if dot and stem and 1 <= len(ext) <= 5 and ext.isascii() and ext.isalnum():
        return f"（文件名已隐去）.{ext}"
    return "（文件名已隐去）"


# A cue before a stripped number or e-mail ("身份证号码：", "手机") goes with it, so that what
# is left reads as a sentence; so does the separator after it.
_CUE_BEFORE = re.compile(
    r"(?:本人|申请人)?(?:公民)?(?:身份证(?:号码|号)?|证件号码?|手机(?:号码|号)?|联系电话|电话(?:号码)?|"
    r"座机|(?:电子)?邮箱|邮件|E-?mail|银行卡(?:号)?|卡号)[：:\s]*$",
    re.IGNORECASE,
)
_LEAD_BEFORE_NAME = re.compile(r"(?:本人|申请人)[：:\s]*$")
_SEPARATORS = "，,、;；：: "


@dataclass(frozen=True)
class Stripped:
    text: str
    removed: tuple[Match, ...]

    @property
    def warning(self) -> str:
        """What was taken out, in words for the clerk; empty when nothing was."""
        if not self.removed:
            return ""
        # Masked here too: the warning is a page, and may be read over the clerk's shoulder.
        what = "、".join(
            f"{KIND_LABELS[m.kind]}（{mask_as(m.kind, m.text)}）" for m in self.removed
        )
        return (
            f"申请内容含有个人信息，未写入草稿：{what}。"
            "请核对草稿的标题、正文和附件，确认不含个人信息后再提交审查。"
        )


def strip_found(text: str, *, names: Iterable[str] = ()) -> Stripped:
    """Free text with what ``mask_found`` would mask taken out altogether (with the words that
    announced it), for text about to become public: a catalog draft made from a request."""
    found = _in_free_text(text, names)
    out, last = [], 0
    for m in found:
        before = text[last : m.start]
        cue = (_LEAD_BEFORE_NAME if m.kind == "name" else _CUE_BEFORE).search(before)
        out.append(before[: cue.start()] if cue else before)
        last = m.end
        # The separator after the removed part goes too ("…，手机13712345678，申请…").
        while last < len(text) and text[last] in _SEPARATORS:
            last += 1
    out.append(text[last:])
    stripped = re.sub(r"([，,、;；])[，,、;；\s]+", r"\1", "".join(out))
    return Stripped(stripped.strip(_SEPARATORS + "。"), tuple(found))
