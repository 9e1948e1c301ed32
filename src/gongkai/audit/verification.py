"""Verifying the audit log: the keyed chain, the chain head and the anchor outside the database.

The result is stored (``Verification``) so the audit page can show it without walking the
whole chain on every view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from . import anchor, chain, log
from .key import audit_key, key_file
from .models import AuditEntry, ChainHead, Verification


@dataclass
class Outcome:
    entries: int
    anchored: int | None  # the furthest anchored count, None without a usable anchor
    problems: list[str] = field(default_factory=list)
    first_bad_seq: int | None = None
    chain_ok: bool = True  # the entries fit together (whatever the anchor says)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.ok:
            anchored = (
                f"锚点记载到第 {self.anchored} 条，与数据库一致"
                if self.anchored
                else "日志为空，尚无锚点"
            )
            return f"审计日志完好：共 {self.entries} 条记录，带密钥的哈希链全部吻合，{anchored}。"
        return "审计日志有问题：" + "；".join(self.problems) + "。"


def verify(*, by: str = "命令行", against: str | None = None, save: bool = True) -> Outcome:
    """Check everything and (unless ``save=False``) store the result.

    ``against`` is a line printed by ``gongkai audit anchor`` and published or countersigned
    elsewhere: the database must still hold that count with that head hash.
    """
    key = audit_key(create=False)
    outcome = Outcome(entries=AuditEntry.objects.count(), anchored=None)
    _check_chain(outcome, key)
    _check_anchor(outcome, key)
    if against is not None:
        _check_published(outcome, against)
    if save:
        with transaction.atomic():
            Verification.objects.create(
                ok=outcome.ok,
                entries=outcome.entries,
                anchored=outcome.anchored,
                problems=outcome.problems,
                by=by[:150],
            )
    return outcome


def _problem(outcome: Outcome, reason: str, seq: int | None = None) -> None:
    outcome.problems.append(reason)
    if seq is not None and outcome.first_bad_seq is None:
        outcome.first_bad_seq = seq


def _check_chain(outcome: Outcome, key: bytes | None) -> None:
    head = ChainHead.objects.filter(id=1).first()
    entries = (e.content() for e in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000))
    broken = chain.first_break(
        entries,
        head_seq=head.seq if head else 0,
        head_hash=head.hash if head else chain.GENESIS,
        key=key,
    )
    if broken is not None:
        outcome.chain_ok = False
        _problem(outcome, broken.reason, broken.seq)


def _hash_at(seq: int) -> str | None:
    return AuditEntry.objects.filter(seq=seq).values_list("hash", flat=True).first()


def _check_anchor(outcome: Outcome, key: bytes | None) -> None:
    lines = anchor.read()
    if lines is None:
        if outcome.entries:
            _problem(
                outcome,
                f"找不到锚点文件 {anchor.anchor_file()}：无法确认日志没有被截断、清空或整体替换"
                "（请找回该文件，或检查 GONGKAI_AUDIT_ANCHOR 设置）",
            )
        return
    if key is None:
        _problem(
            outcome,
            f"找不到审计密钥（环境变量 GONGKAI_AUDIT_KEY 或密钥文件 {key_file()}），无法校验锚点",
        )
        return
    anchors, bad_lines = chain.read_anchors(lines, key)
    if bad_lines:
        shown = "、".join(str(n) for n in bad_lines[:5]) + ("等" if len(bad_lines) > 5 else "")
        _problem(outcome, f"锚点文件第 {shown} 行的校验码不符（锚点文件被改动或换了密钥）")
    if not anchors:
        if outcome.entries:
            _problem(outcome, f"锚点文件 {anchor.anchor_file()} 中没有有效的锚点")
        return
    furthest = max(anchors, key=lambda a: a.count)
    outcome.anchored = furthest.count
    reason = chain.check_anchor(furthest, count=outcome.entries, hash_at=_hash_at(furthest.count))
    if reason:
        _problem(outcome, reason, min(outcome.entries + 1, furthest.count))


_PUBLISHED = re.compile(r"共\s*(\d+)\s*条\s*链头\s*([0-9a-f]{64})")


def published_line(count: int, head: str, at: str) -> str:
    return f"gongkai 审计日志锚点：共 {count} 条 链头 {head} 时间 {at}"


def _check_published(outcome: Outcome, line: str) -> None:
    match = _PUBLISHED.search(line)
    if match is None:
        _problem(outcome, "无法读懂所给的锚点行：应为 gongkai audit anchor 打印的那一行")
        return
    published = chain.Anchor(int(match[1]), match[2], "所给的锚点行")
    reason = chain.check_anchor(published, count=outcome.entries, hash_at=_hash_at(published.count))
    if reason:
        _problem(outcome, reason, published.count)


def latest() -> Verification | None:
    return Verification.objects.order_by("-at", "-id").first()


def reanchor_after_restore(*, actor, reason: str) -> str:
    """After restoring a backup the database is rightly behind the anchor. Keep the old
    anchor file under a dated name (evidence of what was lost), record the restore with its
    reason in the log, and anchor afresh from there. Refused unless the chain itself is intact.
    """

    reason = (reason or "").strip()
    if not reason:
        raise ValueError("请写明恢复的原因（例如：哪天的备份、为什么恢复）。")
    outcome = verify(by="命令行 gongkai audit anchor --restored", save=False)
    if not outcome.chain_ok:
        raise ValueError(outcome.summary() + "恢复的数据库本身的哈希链就不完整，不能重新锚定。")
    old = anchor.anchor_file()
    kept = None
    if old.exists():
        kept = old.with_name(f"{old.name}.before-restore-{timezone.now():%Y%m%dT%H%M%S}")
        old.rename(kept)
    with transaction.atomic():
        entry = log.record(
            actor=actor,
            action="audit.restore",
            object_type="audit.anchor",
            object_repr="从备份恢复后重新锚定",
            changes={"anchored": [outcome.anchored, outcome.entries]},
            note=f"{reason}（旧锚点文件留存为 {kept.name if kept else '无'}）",
        )
    if not any(line.startswith(f"{entry.seq} {entry.hash} ") for line in anchor.read() or []):
        anchor.append(entry.seq, entry.hash)  # the new anchor must exist before going on
    return str(kept) if kept else ""
