"""The keyed hash chain that makes the audit log tamper-evident (plain Python, no Django).

Each entry's hash covers its own content and the previous entry's hash, so changing, removing
or reordering any entry breaks every link after it; ``first_break`` finds the first one.

Version 1 entries (written before the chain was keyed) use plain SHA-256, which anyone with
write access to the database can recompute: they can insert an entry, or re-chain the whole
log. Version 2 entries use HMAC-SHA256 with a key kept outside the database, so a forged entry
does not fit without the key. Versions never go down along the chain: once a keyed entry
exists, an unkeyed one after it is a forgery.

Truncating the end, or wiping the log, leaves a chain that is valid in itself. The anchor (an
append-only record outside the database of "count + head hash", each line keyed too) is what
shows those: ``check_anchor`` compares the database with the furthest anchored point.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS = "0" * 64
PLAIN, KEYED = 1, 2  # chain versions: SHA-256, then HMAC-SHA256
CURRENT_VERSION = KEYED

# The fields an entry's hash covers, in a fixed order. Adding a field later needs a new chain
# version, never a silent change to this tuple.
HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "agency_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "transition",
    "changes",
    "note",
)


def canonical(content: Mapping) -> bytes:
    return json.dumps(
        {field: content.get(field) for field in HASHED_FIELDS},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    ).encode("utf-8")


def entry_hash(content: Mapping, prev_hash: str, *, version: int = PLAIN, key=None) -> str:
    message = prev_hash.encode("ascii") + b"\n" + canonical(content)
    if version == PLAIN:
        return hashlib.sha256(message).hexdigest()
    if version == KEYED:
        if not key:
            raise MissingKey("计算带密钥的哈希需要审计密钥")
        return hmac.new(key, b"gongkai-audit-v2\n" + message, hashlib.sha256).hexdigest()
    raise ValueError(f"unknown chain version {version!r}")


class MissingKey(Exception):
    pass


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str


def first_break(
    entries: Iterable[Mapping],
    *,
    head_seq: int | None = None,
    head_hash: str | None = None,
    key: bytes | None = None,
) -> Break | None:
    """Walk entries in sequence order; return the first that does not fit the chain.

    ``head_seq``/``head_hash`` are the chain head recorded separately when the last entry was
    written: they catch entries removed from the end by someone who forgot the head (the
    anchor catches the rest).
    """
    expected_prev = GENESIS
    expected_seq = 1
    last_seq, last_hash = 0, GENESIS
    highest_version = PLAIN
    for entry in entries:
        seq = entry["seq"]
        version = entry.get("chain_version", PLAIN)
        if seq != expected_seq:
            return Break(expected_seq, f"第 {expected_seq} 条记录缺失（下一条是第 {seq} 条）")
        if entry["prev_hash"] != expected_prev:
            return Break(seq, f"第 {seq} 条记录与前一条的链接不符（前一条被改动、删除或插入）")
        if version < highest_version:
            return Break(
                seq, f"第 {seq} 条记录未用密钥计算哈希，却排在带密钥的记录之后（记录是伪造的）"
            )
        highest_version = max(highest_version, version)
        if version == KEYED and not key:
            return Break(
                seq, "找不到审计密钥（GONGKAI_AUDIT_KEY 或密钥文件），无法校验带密钥的记录"
            )
        if not hmac.compare_digest(
            entry_hash(entry, entry["prev_hash"], version=version, key=key), entry["hash"]
        ):
            return Break(
                seq, f"第 {seq} 条记录的内容与其哈希值不符（记录被改动、伪造或用了别的密钥）"
            )
        expected_prev = entry["hash"]
        expected_seq = seq + 1
        last_seq, last_hash = seq, entry["hash"]
    if head_seq is not None and head_seq != last_seq:
        return Break(
            last_seq + 1, f"日志记录到第 {last_seq} 条，但链头记载共 {head_seq} 条（末尾被删除）"
        )
    if head_hash is not None and head_hash != last_hash:
        return Break(last_seq, f"第 {last_seq} 条记录与链头记载的哈希值不符")
    return None


# The anchor: lines of "<count> <head hash> <UTC time> <HMAC>", appended outside the database.
_ANCHOR_LINE = re.compile(r"^(\d+) ([0-9a-f]{64}) (\S+) ([0-9a-f]{64})$")


@dataclass(frozen=True)
class Anchor:
    count: int
    head: str
    at: str


def _anchor_mac(key: bytes, count: int, head: str, at: str) -> str:
    return hmac.new(
        key, f"gongkai-anchor\n{count} {head} {at}".encode(), hashlib.sha256
    ).hexdigest()


def anchor_line(key: bytes, count: int, head: str, at: str) -> str:
    return f"{count} {head} {at} {_anchor_mac(key, count, head, at)}"


def read_anchors(lines: Iterable[str], key: bytes) -> tuple[list[Anchor], list[int]]:
    """The anchors whose HMAC fits, and the line numbers of those that do not."""
    good, bad = [], []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line:
            continue
        match = _ANCHOR_LINE.match(line)
        if match is None:
            bad.append(number)
            continue
        count, head, at, mac = int(match[1]), match[2], match[3], match[4]
        if hmac.compare_digest(_anchor_mac(key, count, head, at), mac):
            good.append(Anchor(count, head, at))
        else:
            bad.append(number)
    return good, bad


def check_anchor(anchor: Anchor, *, count: int, hash_at: str | None) -> str | None:
    """Is the database (``count`` entries; ``hash_at`` the hash of entry ``anchor.count``)
    at or past the anchored point? A reason in Chinese when it is not."""
    if anchor.count == 0:
        return None
    if count < anchor.count:
        missing = (
            "日志已被清空"
            if count == 0
            else f"缺少第 {count + 1}–{anchor.count} 条，末尾被删除或数据库被换成了旧的"
        )
        return (
            f"数据库落后于锚点：锚点（{anchor.at}）记载共 {anchor.count} 条，"
            f"数据库只有 {count} 条（{missing}）"
        )
    if hash_at != anchor.head:
        return (
            f"数据库与锚点不符：第 {anchor.count} 条的哈希值与锚点（{anchor.at}）记载的不同"
            "（锚点之前的日志被改写或整体替换）"
        )
    return None
