"""The applicant's answer to a correction notice (补正, Art. 30), sent from the tracking page.

The notice was given through this platform and is answered through it, so the corrected
request is received when it is sent: the clock's RECEIVE_CORRECTION event is taken in the same
transaction (a new 20-working-day period from the next working day), and the handler's page
shows what arrived. The applicant proved who they are with the tracking code; they act as the
public actor, whom the policy grants nothing, so this is the only step they can take.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.system import PUBLIC
from gongkai.audit import log as audit
from gongkai.state_guard import transition_writes

from .. import notify
from ..domain.workflow import Event, State
from ..models import Correction, InfoRequest
from . import AUDITED_FIELDS, InvalidStep, _refresh_due, _step, store_attachments

MAX_CORRECTION_CHARS = 5000


def submit_correction(
    *,
    actor=PUBLIC,
    info_request: InfoRequest,
    text: str,
    attachments=(),
    now: dt.datetime | None = None,
) -> Correction:
    """Record the applicant's correction (text and files already checked by the form) and its
    receipt on today's date."""
    if actor is not PUBLIC:
        raise InvalidStep(
            "补正只能由申请人凭查询码在网上提交；工作人员请在办理页面登记“收到补正”。"
        )
    text = (text or "").strip()
    attachments = list(attachments)
    if not text and not attachments:
        raise InvalidStep("请填写补正内容或上传补正材料。")
    if len(text) > MAX_CORRECTION_CHARS:
        raise InvalidStep(f"补正内容最多 {MAX_CORRECTION_CHARS} 字，现有 {len(text)} 字。")
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        current = InfoRequest.objects.select_for_update().get(pk=info_request.pk)
        if current.state != State.AWAITING_CORRECTION:
            raise InvalidStep(f"申请当前为“{current.get_state_display_zh()}”，不需要补正。")
        before = audit.field_values(current, AUDITED_FIELDS)
        _step(
            current,
            Event.RECEIVE_CORRECTION,
            today,
            actor=actor,
            today=today,
            note="申请人网上提交补正",
        )
        correction = Correction.objects.create(request=current, text=text, submitted_at=now)
        store_attachments(current, attachments, correction=correction)
        _refresh_due(current, today=today)
        current.version += 1
        with transition_writes():
            current.save()
        audit.record(
            actor=actor,
            action="request.correction",
            obj=current,
            transition=Event.RECEIVE_CORRECTION.value,
            changes=audit.diff(before, audit.field_values(current, AUDITED_FIELDS))
            | {
                "correction_text": [None, len(text)],
                "attachments": [None, [u.name for u in attachments]],
            },
            note="申请人网上提交补正",
        )
        notify.after_transition(current.pk, Event.RECEIVE_CORRECTION.value)
    return correction
