"""Every notice to an applicant goes through gongkai.notifications: by SMS to a mobile number,
by e-mail to an address, both when both were given, and none (a log line) for a landline."""

import datetime as dt
import logging

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from test_request_pages import form_data

from gongkai.notifications.message import SEGMENT, Message, segments, signed
from gongkai.requests import actions, notify
from gongkai.requests.domain.workflow import Event

ON = dt.date(2026, 12, 2)
SUBMITTED = dt.datetime(2026, 12, 1, 22, 30, tzinfo=dt.UTC)  # 2026-12-02 06:30 in Beijing


def _texts(settings) -> list[str]:
    folder = settings.GONGKAI_SMS_DIR
    return [p.read_text("utf-8") for p in sorted(folder.iterdir())] if folder.exists() else []


def _submit_and_extend(office, capture, **contact):
    data = form_data(**contact) | {"channel": "online", "receive_method": "online"}
    with capture(execute=True):
        req, _ = actions.submit_online(agency=office["county"], data=data, now=SUBMITTED)
    with capture(execute=True):
        req = actions.transition(
            actor=office["clerk"], info_request=req, event=Event.CONFIRM_RECEIPT, on=ON, today=ON
        )
        req = actions.transition(
            actor=office["clerk"],
            info_request=req,
            event=Event.REQUEST_EXTENSION,
            on=ON,
            note="需调取档案",
            today=ON,
        )
        req = actions.transition(
            actor=office["head"],
            info_request=req,
            event=Event.APPROVE_EXTENSION,
            on=ON,
            working_days=20,
            today=ON,
        )
    return req


@pytest.mark.django_db
def test_an_applicant_with_only_a_mobile_gets_sms(
    office, settings, django_capture_on_commit_callbacks
):
    req = _submit_and_extend(
        office, django_capture_on_commit_callbacks, email="", phone="139-1234-5678"
    )
    assert req.phone == "139-1234-5678"  # read back through the field's decryption
    texts = _texts(settings)
    assert len(texts) == 3 and mail.outbox == []
    assert all(t.startswith("To: 13912345678\n\n【政府信息公开】") for t in texts)
    assert f"您的政府信息公开申请已提交（{req.number}）" in texts[0]
    assert "已确认收到" in texts[1]
    assert f"答复期限已延长（{req.number}）。详情请登录政府信息公开网站查询" in texts[2]


@pytest.mark.django_db
def test_a_landline_alone_gets_nothing_but_a_log_line(
    office, settings, caplog, django_capture_on_commit_callbacks
):
    with caplog.at_level(logging.INFO, logger="gongkai.notifications"):
        req = _submit_and_extend(
            office, django_capture_on_commit_callbacks, email="", phone="0571-87654321"
        )
    assert _texts(settings) == [] and mail.outbox == []
    lines = [r.getMessage() for r in caplog.records if "no e-mail or mobile" in r.getMessage()]
    assert len(lines) == 3 and all(req.number in line for line in lines)
    assert "87654321" not in caplog.text


@pytest.mark.django_db
def test_an_applicant_with_both_gets_both(office, settings, django_capture_on_commit_callbacks):
    req = _submit_and_extend(office, django_capture_on_commit_callbacks)
    assert len(_texts(settings)) == 3
    assert [m.to for m in mail.outbox] == [["lisi@example.com"]] * 3
    # The e-mail is as it was: the details and Beijing-time dates.
    assert "您于 2026-12-02" in mail.outbox[0].body
    assert f"延长后的答复期限：{req.due_on:%Y-%m-%d}" in mail.outbox[-1].body
    assert mail.outbox[-1].subject == f"您的政府信息公开申请答复期限已延长（{req.number}）"


def test_every_notice_fits_one_sms_with_the_signature(settings):
    """Signature, subject, the number of an agency code up to 16 characters and where to look
    stay within 70 characters; a longer code makes it two segments (67 each)."""
    subjects = [*notify._APPLICANT_NOTICES.values(), "您的政府信息公开申请已提交"]
    for subject in subjects:
        for number, count in (("demo-county-2026-0001", 1), ("county-transport-2026-0001", 1)):
            text = signed(Message(f"{subject}（{number}）").sms_text, settings.GONGKAI_SMS_SIGN)
            assert segments(text) == count, (len(text), SEGMENT, text)
    longest = max(subjects, key=len)
    text = signed(Message(f"{longest}（demo-county-transport-2026-0001）").sms_text, "政府信息公开")
    assert len(text) > SEGMENT and segments(text) == 2


@pytest.mark.django_db
def test_the_form_says_a_mobile_gets_sms_and_a_landline_does_not(office):
    page = Client().get(reverse("requests_public:apply", args=["county"])).content.decode()
    assert "办理进展会以短信通知" in page and "固定电话收不到短信" in page
