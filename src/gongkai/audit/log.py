"""Writing to the audit log. Every action calls ``record`` inside its own transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import structlog
from django.db import connection, models, transaction
from django.utils import timezone

from . import anchor, chain
from .key import audit_key
from .models import AuditEntry, ChainHead

_log = structlog.get_logger("gongkai.audit")


def _plain(value: Any) -> Any:
    """A JSON value that reads back identically from every database, so hashes stay stable."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    return str(value)


def field_values(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The audited fields of ``obj`` as plain values (foreign keys by id)."""
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        values[name] = _plain(getattr(obj, field.attname))
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list]:
    """Changed fields as {field: [before, after]}; a create has before = {}."""
    changed = {}
    for key in sorted(set(before) | set(after)):
        old, new = _plain(before.get(key)), _plain(after.get(key))
        if old != new:
            changed[key] = [old, new]
    return changed


# Called with each entry and the object it is about, inside the entry's transaction, after the
# entry is written: a higher layer that must act on a kind of change (webhook deliveries) writes
# its own rows there, so they commit or roll back with the change. A listener that raises fails
# the change; it should be cheap for the actions it ignores (every import row passes here).
_LISTENERS: list[Callable[[AuditEntry, models.Model | None], None]] = []


def after_record(listener: Callable[[AuditEntry, models.Model | None], None]) -> None:
    """Register ``listener(entry, obj)`` (from an AppConfig.ready); registering twice is once."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    object_repr: str | None = None,
    agency_id: int | None = None,
    changes: Mapping[str, Any] | None = None,
    transition: str = "",
    note: str = "",
) -> AuditEntry:
    """Append one entry. Must run inside the transaction of the change it records, so that
    the change and its audit row commit or roll back together."""
    return record_many(
        actor=actor,
        entries=[
            {
                "action": action,
                "obj": obj,
                "object_type": object_type,
                "object_id": object_id,
                "object_repr": object_repr,
                "agency_id": agency_id,
                "changes": changes,
                "transition": transition,
                "note": note,
            }
        ],
    )[0]


# Entries inserted per INSERT statement: far below SQLite's limit of bound variables.
BATCH_SIZE = 500


def record_many(*, actor, entries: Iterable[Mapping[str, Any]]) -> list[AuditEntry]:
    """Append several entries by one actor, each a mapping of ``record``'s keyword arguments
    (``action`` required), in order: the chain head locked once, each hash chained on the
    previous exactly as ``record`` chains one, the entries inserted in batches, the head
    updated once and one anchor after commit. ``record`` is this with one entry, so a bulk
    import's entries are the entries one action each would have written."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record must be called inside transaction.atomic()")
    actor_id, actor_label = _actor_fields(actor)
    head, _ = ChainHead.objects.select_for_update().get_or_create(
        id=1, defaults={"seq": 0, "hash": chain.GENESIS}
    )
    seq, prev_hash = head.seq, head.hash
    key = audit_key(create=True)
    written, objects = [], []
    for fields in entries:
        entry = _entry(seq + 1, prev_hash, actor_id, actor_label, **fields)
        entry.hash = chain.entry_hash(
            entry.content(), prev_hash, version=entry.chain_version, key=key
        )
        written.append(entry)
        objects.append(fields.get("obj"))
        seq, prev_hash = entry.seq, entry.hash
    if not written:
        return written
    AuditEntry.objects.bulk_create(written, batch_size=BATCH_SIZE)
    ChainHead.objects.filter(id=1).update(seq=seq, hash=prev_hash)
    for listener in _LISTENERS:
        for entry, obj in zip(written, objects, strict=True):
            listener(entry, obj)
    last, count = written[-1], len(written)
    transaction.on_commit(lambda: _logged(last, count))
    _anchor_after_commit()
    return written


def _actor_fields(actor) -> tuple[int | None, str]:
    if getattr(actor, "is_accountless", False) is True:
        return None, actor.display_name
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor.pk, (getattr(actor, "display_name", "") or actor.username)
    raise ValueError("audit.record needs the acting user, SYSTEM or PUBLIC")


def _entry(
    seq: int,
    prev_hash: str,
    actor_id: int | None,
    actor_label: str,
    *,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    object_repr: str | None = None,
    agency_id: int | None = None,
    changes: Mapping[str, Any] | None = None,
    transition: str = "",
    note: str = "",
) -> AuditEntry:
    """The unhashed entry number ``seq`` after ``prev_hash``."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
        if agency_id is None:
            agency_id = _agency_of(obj)
    return AuditEntry(
        seq=seq,
        at=timezone.now(),
        actor_id=actor_id,
        actor_label=actor_label[:150],
        agency_id=agency_id,
        action=action,
        object_type=object_type or "",
        object_id=object_id or "",
        object_repr=(object_repr or "")[:200],
        transition=transition,
        changes=_plain(dict(changes or {})),
        note=note,
        prev_hash=prev_hash,
        chain_version=chain.CURRENT_VERSION,
    )


def _logged(entry: AuditEntry, count: int = 1) -> None:
    """The request's log line names the actions it took, once committed (names only: the audit
    row holds the rest); a batch is one line, its last entry and how many. Commands stay quiet
    unless GONGKAI_LOG_LEVEL=DEBUG."""
    earlier = structlog.contextvars.get_contextvars().get("action")
    action = f"{earlier},{entry.action}" if earlier else entry.action
    structlog.contextvars.bind_contextvars(action=action)
    _log.debug(
        "audit_action",
        action=entry.action,
        object_type=entry.object_type,
        seq=entry.seq,
        **({"count": count} if count > 1 else {}),
    )


def _anchor_after_commit() -> None:
    """One anchor line per committed transaction: this append joins the transaction's batch."""
    batch = None
    # Only the latest callback matters (they all share the batch), so the scan stops there:
    # scanning them all made an import of n rows cost n² steps.
    for _savepoints, callback, _robust in reversed(connection.run_on_commit):
        if isinstance(callback, anchor.AfterCommit):
            # A batch already run belongs to a transaction that committed (or to a test's
            # captured callbacks): this append starts the next one.
            batch = None if callback.batch.done else callback.batch
            break
    transaction.on_commit(
        anchor.AfterCommit(batch or anchor.AfterCommit.Batch(_committed_head)), robust=True
    )


def _committed_head() -> tuple[int, str]:
    head = ChainHead.objects.filter(id=1).values_list("seq", "hash").first()
    return head or (0, chain.GENESIS)


def _agency_of(obj: models.Model) -> int | None:
    if obj._meta.label_lower == "organisations.agency":
        return obj.pk
    return getattr(obj, "agency_id", None)


def entries_for(obj: models.Model):
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
