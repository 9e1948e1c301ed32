"""Transfer (转办): a request moves to the agency responsible for the information it asks for.

The workflow's TRANSFER step (``domain.workflow``), taken by one who handles requests in the
agency that has it, before anything is decided on it (it is unconfirmed or just received). The
request keeps its registration number and tracking code; it waits in the receiving agency for
that agency's confirmation of receipt (Art. 31), from which its own full period runs (the
clock's ``on_transfer``). The applicant is told after commit which agency now handles it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.audit import log as audit
from gongkai.errors import InvalidStep, StaleEdit
from gongkai.organisations import policy
from gongkai.organisations.models import Agency
from gongkai.organisations.roles import Action
from gongkai.state_guard import transition_writes

from .. import notify
from ..domain.workflow import Event, missing_reason
from ..models import InfoRequest, Transfer
from . import AUDITED_FIELDS, _refresh_due, _step

MAX_REASON = 2000


def transfer_targets(info_request: InfoRequest):
    """The agencies a request can be transferred to: every agency in use but its own."""
    return Agency.objects.public().exclude(pk=info_request.agency_id)


def transfer(
    *,
    actor,
    info_request: InfoRequest,
    to_agency: Agency,
    on: dt.date,
    reason: str,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> InfoRequest:
    """Move ``info_request`` to ``to_agency`` on ``on``, for ``reason`` (required: the
    applicant and the receiving agency read it)."""
    policy.require(actor, Action.REQUEST_HANDLE, info_request.agency)
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    if on > today:
        raise InvalidStep(f"日期 {on} 晚于今天，不能登记将来发生的事项。")
    if missing_reason(Event.TRANSFER, reason):
        raise InvalidStep("转送其他机关办理须写明原因（如所申请的信息由哪个机关制作或保存）。")
    if len(reason) > MAX_REASON:
        raise InvalidStep(f"转送原因最多 {MAX_REASON} 字，现有 {len(reason)} 字。")
    if not to_agency.is_active or to_agency.pk == info_request.agency_id:
        raise InvalidStep("请选择本机关以外、在用的行政机关作为接收机关。")
    with transaction.atomic():
        current = (
            InfoRequest.objects.select_for_update().select_related("agency").get(pk=info_request.pk)
        )
        if expected_version is not None and current.version != expected_version:
            raise StaleEdit("申请")
        source = current.agency
        before = audit.field_values(current, AUDITED_FIELDS)
        _step(current, Event.TRANSFER, on, actor=actor, today=today, note=to_agency.name)
        current.received_on = None
        current.agency = to_agency
        # The receiving agency's clerk takes it up; nobody there has it yet.
        current.handler = None
        _refresh_due(current, today=today)
        current.version += 1
        with transition_writes():
            current.save()
        Transfer.objects.create(
            request=current,
            from_agency=source,
            to_agency=to_agency,
            on=on,
            reason=reason,
            actor_label=getattr(actor, "display_name", str(actor))[:150],
        )
        audit.record(
            actor=actor,
            action="request.transition",
            obj=current,
            # Under the agency that acted: its log shows what it sent away.
            agency_id=source.pk,
            transition=Event.TRANSFER.value,
            changes=audit.diff(before, audit.field_values(current, AUDITED_FIELDS))
            | {"agency": [source.code, to_agency.code]},
            note=reason,
        )
        notify.after_transition(current.pk, Event.TRANSFER.value)
    return current
