"""Authenticated encryption of short values with a named key (plain Python, no Django).

A stored value reads ``gk1:<algorithm>:<key id>:<base64 of nonce + ciphertext + tag>``:

- the algorithm is ``aes`` (AES-256-GCM) or ``sm4`` (SM4-GCM, GB/T 32907, for installations
  that need 密评 — with a certified cryptographic module behind it, which a software
  implementation alone does not give);
- the key id (8 hex characters, a hash of the derived key) says which key of the list made it,
  so keys can be rotated: the first key of the list encrypts, every key of the list decrypts;
- the associated data is the column's name (``requests.inforequest.id_number``), so a value
  copied into another column, or another table, does not decrypt there.

Keys are configured as text (``GONGKAI_FIELD_KEY``: at least 32 characters, ``sm4:`` in front for
SM4) and the cipher key is derived from it with HKDF (SHA-256 for AES, SM3 for SM4), so any
long random string will do. Migration ``requests.0006`` carries a frozen copy of this format;
change both or neither.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from gongkai.errors import Unavailable

PREFIX = "gk1"
NONCE_BYTES = 12
TAG_BYTES = 16
MIN_SECRET_CHARS = 32
# Prefix, algorithm, key id and separators: "gk1:aes:0123abcd:".
HEADER_CHARS = len(PREFIX) + 1 + 3 + 1 + 8 + 1


class KeyConfigError(Unavailable, ValueError):
    """The configured keys cannot be used; the message says what to fix."""

    code = "field_key_config"
    message = "个人信息加密密钥配置有误，请联系平台运维人员。"


class DecryptError(Unavailable, ValueError):
    """A stored value that none of the configured keys opens."""

    code = "field_decrypt"
    message = "无法解密已存储的个人信息：当前配置的密钥都打不开它，请联系平台运维人员。"


@dataclass(frozen=True)
class FieldKey:
    algorithm: str  # "aes" or "sm4"
    key: bytes = b""
    key_id: str = ""

    @classmethod
    def from_text(cls, text: str) -> FieldKey:
        text = text.strip()
        algorithm, secret = ("sm4", text[4:]) if text.lower().startswith("sm4:") else ("aes", text)
        if len(secret) < MIN_SECRET_CHARS:
            raise KeyConfigError(
                f"字段加密密钥太短（{len(secret)} 个字符）：每个密钥至少 {MIN_SECRET_CHARS} 个"
                "随机字符，可用 `python3 -c 'import secrets; print(secrets.token_hex(32))'` 生成。"
            )
        # HKDF makes a cipher key of the right size from any long secret; SM4 installations
        # derive with SM3 so no non-国密 primitive touches their key.
        kdf_hash, size = (hashes.SM3(), 16) if algorithm == "sm4" else (hashes.SHA256(), 32)
        info = f"gongkai field encryption v1 {algorithm}".encode()
        key = HKDF(algorithm=kdf_hash, length=size, salt=None, info=info).derive(secret.encode())
        key_id = hashlib.sha256(b"gongkai-field-key-id:" + key).hexdigest()[:8]
        return cls(algorithm=algorithm, key=key, key_id=key_id)

    def _cipher(self, mode):
        algorithm = (
            algorithms.SM4(self.key) if self.algorithm == "sm4" else algorithms.AES(self.key)
        )
        return Cipher(algorithm, mode)

    def encrypt(self, plaintext: str, context: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        encryptor = self._cipher(modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(context.encode())
        body = encryptor.update(plaintext.encode("utf-8")) + encryptor.finalize()
        blob = base64.urlsafe_b64encode(nonce + body + encryptor.tag).decode("ascii").rstrip("=")
        return f"{PREFIX}:{self.algorithm}:{self.key_id}:{blob}"

    def decrypt(self, blob: bytes, context: str) -> str:
        nonce, body, tag = blob[:NONCE_BYTES], blob[NONCE_BYTES:-TAG_BYTES], blob[-TAG_BYTES:]
        decryptor = self._cipher(modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(context.encode())
        return (decryptor.update(body) + decryptor.finalize()).decode("utf-8")


def is_encrypted(value: str) -> bool:
    return value.startswith(PREFIX + ":")


def stored_length(plain_chars: int) -> int:
    """The column width that holds the ciphertext of any value of ``plain_chars`` characters
    (four bytes each in UTF-8 at most)."""
    raw = NONCE_BYTES + 4 * plain_chars + TAG_BYTES
    return HEADER_CHARS + -(-raw * 4 // 3)


class Keyring:
    """The configured keys: the first encrypts, all of them decrypt."""

    def __init__(self, texts: tuple[str, ...] | list[str]):
        self.keys = [FieldKey.from_text(text) for text in texts]
        self._by_id = {(k.algorithm, k.key_id): k for k in self.keys}

    def __bool__(self) -> bool:
        return bool(self.keys)

    @property
    def current(self) -> FieldKey:
        """The key that encrypts."""
        if not self.keys:
            raise KeyConfigError(
                "没有配置字段加密密钥，不能保存身份证件号码和电话：请设置 GONGKAI_FIELD_KEY。"
            )
        return self.keys[0]

    def encrypt(self, plaintext: str, context: str) -> str:
        return self.current.encrypt(plaintext, context)

    def decrypt(self, stored: str, context: str) -> str:
        """The plaintext of a stored value. A value without the prefix is returned as it is:
        one written before encryption (or by the release before it) is still plaintext."""
        if not is_encrypted(stored):
            return stored
        try:
            _, algorithm, key_id, text = stored.split(":", 3)
            blob = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        except ValueError as exc:
            raise DecryptError(f"{context} 的密文格式不对，数据可能被改动过") from exc
        key = self._by_id.get((algorithm, key_id))
        if key is None:
            raise DecryptError(
                f"{context} 由密钥 {algorithm}:{key_id} 加密，但 GONGKAI_FIELD_KEY 中没有这个"
                "密钥：轮换密钥时请把旧密钥留在列表后面，直到数据全部重新加密。"
            )
        try:
            return key.decrypt(blob, context)
        except (InvalidTag, ValueError) as exc:
            raise DecryptError(f"{context} 的密文无法通过校验，数据可能被改动过") from exc

    def needs_rekey(self, stored: str) -> bool:
        """A stored value not made by the current key (plaintext, or an older key)."""
        if not stored:
            return False
        current = self.current
        return not stored.startswith(f"{PREFIX}:{current.algorithm}:{current.key_id}:")
