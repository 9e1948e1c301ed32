"""The anchor: an append-only file outside the database holding "count + head hash" lines.

Each committed append to the audit log adds a line (HMAC-keyed, fsynced), so a database that
was truncated, wiped or swapped for an older copy is behind the anchor, which verify names.
The file lives under ``GONGKAI_VAR_DIR`` unless ``GONGKAI_AUDIT_ANCHOR`` names another path
(a mounted append-only volume, a log shipper's spool, a WORM share).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
from pathlib import Path

from django.conf import settings

from . import chain
from .key import audit_key

logger = logging.getLogger(__name__)


def anchor_file() -> Path:
    return Path(settings.AUDIT_ANCHOR)


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def append(count: int, head: str) -> str:
    """Add one line and make it durable; returns the line."""
    line = chain.anchor_line(audit_key(create=True), count, head, now())
    path = anchor_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, (line + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return line


def read() -> list[str] | None:
    """The file's lines, or None when there is no anchor file."""
    try:
        return anchor_file().read_text(encoding="ascii", errors="replace").splitlines()
    except FileNotFoundError:
        return None


class AfterCommit:
    """The anchor update of one transaction, run by ``transaction.on_commit``.

    Every append registers one; those of one transaction share a ``Batch``, and the first of
    them to run anchors the head as committed (read again, so an entry whose savepoint rolled
    back is never anchored and a rolled-back savepoint's callback is never the one relied on);
    the rest find the batch done. The change is committed already when this runs, so a failure
    is logged, never raised at the person.
    """

    class Batch:
        def __init__(self, committed_head):
            self.committed_head = committed_head  # () -> (count, head hash) as committed
            self.done = False

    def __init__(self, batch: AfterCommit.Batch):
        self.batch = batch

    def __call__(self) -> None:
        if self.batch.done:
            return
        self.batch.done = True
        try:
            count, head = self.batch.committed_head()
            if count:
                append(count, head)
        except Exception:
            # Committed already: the person's change stands; verify names the missing anchor.
            logger.exception("审计锚点写入失败：%s", anchor_file())
