"""The audit key: from ``GONGKAI_AUDIT_KEY``, or a file made once under ``GONGKAI_VAR_DIR``.

The key never goes into the database: whoever can write the database but not read this file
cannot compute an entry's HMAC, so cannot forge or re-chain entries unnoticed.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from django.conf import settings


def key_file() -> Path:
    return Path(settings.AUDIT_KEY_FILE)


def audit_key(*, create: bool = False) -> bytes | None:
    """The key, or None when none is configured and ``create`` is False (verify never makes
    one: a missing key is something to report, not to paper over)."""
    configured = getattr(settings, "AUDIT_KEY", None)
    if configured:
        return configured.encode("utf-8")
    path = key_file()
    with contextlib.suppress(FileNotFoundError):
        stored = path.read_bytes().strip()
        if stored:
            return stored
    if not create:
        return None
    return _generate(path)


def _generate(path: Path) -> bytes:
    """Write a new key with mode 0600. Linking a finished temporary file into place is atomic
    and fails if another process got there first, so every process ends up with one key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, secrets.token_hex(32).encode("ascii") + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
    return path.read_bytes().strip()
