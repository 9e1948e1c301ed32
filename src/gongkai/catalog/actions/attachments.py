"""A draft's attachments: their order and their removal. Adding one is ``add_attachment`` in
the package (it stores the file). The order is the public page's order once published:
most government information is published as its attachments, the main document first."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from gongkai.audit import log as audit
from gongkai.errors import InvalidStep
from gongkai.organisations import policy
from gongkai.organisations.roles import Action

from ..domain.workflow import State
from ..models import Attachment, Record

DIRECTIONS = ("up", "down")


def next_position(record: Record) -> int:
    """After the draft's last file (removed ones count too: positions are never reused)."""
    return (record.attachments.aggregate(top=Max("position"))["top"] or 0) + 1


def _locked_draft(actor, attachment: Attachment, doing: str) -> Record:
    record = Record.objects.select_for_update(of=("self",)).select_related("agency")
    record = record.get(pk=attachment.record_id)
    policy.require(actor, Action.CATALOG_DRAFT, record.agency)
    if record.state != State.DRAFT:
        raise InvalidStep(f"只有草稿可以{doing}附件；已提交的请先退回或修订。")
    return record


def remove_attachment(*, actor, attachment: Attachment) -> None:
    with transaction.atomic():
        record = _locked_draft(actor, attachment, "删除")
        # Kept on disk: an earlier published version may still offer it.
        if not Attachment.objects.filter(pk=attachment.pk, removed=False).update(removed=True):
            raise InvalidStep("此附件已被删除。")
        audit.record(
            actor=actor,
            action="catalog.detach",
            obj=record,
            changes={"attachment": [attachment.original_name, None]},
        )


def move_attachment(*, actor, attachment: Attachment, direction: str) -> list[str]:
    """One place up or down among the draft's files; the new order (names) is returned."""
    if direction not in DIRECTIONS:
        raise InvalidStep("请选择上移或下移。")
    with transaction.atomic():
        record = _locked_draft(actor, attachment, "调整")
        files = list(record.attachments.filter(removed=False).order_by("position", "id"))
        before = [a.original_name for a in files]
        index = next((i for i, a in enumerate(files) if a.pk == attachment.pk), None)
        if index is None:
            raise InvalidStep("此附件已被删除。")
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(files):
            raise InvalidStep("已是第一个附件。" if direction == "up" else "已是最后一个附件。")
        files[index], files[other] = files[other], files[index]
        # Renumbered 1..n: rows made before positions existed all hold 0.
        for position, item in enumerate(files, 1):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])
        after = [a.original_name for a in files]
        audit.record(
            actor=actor,
            action="catalog.reorder_attachments",
            obj=record,
            changes={"attachments": [before, after]},
        )
    return after
