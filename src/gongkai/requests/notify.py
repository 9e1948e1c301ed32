"""Messages sent after a request's change has committed (never inside the transaction)."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from django.core.mail import send_mail
from django.utils import timezone

from gongkai.organisations.models import RoleAssignment
from gongkai.organisations.roles import Role

from .clock_service import clock_state
from .domain.clock import DEFAULT_POLICY
from .domain.workflow import Event
from .models import InfoRequest
from .stats import reminders

log = logging.getLogger(__name__)

# Applicants are told the dates of their own country's calendar, whatever the server's zone.
BEIJING = ZoneInfo("Asia/Shanghai")

_APPLICANT_NOTICES = {
    Event.CONFIRM_RECEIPT.value: "已确认收到您的政府信息公开申请",
    Event.REPLY.value: "您的政府信息公开申请已答复",
    Event.REQUEST_CORRECTION.value: "请补正您的政府信息公开申请",
    Event.RECEIVE_CORRECTION.value: "已收到您的补正",
    Event.APPROVE_EXTENSION.value: "您的政府信息公开申请答复期限已延长",
    Event.ISSUE_FEE_NOTICE.value: "关于您的政府信息公开申请的收费通知",
}
# What the tracking page holds for each notice, so the e-mail points at something that exists.
_WHERE = {
    Event.REPLY.value: "书面答复（告知书）和公开的文件",
    Event.REQUEST_CORRECTION.value: "补正告知的内容和期限，并可在该页面直接提交补正",
    Event.ISSUE_FEE_NOTICE.value: "收费通知",
}


def beijing_date(moment: dt.datetime) -> str:
    return f"{moment.astimezone(BEIJING):%Y-%m-%d}"


def _latest_note(req: InfoRequest, *kinds: Event) -> str:
    entry = req.clock.filter(kind__in=[k.value for k in kinds]).exclude(note="").last()
    return entry.note if entry else ""


def _details(req: InfoRequest, event: str) -> list[str]:
    """The facts of one notice the applicant needs without opening the website."""
    if event == Event.CONFIRM_RECEIPT.value:
        return [
            f"收到申请日期：{req.received_on:%Y-%m-%d}（《条例》第三十一条）。",
            f"答复期限：{req.due_on:%Y-%m-%d}（自收到申请之日起 20 个工作日，第三十三条）。"
            if req.due_on
            else "",
        ]
    if event == Event.RECEIVE_CORRECTION.value:
        got = req.clock.filter(kind=event).last()
        return [
            f"收到补正日期：{got.on:%Y-%m-%d}。" if got else "",
            f"答复期限自收到补正之日起重新计算，至 {req.due_on:%Y-%m-%d}（第三十条、第三十三条）。"
            if req.due_on
            else "",
        ]
    if event == Event.APPROVE_EXTENSION.value:
        reason = _latest_note(req, Event.REQUEST_EXTENSION, Event.APPROVE_EXTENSION)
        return [
            f"延长后的答复期限：{req.due_on:%Y-%m-%d}（《条例》第三十三条第二款）。"
            if req.due_on
            else "",
            f"延期理由：{reason}" if reason else "",
        ]
    if event == Event.REQUEST_CORRECTION.value:
        due = clock_state(req, today=timezone.localdate()).correction_due_on
        return [
            f"需要补正的内容：{_latest_note(req, Event.REQUEST_CORRECTION)}",
            f"补正期限：{due:%Y-%m-%d}（《条例》第三十条）。" if due else "",
        ]
    return []


def _send_to_applicant(req: InfoRequest, subject: str, lines: list[str]) -> None:
    if not req.email:
        return
    body = "\n".join([f"{req.applicant_name}：", "", *[line for line in lines if line], ""])
    try:
        send_mail(f"{subject}（{req.number}）", body, None, [req.email])
    except OSError:
        # A mail server outage must not undo the recorded step; the tracking page shows it.
        log.warning("could not email applicant of %s", req.number, exc_info=True)


def after_submission(request_pk: int) -> None:
    """The receipt of an online request (its tracking code is never sent: only its hash is
    kept, and the page showed it once)."""
    req = InfoRequest.objects.select_related("agency").get(pk=request_pk)
    _send_to_applicant(
        req,
        "您的政府信息公开申请已提交",
        [
            f"您于 {beijing_date(req.submitted_at)} 向{req.agency.name}在网上提交了政府信息公开申请，"
            f"登记编号 {req.number}。",
            "工作人员确认收到后，答复期限自确认之日起计算（《条例》第三十一条），届时会再通知您。",
            "请凭登记编号和提交时显示的查询码在政府信息公开网站查询办理进度。",
        ],
    )


def after_transition(request_pk: int, event: str) -> None:
    subject = _APPLICANT_NOTICES.get(event)
    if subject is None:
        return
    req = InfoRequest.objects.select_related("agency").get(pk=request_pk)
    where = _WHERE.get(event, "办理进度")
    _send_to_applicant(
        req,
        subject,
        [
            f"您于 {beijing_date(req.submitted_at)} 向{req.agency.name}提交的政府信息公开申请"
            f"（登记编号 {req.number}）有新的进展：{subject}。",
            *_details(req, event),
            f"请凭登记编号和查询码在政府信息公开网站“查询申请进度”页面查看{where}。",
        ],
    )


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
