"""Recognising the same applicant across requests without storing who they are.

Art. 35 (volume), Art. 36(6) (repeated requests) and the per-applicant fee bands of 109号 all
need "the same applicant". The key is built from the most reliable identifier the request has —
identity document number, else phone, else email, else name — normalised so that the ways people
write the same number give the same key, then hashed.

A plain SHA-256 of a phone or identity number can be reversed by trying every number (there are
only about 10^10 of them), so the key is pseudonymous, not anonymous. Pass ``secret`` (a value
kept out of the database, e.g. a dedicated setting) to get HMAC-SHA256 instead; keys made with
different secrets never match, so the secret must not change once keys are stored.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from gongkai.errors import InvalidInput
from gongkai.notifications.message import MOBILE

from .personal_data import check_digit, valid_identity_number


class ApplicantKeyError(InvalidInput, ValueError):
    """Nothing to recognise the applicant by."""

    code = "applicant_key"
    message = "缺少可识别申请人的信息（姓名或名称、证件号码或联系方式）。"


def _clean(value: str | None) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


def normalise_identity(value: str | None) -> str:
    """An identity document number as one canonical string.

    Resident identity numbers: upper-case check character, and the old 15-digit form widened to
    the 18-digit number it became (century 19 inserted, check digit computed), since a person
    may give either. Other documents (passport, 港澳台 permits, 统一社会信用代码 for
    organisations): upper case without spaces or hyphens.
    """
    s = re.sub(r"[\s\-‐－—]", "", _clean(value)).upper()
    if len(s) == 15 and valid_identity_number(s):
        body = s[:6] + "19" + s[6:]
        return body + check_digit(body)
    return s


def normalise_phone(value: str | None) -> str:
    """Digits only, without the country code of mainland numbers (+86, 0086, 86)."""
    digits = re.sub(r"\D", "", _clean(value))
    for prefix in ("0086", "86"):
        if not digits.startswith(prefix):
            continue
        rest = digits[len(prefix) :]
        if len(rest) == 11 and rest[0] == "1" and rest[1] in "3456789":
            return rest
        # A landline dialled from abroad drops the trunk 0 of the area code (+86 10 …).
        if 9 <= len(rest) <= 12:
            return rest if rest[0] == "0" else "0" + rest
    return digits


def normalise_email(value: str | None) -> str:
    """Lower case: mail systems treat the local part case-insensitively in practice."""
    return re.sub(r"\s", "", _clean(value)).lower()


def normalise_name(value: str | None) -> str:
    """No spaces; the many middle dots of transliterated names (买买提·艾力) as one."""
    s = re.sub(r"\s", "", _clean(value))
    return re.sub(r"[·•‧・∙⋅･.]", "·", s)


def applicant_key(
    name: str | None,
    id_number: str | None,
    phone: str | None,
    email: str | None,
    *,
    secret: str | bytes | None = None,
) -> str:
    """A 64-character hex key for "the same applicant": identity number, else phone, else email,
    else name; SHA-256, or HMAC-SHA256 with ``secret``.

    Raises :class:`ApplicantKeyError` when all four are empty.
    """
    for kind, value in (
        ("id", normalise_identity(id_number)),
        ("tel", normalise_phone(phone)),
        ("mail", normalise_email(email)),
        ("name", normalise_name(name)),
    ):
        if value:
            message = f"gongkai-applicant:{kind}:{value}".encode()
            if secret is None:
                return hashlib.sha256(message).hexdigest()
            key = secret.encode() if isinstance(secret, str) else bytes(secret)
            return hmac.new(key, message, hashlib.sha256).hexdigest()
    raise ApplicantKeyError("无法识别申请人：姓名、证件号码、联系电话、电子邮箱均为空")


def phone_problem(value: str | None) -> str | None:
    """What is wrong with a contact number as an applicant typed it, or None when it is a
    mainland mobile (1[3-9] and 9 digits, +86 allowed) or a landline written 区号-号码 with an
    optional extension (010-12345678、0571-8765432-123、0571-8765432转123)."""
    s = re.sub(r"[\s()（）]", "", _clean(value))
    s = re.sub(r"^(?:\+86|0086)-?", "", s)
    if MOBILE.fullmatch(s):
        return None
    if re.fullmatch(r"0\d{2,3}-?[2-9]\d{6,7}(?:(?:-|转|#)\d{1,6})?", s):
        return None
    if re.fullmatch(r"1\d*", s) and s.isdigit():
        return "手机号码应为 11 位数字，以 13—19 开头，例如 13912345678。"
    return (
        "请填写有效的联系电话：手机号码 11 位（例如 13912345678），"
        "固定电话写明区号（例如 0571-87654321，分机可写 0571-87654321-123）。"
    )


def submission_digest(key: str, description: str) -> str:
    """The same applicant asking for the same thing: their key and the description with its
    spacing and full-width forms normalised, hashed, so a reloaded or re-sent form is
    recognised without comparing texts."""
    text = re.sub(r"\s+", "", _clean(description))
    return hashlib.sha256(f"{key}\n{text}".encode()).hexdigest()
