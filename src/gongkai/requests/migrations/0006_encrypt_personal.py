"""Identity numbers and phones encrypted at rest; the blind index filled where it was missing.

The columns are widened for the ciphertext (varchar 40 -> 268: PostgreSQL only changes the
catalogue, the release before this one keeps reading and writing the same column), every stored
value is encrypted with the first key of settings.FIELD_KEYS, and a request without an
applicant_key (made before 0002) gets one. Frozen: the ciphertext format of
gongkai/fieldcrypt/cipher.py and the applicant key of requests/domain/applicants.py are copied
here as they were, so this migration means the same thing whatever those modules become.
Reversible: going back decrypts.
"""

import base64
import hashlib
import hmac
import os
import re
import unicodedata
from datetime import date

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import migrations, models

FIELDS = ("id_number", "phone")
PREFIX = "gk1:"
BATCH = 500


# --- the ciphertext (gongkai/fieldcrypt/cipher.py, format gk1) --------------------------------


def _key(text):
    text = text.strip()
    algorithm, secret = ("sm4", text[4:]) if text.lower().startswith("sm4:") else ("aes", text)
    kdf_hash, size = (hashes.SM3(), 16) if algorithm == "sm4" else (hashes.SHA256(), 32)
    info = f"gongkai field encryption v1 {algorithm}".encode()
    key = HKDF(algorithm=kdf_hash, length=size, salt=None, info=info).derive(secret.encode())
    key_id = hashlib.sha256(b"gongkai-field-key-id:" + key).hexdigest()[:8]
    return algorithm, key, key_id


def _cipher(algorithm, key, mode):
    return Cipher(algorithms.SM4(key) if algorithm == "sm4" else algorithms.AES(key), mode)


def _encrypt(key, plaintext, context):
    algorithm, raw, key_id = key
    nonce = os.urandom(12)
    encryptor = _cipher(algorithm, raw, modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(context.encode())
    body = encryptor.update(plaintext.encode("utf-8")) + encryptor.finalize()
    blob = base64.urlsafe_b64encode(nonce + body + encryptor.tag).decode("ascii").rstrip("=")
    return f"{PREFIX}{algorithm}:{key_id}:{blob}"


def _decrypt(keys, stored, context):
    _, algorithm, key_id, text = stored.split(":", 3)
    matching = [k for k in keys if (k[0], k[2]) == (algorithm, key_id)]
    if not matching:
        raise RuntimeError(
            f"{context} 由密钥 {algorithm}:{key_id} 加密，GONGKAI_FIELD_KEY 中没有这个密钥，无法解密。"
        )
    blob = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    nonce, body, tag = blob[:12], blob[12:-16], blob[-16:]
    decryptor = _cipher(algorithm, matching[0][1], modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(context.encode())
    return (decryptor.update(body) + decryptor.finalize()).decode("utf-8")


def _keys():
    texts = tuple(getattr(settings, "FIELD_KEYS", ()))
    if not texts:
        raise RuntimeError(
            "没有配置字段加密密钥（GONGKAI_FIELD_KEY），无法加密已保存的身份证件号码和电话。"
        )
    return [_key(text) for text in texts]


# --- the blind index (gongkai/requests/domain/applicants.py as of 0006) -----------------------

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)


def _clean(value):
    return unicodedata.normalize("NFKC", str(value or "")).strip()


def _old_identity_number(s):
    """A valid 15-digit 居民身份证 number (issued until 2004, year 19YY)."""
    if not (len(s) == 15 and s.isascii() and s.isdigit() and int(s[:2]) in _PROVINCES):
        return False
    try:
        date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))
    except ValueError:
        return False
    return True


def _identity(value):
    s = re.sub(r"[\s\-‐－—]", "", _clean(value)).upper()
    if _old_identity_number(s):
        body = s[:6] + "19" + s[6:]
        return body + _CHECK[sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True)) % 11]
    return s


def _phone(value):
    digits = re.sub(r"\D", "", _clean(value))
    for prefix in ("0086", "86"):
        if not digits.startswith(prefix):
            continue
        rest = digits[len(prefix) :]
        if len(rest) == 11 and rest[0] == "1" and rest[1] in "3456789":
            return rest
        if 9 <= len(rest) <= 12:
            return rest if rest[0] == "0" else "0" + rest
    return digits


def _applicant_key(name, id_number, phone, email):
    secret = getattr(settings, "GONGKAI_PSEUDONYM_SECRET", "") or settings.SECRET_KEY
    for kind, value in (
        ("id", _identity(id_number)),
        ("tel", _phone(phone)),
        ("mail", re.sub(r"\s", "", _clean(email)).lower()),
        ("name", re.sub(r"[·•‧・∙⋅･.]", "·", re.sub(r"\s", "", _clean(name)))),
    ):
        if value:
            message = f"gongkai-applicant:{kind}:{value}".encode()
            return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return ""


# --- the rows -----------------------------------------------------------------------------------


def _rows(InfoRequest):
    columns = ("pk", *FIELDS, "applicant_name", "email", "applicant_key")
    last = 0
    while True:
        batch = list(
            InfoRequest.objects.filter(pk__gt=last).order_by("pk").values_list(*columns)[:BATCH]
        )
        if not batch:
            return
        yield from batch
        last = batch[-1][0]


def encrypt(apps, schema_editor):
    InfoRequest = apps.get_model("requests", "InfoRequest")
    keys = None
    for pk, id_number, phone, name, email, applicant_key in _rows(InfoRequest):
        changes = {}
        if not applicant_key:
            changes["applicant_key"] = _applicant_key(name, id_number, phone, email)
        for field, value in zip(FIELDS, (id_number, phone), strict=True):
            if value and not value.startswith(PREFIX):
                keys = keys or _keys()
                changes[field] = _encrypt(keys[0], value, f"requests.inforequest.{field}")
        if changes:
            InfoRequest.objects.filter(pk=pk).update(**changes)


def decrypt(apps, schema_editor):
    InfoRequest = apps.get_model("requests", "InfoRequest")
    keys = None
    for pk, id_number, phone, *_ in _rows(InfoRequest):
        changes = {}
        for field, value in zip(FIELDS, (id_number, phone), strict=True):
            if value and value.startswith(PREFIX):
                keys = keys or _keys()
                changes[field] = _decrypt(keys, value, f"requests.inforequest.{field}")
        if changes:
            InfoRequest.objects.filter(pk=pk).update(**changes)


class Migration(migrations.Migration):
    dependencies = [
        ("requests", "0005_letter_templates"),
    ]

    operations = [
        migrations.AlterField(
            model_name="inforequest",
            name="id_number",
            field=models.CharField(blank=True, max_length=268, verbose_name="证件号码"),
        ),
        migrations.AlterField(
            model_name="inforequest",
            name="phone",
            field=models.CharField(blank=True, max_length=268, verbose_name="联系电话"),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
