"""Secret keys kept in files outside the database: read once made, made once when absent.

The audit chain's key (``audit/key.py``) and, in demo and test installations, the field
encryption key (``config/settings.py``, ``fieldcrypt``) live in files under ``GONGKAI_VAR_DIR``.
Whoever can write the database but not read these files can neither forge the audit chain nor
read the encrypted identity numbers. Plain Python: settings use it before Django is set up.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


def read_key(path: Path) -> bytes | None:
    """The key stored in ``path``, or None when the file is missing or empty."""
    with contextlib.suppress(FileNotFoundError):
        stored = path.read_bytes().strip()
        if stored:
            return stored
    return None


def read_or_create_key(path: Path) -> bytes:
    """The key in ``path``; a new random one (64 hex characters) written there first when the
    file is missing."""
    return read_key(path) or _generate(path)


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
