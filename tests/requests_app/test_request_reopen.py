"""Reopening (重新办理): the head's decision with a reason; the reply it supersedes — outcome,
letter, delivery — stays as history, and its letter downloads as it was given."""

import datetime as dt
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from gongkai.audit.models import AuditEntry
from gongkai.organisations.policy import Denied
from gongkai.requests import actions
from gongkai.requests.actions.letter_templates import save_letter_template
from gongkai.requests.domain.workflow import Event, State
from gongkai.requests.letters import build_letter, frozen_letter, render_docx
from gongkai.requests.models import EarlierReply, Reply

D = dt.date
TODAY = D(2026, 3, 31)
FIRST_BODY = "经审查，第一次答复：您申请的招标文件属于公开范围，现予以公开。"
SECOND_BODY = "经审查，重新答复：招标文件中的投标报价属于商业秘密，不予公开。"


def step(req, actor, event, on, **kw):
    req.refresh_from_db()
    return actions.transition(
        actor=actor,
        info_request=req,
        event=event,
        on=on,
        expected_version=req.version,
        today=TODAY,
        **kw,
    )


@pytest.fixture
def replied(office, registered):
    """Replied (with its own wording) on 2025-10-20 and delivered by post two days later."""
    req = step(
        registered(),
        office["clerk"],
        Event.REPLY,
        D(2025, 10, 20),
        outcome="disclosed",
        reply_body=FIRST_BODY,
    )
    actions.record_delivery(
        actor=office["clerk"], info_request=req, method="post", on=D(2025, 10, 22), today=TODAY
    )
    req.refresh_from_db()
    return req


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(BytesIO(content)).paragraphs)


@pytest.mark.django_db
def test_a_handler_cannot_reopen_and_the_reply_stays(office, replied):
    with pytest.raises(Denied):
        step(replied, office["clerk"], Event.REOPEN, D(2026, 3, 2), note="复议决定责令重新答复")
    replied.refresh_from_db()
    assert replied.state == State.CLOSED and replied.outcome == "disclosed"
    assert Reply.objects.filter(request=replied).exists()
    assert not EarlierReply.objects.exists()


@pytest.mark.django_db
def test_reopening_needs_a_reason(office, replied):
    with pytest.raises(actions.InvalidStep, match="须写明原因"):
        step(replied, office["head"], Event.REOPEN, D(2026, 3, 2), note="  ")
    replied.refresh_from_db()
    assert replied.state == State.CLOSED and not EarlierReply.objects.exists()


