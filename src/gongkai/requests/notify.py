"""Messages sent after a request's change has committed (never inside the transaction)."""

from __future__ import annotations

import logging

from django.core.mail import send_mail

from .domain.workflow import Event

log = logging.getLogger(__name__)

_APPLICANT_NOTICES = {
    Event.REPLY.value: "您的政府信息公开申请已答复",
    Event.REQUEST_CORRECTION.value: "请补正您的政府信息公开申请",
    Event.APPROVE_EXTENSION.value: "您的政府信息公开申请答复期限已延长",
    Event.ISSUE_FEE_NOTICE.value: "关于您的政府信息公开申请的收费通知",
}


def after_transition(request_pk: int, event: str) -> None:
    from .models import InfoRequest

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
