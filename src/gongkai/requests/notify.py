"""Messages sent after a request's change has committed (never inside the transaction)."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.utils import timezone

from gongkai.organisations.models import RoleAssignment
from gongkai.organisations.roles import Role

from .domain.clock import DEFAULT_POLICY
from .domain.workflow import Event, State
from .models import InfoRequest
from .stats import reminders

log = logging.getLogger(__name__)

_APPLICANT_NOTICES = {
    Event.REPLY.value: "您的政府信息公开申请已答复",
    Event.REQUEST_CORRECTION.value: "请补正您的政府信息公开申请",
    Event.APPROVE_EXTENSION.value: "您的政府信息公开申请答复期限已延长",
    Event.ISSUE_FEE_NOTICE.value: "关于您的政府信息公开申请的收费通知",
}


def after_transition(request_pk: int, event: str) -> None:

    subject = _APPLICANT_NOTICES.get(event)
    if subject is None:
        return
    req = InfoRequest.objects.select_related("agency").get(pk=request_pk)
    if not req.email:
        return
    body = (
        f"{req.applicant_name}：\n\n您于 {req.submitted_at:%Y-%m-%d} 向{req.agency.name}提交的政府信息公开申请"
        f"（登记编号 {req.number}）有新的进展：{subject}。\n"
        "请凭登记编号和查询码在政府信息公开网站查询详情和书面告知书。\n"
    )
    try:
        send_mail(f"{subject}（{req.number}）", body, None, [req.email])
    except OSError:
        # A mail server outage must not undo the recorded step; the tracking page shows it.
        log.warning("could not email applicant of %s", req.number, exc_info=True)


def _handler_lines(agency, data: dict, requests: dict) -> tuple[int, list[str]]:
    soon = DEFAULT_POLICY.due_soon_working_days
    lines = [
        f"{agency.name}：已超期 {data['overdue']} 件，{soon} 个工作日内到期 {data['due_soon']} 件，"
        f"网上申请待确认收到 {data['unconfirmed']} 件。"
    ]
    for label, ids in (("已超期", data["overdue_ids"]), ("即将到期", data["due_soon_ids"])):
        for pk in ids:
            req = requests[pk]
            lines.append(
                f"  {req.number}（{label}，答复期限 {req.due_on}）：{req.description[:30]}"
            )
    for req in requests.values():
        if req.state == State.SUBMITTED:
            submitted = timezone.localtime(req.submitted_at).date()
            lines.append(f"  {req.number}（{submitted} 提交，待确认收到）：{req.description[:30]}")
    count = data["overdue"] + data["due_soon"] + data["unconfirmed"]
    return count, lines


def _head_lines(agency, pending: list) -> tuple[int, list[str]]:
    lines = [f"{agency.name}：{len(pending)} 件申请的延期待您审批。"]
    lines += [f"  {req.number}（答复期限 {req.due_on}）：{req.description[:30]}" for req in pending]
    return len(pending), lines


def send_reminders(*, today, dry_run: bool = False) -> list[tuple[str, int]]:
    """One email per person and run: a handler's overdue, due-soon and unconfirmed requests and
    a head's extensions waiting for approval, of every agency where they hold the role.
    Returns (address, number of requests listed) per message."""

    agency_ids = (
        InfoRequest.objects.exclude(state=State.CLOSED)
        .order_by()  # the model's ordering would make DISTINCT one row per request
        .values_list("agency_id", flat=True)
        .distinct()
    )
    per_user: dict = {}
    for agency_id in agency_ids:
        scope = InfoRequest.objects.filter(agency_id=agency_id)
        data = reminders(scope, today=today)
        listed = data["overdue_ids"] + data["due_soon_ids"]
        requests = InfoRequest.objects.in_bulk(listed) | {
            r.pk: r for r in scope.filter(state=State.SUBMITTED).order_by("submitted_at")
        }
        pending = list(scope.filter(state=State.EXTENSION_PENDING).order_by("due_on", "pk"))
        holders = RoleAssignment.objects.filter(
            agency_id=agency_id, user__is_active=True, role__in=[Role.HANDLER, Role.HEAD]
        ).select_related("user", "agency")
        for assignment in holders:
            user = assignment.user
            if not user.email:
                continue
            if assignment.role == Role.HANDLER:
                count, lines = _handler_lines(assignment.agency, data, requests)
            elif pending:
                count, lines = _head_lines(assignment.agency, pending)
            else:
                continue
            if count:
                entry = per_user.setdefault(user.pk, {"user": user, "count": 0, "lines": []})
                entry["count"] += count
                entry["lines"] += lines
    sent = []
    for entry in per_user.values():
        user, count = entry["user"], entry["count"]
        subject = f"【政府信息公开】{count} 件申请需要您处理"
        body = "\n".join(
            [
                f"{user.display_name}：",
                f"截至 {today}（北京时间），以下申请需要您处理：",
                *entry["lines"],
                "请登录政务公开工作平台办理。",
            ]
        )
        if not dry_run:
            try:
                send_mail(subject, body, None, [user.email])
            except OSError:
                log.warning("could not send reminder to %s", user.email, exc_info=True)
                continue
        sent.append((user.email, count))
    return sent
