"""The applicant's notices and the staff's reminders. E-mail goes through the outbox
(gongkai.outbox.mail): the row is written in the transaction of the step that causes it and
delivered by a worker with retries, so an SMTP outage delays a notice and never drops it. SMS
goes through gongkai.notifications after commit (the gateway is not retried)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from gongkai.notifications.message import Message, mobile_number
from gongkai.notifications.send import send_to_applicant
from gongkai.organisations.models import RoleAssignment
from gongkai.organisations.roles import Role
from gongkai.outbox.mail import queue_mail
from gongkai.outbox.models import MailKind

from .clock_service import clock_state
from .domain.clock import DEFAULT_POLICY
from .domain.workflow import Event, State
from .models import InfoRequest
from .stats import reminders

# Applicants are told the dates of their own country's calendar, whatever the server's zone.
BEIJING = ZoneInfo("Asia/Shanghai")

_APPLICANT_NOTICES = {
    Event.CONFIRM_RECEIPT.value: "已确认收到您的政府信息公开申请",
    Event.REPLY.value: "您的政府信息公开申请已答复",
    Event.REQUEST_CORRECTION.value: "请补正您的政府信息公开申请",
    Event.RECEIVE_CORRECTION.value: "已收到您的补正",
    Event.APPROVE_EXTENSION.value: "您的政府信息公开申请答复期限已延长",
    Event.ISSUE_FEE_NOTICE.value: "关于您的政府信息公开申请的收费通知",
    Event.TRANSFER.value: "您的申请已转送其他机关办理",
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
    if event == Event.TRANSFER.value:
        moved = req.transfers.select_related("to_agency").last()
        to = moved.to_agency
        contact = "；".join(
            part
            for part in (
                to.disclosure_office and f"政府信息公开工作机构：{to.disclosure_office}",
                to.phone and f"电话：{to.phone}",
                to.address and f"地址：{to.address}",
            )
            if part
        )
        return [
            f"接收机关：{to.name}（{moved.on:%Y-%m-%d} 转送）。"
            + (f"{contact}。" if contact else ""),
            f"转送原因：{moved.reason}",
            "答复期限自接收机关确认收到您的申请之日起计算（《条例》第三十一条、第三十三条），"
            "登记编号和查询码不变。",
        ]
    return []


def _first_agency(req: InfoRequest):
    """The agency the applicant sent the request to, wherever it has been transferred since."""
    first = req.transfers.select_related("from_agency").first()
    return first.from_agency if first else req.agency


def _send_to_applicant(req: InfoRequest, subject: str, lines: list[str]) -> None:
    """Called inside the step's transaction: the e-mail's outbox row commits with it."""
    message = Message(f"{subject}（{req.number}）", lines, greeting=req.applicant_name)
    if req.email:
        queue_mail(
            to=req.email,
            subject=message.subject,
            body=message.body,
            kind=MailKind.APPLICANT,
            related=req,
        )
    phone = req.phone
    if mobile_number(phone) or not req.email:  # (the latter only logs that nothing was sent)
        transaction.on_commit(lambda: send_to_applicant(email="", phone=phone, message=message))


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


def after_code_reissue(request_pk: int, code: str) -> None:
    """A reissued code is sent only to the address the applicant gave: the office reissues it
    on request, and the mailbox is the applicant's own channel."""
    req = InfoRequest.objects.select_related("agency").get(pk=request_pk)
    _send_to_applicant(
        req,
        "您的政府信息公开申请查询码已重新发放",
        [
            f"应您的要求，{req.agency.name}为登记编号 {req.number} 的申请重新发放了查询码：{code}",
            "原查询码已作废。请凭登记编号和新的查询码在政府信息公开网站查询办理进度。",
            "如果您没有提出过这一要求，请与该机关政府信息公开工作机构联系。",
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
            f"您于 {beijing_date(req.submitted_at)} 向{_first_agency(req).name}提交的政府信息公开申请"
            f"（登记编号 {req.number}）有新的进展：{subject}。",
            *_details(req, event),
            f"请凭登记编号和查询码在政府信息公开网站“查询申请进度”页面查看{where}。",
        ],
    )


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
    Returns (address, number of requests listed) per message queued."""

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
            # Queued, so an SMTP outage delays the reminder instead of skipping it.
            queue_mail(to=user.email, subject=subject, body=body, kind=MailKind.REMINDER)
        sent.append((user.email, count))
    return sent