@pytest.mark.django_db
def test_the_head_reopens_and_the_earlier_reply_is_kept_with_its_letter(office, replied):
    letter_number = frozen_letter(replied, replied.reply)["number"]
    req = step(
        replied, office["head"], Event.REOPEN, D(2026, 3, 2), note="复议决定书云府复〔2026〕3号"
    )
    assert req.state == State.PROCESSING and req.outcome == "" and req.closed_on is None
    earlier = req.earlier_replies.get()
    assert (earlier.outcome, earlier.closed_on, earlier.had_letter) == (
        "disclosed",
        D(2025, 10, 20),
        True,
    )
    assert earlier.body == FIRST_BODY and earlier.letter_number == letter_number
    assert (earlier.delivery_method, earlier.delivered_on) == ("post", D(2025, 10, 22))
    assert earlier.superseded_on == D(2026, 3, 2) and earlier.superseded_by == office["head"]
    assert earlier.reason == "复议决定书云府复〔2026〕3号"
    # The same transaction's audit row says what was superseded and why.
    entry = AuditEntry.objects.get(action="request.transition", transition="reopen")
    assert entry.changes["earlier_reply"][1]["outcome"] == "disclosed"
    assert entry.changes["earlier_reply"][1]["delivered_on"] == "2025-10-22"
    assert entry.note == "复议决定书云府复〔2026〕3号"

    req = step(
        req,
        office["clerk"],
        Event.REPLY,
        D(2026, 3, 20),
        outcome="withheld_third_party",
        reply_body=SECOND_BODY,
    )
    assert req.reply.outcome == "withheld_third_party"
    assert req.reply.replied_on == D(2026, 3, 20) and req.reply.delivered_on is None
    assert list(req.earlier_replies.all()) == [earlier]

    clerk = Client()
    clerk.force_login(office["clerk"])
    current = clerk.get(reverse("requests_office:letter", args=[req.pk, "docx"]))
    old = clerk.get(reverse("requests_office:earlier_letter", args=[req.pk, earlier.pk, "docx"]))
    assert current.status_code == old.status_code == 200
    assert SECOND_BODY in docx_text(current.content) and FIRST_BODY not in docx_text(
        current.content
    )
    assert FIRST_BODY in docx_text(old.content) and letter_number in docx_text(old.content)
    pdf = clerk.get(reverse("requests_office:earlier_letter", args=[req.pk, earlier.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    page = clerk.get(reverse("requests_office:detail", args=[req.pk])).content.decode()
    assert "此前的答复" in page and "2025-10-20 办结：予以公开" in page
    assert "2025-10-22 送达（邮寄）" in page and "复议决定书云府复〔2026〕3号" in page
    assert reverse("requests_office:earlier_letter", args=[req.pk, earlier.pk, "pdf"]) in page
    # Without personal data the history is there, its letter not.
    supervisor = Client()
    supervisor.force_login(office["supervisor"])
    masked = supervisor.get(reverse("requests_office:detail", args=[req.pk])).content.decode()
    assert "此前的答复" in masked and "earlier/" not in masked
    refused = supervisor.get(
        reverse("requests_office:earlier_letter", args=[req.pk, earlier.pk, "docx"])
    )
    assert refused.status_code == 403


@pytest.mark.django_db
def test_a_letter_in_the_agencys_wording_is_frozen_when_superseded(office, registered):
    save_letter_template(
        actor=office["head"],
        agency=office["county"],
        outcome="disclosed",
        body="旧范本：{申请内容}。{救济途径}",
    )
    req = step(registered(), office["clerk"], Event.REPLY, D(2025, 10, 20), outcome="disclosed")
    req = step(req, office["head"], Event.REOPEN, D(2026, 3, 2), note="发现答复有误")
    save_letter_template(
        actor=office["head"],
        agency=office["county"],
        outcome="disclosed",
        body="新范本：{申请内容}。{救济途径}",
    )
    earlier = req.earlier_replies.get()
    text = docx_text(render_docx(build_letter(req, earlier)))
    assert "旧范本" in text and "新范本" not in text


@pytest.mark.django_db
def test_a_withdrawn_request_reopened_keeps_its_closing_without_a_letter(office, registered):
    req = step(registered(), office["clerk"], Event.WITHDRAW, D(2025, 10, 9))
    req = step(req, office["head"], Event.REOPEN, D(2025, 10, 10), note="申请人称撤回系误操作")
    earlier = req.earlier_replies.get()
    assert earlier.outcome == "other_misc" and not earlier.had_letter
    client = Client()
    client.force_login(office["clerk"])
    url = reverse("requests_office:earlier_letter", args=[req.pk, earlier.pk, "docx"])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_step_page_refuses_a_handler_and_asks_the_head_for_a_reason(office, replied):
    url = reverse("requests_office:step", args=[replied.pk])
    data = {"event": "reopen", "version": replied.version, "on": "2026-03-02", "note": ""}
    clerk = Client()
    clerk.force_login(office["clerk"])
    page = clerk.get(reverse("requests_office:detail", args=[replied.pk])).content.decode()
    assert 'value="reopen"' not in page  # not offered to the handler
    assert clerk.post(url, data | {"note": "复议决定"}).status_code == 403
    head = Client()
    head.force_login(office["head"])
    page = head.get(reverse("requests_office:detail", args=[replied.pk])).content.decode()
    assert 'value="reopen"' in page and "原因（必填）" in page
    response = head.post(url, data, follow=True)
    assert "须写明原因" in response.content.decode()
    replied.refresh_from_db()
    assert replied.state == State.CLOSED
    head.post(url, data | {"note": "复议决定责令重新答复"})
    replied.refresh_from_db()
    assert replied.state == State.PROCESSING and replied.earlier_replies.count() == 1
