"""The token's text: ``gk_<prefix>_<secret>``. The prefix finds the row, the hash of the whole
text proves it; both parts are URL-safe so the token fits a header as it is."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

LEAD = "gk_"


@dataclass(frozen=True)
class Parsed:
    prefix: str
    text: str


def new_token() -> tuple[str, str]:
    """(prefix, the whole token). 32 bytes of secret: 256 bits."""
    prefix = secrets.token_hex(4)
    return prefix, f"{LEAD}{prefix}_{secrets.token_urlsafe(32)}"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def parse(text: str) -> Parsed | None:
    """The token's parts, or None when ``text`` cannot be a token at all."""
    text = (text or "").strip()
    if not text.startswith(LEAD) or len(text) > 100 or not text.isascii():
        return None
    prefix, sep, secret = text[len(LEAD) :].partition("_")
    if not sep or len(prefix) != 8 or not secret:
        return None
    return Parsed(prefix=prefix, text=text)


def matches(text: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(text), stored_digest)
