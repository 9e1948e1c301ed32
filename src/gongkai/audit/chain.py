"""The hash chain that makes the audit log tamper-evident (plain Python, no Django).

Each entry's hash covers its own content and the previous entry's hash, so changing, removing
or reordering any entry breaks every link after it; ``first_break`` finds the first one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS = "0" * 64

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


def entry_hash(content: Mapping, prev_hash: str) -> str:
    digest = hashlib.sha256()
    digest.update(prev_hash.encode("ascii"))
    digest.update(b"\n")
    digest.update(canonical(content))
    return digest.hexdigest()


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str


def first_break(
    entries: Iterable[Mapping], *, head_seq: int | None = None, head_hash: str | None = None
) -> Break | None:
    """Walk entries in sequence order; return the first that does not fit the chain.

    ``head_seq``/``head_hash`` are the chain head recorded separately when the last entry was
    written: they catch entries removed from the end, which no link can show.
    """
    expected_prev = GENESIS
    expected_seq = 1
    last_seq, last_hash = 0, GENESIS
    for entry in entries:
        seq = entry["seq"]
        if seq != expected_seq:
            return Break(expected_seq, f"第 {expected_seq} 条记录缺失（下一条是第 {seq} 条）")
        if entry["prev_hash"] != expected_prev:
            return Break(seq, f"第 {seq} 条记录与前一条的链接不符（前一条被改动、删除或插入）")
        if entry_hash(entry, entry["prev_hash"]) != entry["hash"]:
            return Break(seq, f"第 {seq} 条记录的内容与其哈希值不符（记录被改动）")
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
