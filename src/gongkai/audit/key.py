"""The audit key: from ``GONGKAI_AUDIT_KEY``, or a file made once under ``GONGKAI_VAR_DIR``.

The key never goes into the database: whoever can write the database but not read this file
cannot compute an entry's HMAC, so cannot forge or re-chain entries unnoticed.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from gongkai.keyfiles import read_key, read_or_create_key


def key_file() -> Path:
    return Path(settings.AUDIT_KEY_FILE)


def audit_key(*, create: bool = False) -> bytes | None:
    """The key, or None when none is configured and ``create`` is False (verify never makes
    one: a missing key is something to report, not to paper over)."""
    configured = getattr(settings, "AUDIT_KEY", None)
    if configured:
        return configured.encode("utf-8")
    return read_or_create_key(key_file()) if create else read_key(key_file())
