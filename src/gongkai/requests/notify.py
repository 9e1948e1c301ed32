"""Messages sent after a request's change has committed (never inside the transaction)."""

from __future__ import annotations

import logging

from django.core.mail import send_mail

from gongkai.organisations.models import RoleAssignment
from gongkai.organisations.roles import Role

from .domain.clock import DEFAULT_POLICY
from .domain.workflow import Event
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


def send_reminders(*, today, dry_run: bool = False) -> list[tuple[str, int]]:
    """Email each agency's handlers the requests that are overdue or due soon,
    and its heads the extensions waiting for approval. Returns (address, count) per message."""

    soon = DEFAULT_POLICY.due_soon_working_days
    sent = []
    agency_ids = (
        InfoRequest.objects.exclude(state="closed").values_list("agency_id", flat=True).distinct()
    )
    for agency_id in agency_ids:
        data = reminders(InfoRequest.objects.filter(agency_id=agency_id), today=today)
        holders = RoleAssignment.objects.filter(
            agency_id=agency_id, user__is_active=True
        ).select_related("user", "agency")
        for assignment in holders:
            user, role = assignment.user, assignment.role
            if not user.email:
                continue
            if role == Role.HANDLER:
                items = [r for r in data["urgent"] if r.state != "submitted"]
                count = data["overdue"] + data["due_soon"] + data["unconfirmed"]
                lines = [f"{r.number} 答复期限 {r.due_on}：{r.description[:30]}" for r in items]
                if data["unconfirmed"]:
                    lines.append(f"另有 {data['unconfirmed']} 件网上申请待确认收到。")
            elif role == Role.HEAD and data["extension_pending"]:
                count = data["extension_pending"]
                lines = [f"{count} 件申请的延期待您审批。"]
            else:
                continue
            if not count:
                continue
            subject = f"【政府信息公开】{assignment.agency.name}：{count} 件申请需要处理"
            body = "\n".join(
                [
                    f"{user.display_name}：",
                    f"截至 {today}，已超期 {data['overdue']} 件，{soon} 个工作日内到期 {data['due_soon']} 件。",
                    *lines,
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
