"""Named actions on appeal cases. Views, the CLI, the ledger import and the demo call only these.

Each action: permission through the policy (``appeal.manage`` in the case's agency), the
domain's checks, the change and its audit row in one transaction. Closing a case whose decision
corrects the agency can reopen the request it concerns, through the requests' own transition,
in the same transaction: the case is never closed with the request left as it was.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max

from gongkai import uploads
from gongkai.audit import log as audit
from gongkai.errors import InvalidInput, StaleEdit
from gongkai.organisations import policy
from gongkai.organisations.roles import Action
from gongkai.requests import actions as request_actions
from gongkai.requests.attachments import kept_upload
from gongkai.requests.domain.workflow import State

from ..domain.cases import KINDS, PENDING, CaseError, check_closing
from ..models import AppealCase, AppealDocument

AUDITED_FIELDS = (
    "number",
    "kind",
    "request",
    "body",
    "filed_on",
    "result",
    "closed_on",
    "reopens_request",
    "notes",
)
EDITABLE = ("number", "kind", "request", "body", "filed_on", "notes")


class InvalidCase(InvalidInput):
    """A change the rules do not allow; the message says why, in Chinese."""

    code = "invalid_case"
    message = "案件信息不符合规则，未保存。"


def _check_request(agency, request) -> None:
    if request is not None and request.agency_id != agency.pk:
        raise InvalidCase(f"申请 {request.number} 不是本机关的申请，不能关联。")


def _check_fields(agency, *, kind, filed_on, request, today) -> None:
    if kind not in KINDS:
        raise InvalidCase(f"未知的案件类型“{kind}”，应为：{'、'.join(KINDS.values())}。")
    if filed_on > today:
        raise InvalidCase(f"收案日期 {filed_on} 晚于今天，不能登记将来的案件。")
    _check_request(agency, request)
    if request is not None and request.received_on and filed_on < request.received_on:
        raise InvalidCase(f"收案日期 {filed_on} 早于申请 {request.number} 的收到日期。")


def _next_number(agency, year: int) -> str:
    prefix = f"{year}-"
    last = (
        AppealCase.objects.filter(agency=agency, number__startswith=prefix)
        .aggregate(m=Max("number"))
        .get("m")
    )
    tail = last.removeprefix(prefix) if last else ""
    serial = int(tail) + 1 if tail.isdigit() else 1
    return f"{prefix}{serial:03d}"


def _save_documents(case, files) -> None:
    for upload in files or ():
        try:
            stored, kind = kept_upload(upload)
        except uploads.UploadRefused as exc:
            raise InvalidCase(str(exc)) from None
        AppealDocument.objects.create(
            case=case,
            file=stored,
            original_name=upload.name[:200],
            content_type=kind.content_type,
            size=upload.size,
        )


def create_case(
    *,
    actor,
    agency,
    kind: str,
    filed_on: dt.date,
    today: dt.date,
    number: str = "",
    request=None,
    body: str = "",
    notes: str = "",
    documents=(),
    ledger_notes: dict | None = None,
    audit_note: str = "",
) -> AppealCase:
    policy.require(actor, Action.APPEAL_MANAGE, agency)
    _check_fields(agency, kind=kind, filed_on=filed_on, request=request, today=today)
    with transaction.atomic():
        case = AppealCase(
            agency=agency,
            number=number.strip() or _next_number(agency, filed_on.year),
            kind=kind,
            filed_on=filed_on,
            request=request,
            body=body.strip(),
            notes=notes,
            ledger_notes=ledger_notes or {},
        )
        if AppealCase.objects.filter(agency=agency, number=case.number).exists():
            raise InvalidCase(f"案件编号 {case.number} 已经登记过。")
        case.save()
        _save_documents(case, documents)
        audit.record(
            actor=actor,
            action="appeal.create",
            obj=case,
            agency_id=agency.pk,
            changes=audit.diff({}, audit.field_values(case, AUDITED_FIELDS)),
            note=audit_note,
        )
    return case


def update_case(
    *,
    actor,
    case: AppealCase,
    today: dt.date,
    expected_version: int | None = None,
    documents=(),
    **fields,
) -> AppealCase:
    """Correct what was registered (number, kind, body, dates, the request, notes) and add
    documents. The result is changed only by ``close_case``."""
    policy.require(actor, Action.APPEAL_MANAGE, case.agency)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"update_case cannot change {sorted(unknown)}")
    with transaction.atomic():
        current = AppealCase.objects.select_for_update().get(pk=case.pk)
        if expected_version is not None and current.version != expected_version:
            raise StaleEdit("案件")
        before = audit.field_values(current, AUDITED_FIELDS)
        for name, value in fields.items():
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        _check_fields(
            current.agency,
            kind=current.kind,
            filed_on=current.filed_on,
            request=current.request,
            today=today,
        )
        if current.closed_on is not None and current.closed_on < current.filed_on:
            raise InvalidCase(f"收案日期不能晚于结案日期 {current.closed_on}。")
        clash = AppealCase.objects.filter(agency=current.agency, number=current.number)
        if not current.number or clash.exclude(pk=current.pk).exists():
            raise InvalidCase(f"案件编号“{current.number}”为空或已被其他案件使用。")
        current.version += 1
        current.save()
        _save_documents(current, documents)
        changes = audit.diff(before, audit.field_values(current, AUDITED_FIELDS))
        if documents:
            changes["documents"] = [None, [d.name for d in documents]]
        audit.record(actor=actor, action="appeal.update", obj=current, changes=changes)
    return current


def close_case(
    *,
    actor,
    case: AppealCase,
    result: str,
    closed_on: dt.date,
    today: dt.date,
    reopen_request: bool = False,
    expected_version: int | None = None,
    note: str = "",
) -> AppealCase:
    """Record the decision or judgment. With a corrected result and ``reopen_request`` (the
    decision orders a new reply) the request goes back to handling on the decision's date."""
    policy.require(actor, Action.APPEAL_MANAGE, case.agency)
    if reopen_request and not policy.can(actor, Action.REQUEST_REOPEN, case.agency):
        # Checked before anything is written, so the refusal is this and not the request's.
        raise policy.Denied(
            "重新办理申请须经工作机构负责人批准：请由负责人结案并选择“决定要求重新答复”，"
            "或先不选此项结案，再由负责人在申请页面重新办理。"
        )
    if result == PENDING:
        raise InvalidCase("结案时请选择结果：维持、纠正或其他。")
    if reopen_request and result != "corrected":
        raise InvalidCase("只有结果为“纠正”的决定才会要求重新办理申请。")
    with transaction.atomic():
        current = AppealCase.objects.select_for_update().get(pk=case.pk)
        if expected_version is not None and current.version != expected_version:
            raise StaleEdit("案件")
        if not current.is_pending:
            raise InvalidCase(f"案件 {current.number} 已经结案，不能再次结案。")
        try:
            check_closing(filed=current.filed_on, result=result, closed=closed_on, today=today)
        except CaseError as exc:
            raise InvalidCase(str(exc)) from exc
        if reopen_request and current.request is None:
            raise InvalidCase("此案件没有关联申请，无法重新办理；请先在案件中关联所涉申请。")
        before = audit.field_values(current, AUDITED_FIELDS)
        current.result, current.closed_on = result, closed_on
        current.reopens_request = reopen_request
        current.version += 1
        current.save()
        audit.record(
            actor=actor,
            action="appeal.close",
            obj=current,
            changes=audit.diff(before, audit.field_values(current, AUDITED_FIELDS)),
            note=note,
        )
        if reopen_request:
            _reopen(actor, current, today)
    return current


def _reopen(actor, case: AppealCase, today: dt.date) -> None:

    req = case.request
    if req.state != State.CLOSED:
        raise InvalidCase(
            f"申请 {req.number} 尚未办结（{req.get_state_display()}），无需重新办理。"
        )
    try:
        request_actions.transition(
            actor=actor,
            info_request=req,
            event="reopen",
            on=case.closed_on,
            today=today,
            note=f"{case.get_kind_display()}案件 {case.number} 结果纠正，按决定重新办理",
        )
    except request_actions.InvalidStep as exc:
        raise InvalidCase(f"申请 {req.number} 无法重新办理：{exc}") from exc
