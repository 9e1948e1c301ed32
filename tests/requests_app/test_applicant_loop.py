"""The applicant's side end to end without a browser: post/redirect/get, a request sent twice,
the correction answered online, released files on the tracking page, the e-mails."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from test_request_pages import form_data

from gongkai.accounts.system import PUBLIC, SYSTEM
from gongkai.audit.models import AuditEntry
from gongkai.organisations.actions import update_agency
from gongkai.requests import actions
from gongkai.requests.actions.correction import submit_correction
from gongkai.requests.domain.workflow import Event, State
from gongkai.requests.models import InfoRequest, ReleaseFile

PDF = b"%PDF-1.4\n%gongkai test\n"


def _apply(client, **overrides):
    return client.post(reverse("requests_public:apply", args=["county"]), form_data(**overrides))


def _code(page: str) -> str:
    return re.findall(r'class="code">([^<]+)<', page)[1]


@pytest.mark.django_db
def test_a_submission_redirects_and_a_reload_or_resend_files_nothing(office):
    client = Client()
    response = _apply(client)
    req = InfoRequest.objects.get()
    receipt = reverse("requests_public:receipt", args=[req.number])
    assert response.status_code == 302 and response["Location"] == receipt
    first = client.get(receipt).content.decode()
    code = _code(first)
    assert client.get(receipt).content.decode().count(code) == 1  # a reload shows it again
    # The same form sent again (back button, double click) within minutes: the same request.
    again = _apply(client, description="示范县 2025 年财政预算执行情况 ")
    assert again["Location"] == receipt and InfoRequest.objects.count() == 1
    page = client.get(receipt).content.decode()
    assert "本次未重复登记" in page and code in page
    # From another browser: the receipt of the earlier request, without its code.
    other = Client()
    response = _apply(other)
    assert response["Location"] == receipt and InfoRequest.objects.count() == 1
    page = other.get(receipt).content.decode()
    assert req.number in page and code not in page and "查询码已在首次提交时显示" in page
    # Typing the same details opens no tracking page: only the code does.
    track = reverse("requests_public:track_request", args=[req.number])
    assert other.get(track)["Location"] == reverse("requests_public:track")
    assert client.get(track).status_code == 200
    # Another description is another request.
    assert _apply(client, description="示范县 2025 年财政决算").status_code == 302
    assert InfoRequest.objects.count() == 2


@pytest.mark.django_db
def test_a_duplicate_is_recognised_only_within_the_window(office):
    data = form_data() | {"channel": "online"}
    now = timezone.now()
    req, _ = actions.submit_online(agency=office["county"], data=data, now=now)
    with pytest.raises(actions.DuplicateSubmission) as caught:
        actions.submit_online(agency=office["county"], data=data, now=now + dt.timedelta(minutes=9))
    assert caught.value.earlier == req
    later, _ = actions.submit_online(
        agency=office["county"], data=data, now=now + dt.timedelta(minutes=11)
    )
    assert later.number != req.number


@pytest.mark.django_db
def test_the_tracking_page_opens_only_for_the_browser_that_proved_the_code(office):
    _apply(Client())
    req = InfoRequest.objects.get()
    page = reverse("requests_public:track_request", args=[req.number])
    stranger = Client()
    assert stranger.get(page)["Location"] == reverse("requests_public:track")
    assert stranger.get(reverse("requests_public:receipt", args=[req.number])).status_code == 404
    letter = reverse("requests_public:track_letter", args=[req.number, "pdf"])
    assert stranger.get(letter).status_code == 404


@pytest.mark.django_db
def test_the_form_checks_numbers_lengths_and_organisations(office):
    page = _apply(Client(), phone="abc").content.decode()
    assert "请填写有效的联系电话" in page
    page = _apply(Client(), description="字" * 153_000, postcode="12345").content.decode()
    assert "内容描述最多 5000 字，现有 153000 字" in page
    assert "邮政编码应为 6 位数字" in page
    page = _apply(Client(), applicant_type="commercial_enterprise").content.decode()
    assert "法人或其他组织申请的，请填写组织名称。" in page
    assert '<label for="id_applicant_name">联系人姓名' in page  # the labels for an organisation
    assert not InfoRequest.objects.exists()
    form = Client().get(reverse("requests_public:apply", args=["county"])).content.decode()
    assert 'inputmode="tel"' in form and 'inputmode="numeric"' in form
    assert 'maxlength="5000"' in form
    # Every id a field's aria-describedby names is on the page.
    for page in (form, _apply(Client(), phone="abc").content.decode()):
        ids = set(re.findall(r'\bid="([^"]+)"', page))
        for described in re.findall(r'aria-describedby="([^"]+)"', page):
            assert set(described.split()) <= ids, described


def _awaiting_correction(office, **overrides):
    req, code = actions.submit_online(
        agency=office["county"], data=form_data(**overrides) | {"channel": "online"}
    )
    today = timezone.localdate()
    for event, extra in [
        (Event.CONFIRM_RECEIPT, {}),
        (Event.REQUEST_CORRECTION, {"note": "请写明项目名称或招标编号", "working_days": 10}),
    ]:
        req = actions.transition(
            actor=office["clerk"], info_request=req, event=event, on=today, **extra
        )
    return req, code


def _tracking(req, code) -> Client:
    client = Client()
    response = client.post(reverse("requests_public:track"), {"number": req.number, "code": code})
    assert response["Location"] == reverse("requests_public:track_request", args=[req.number])
    return client


@pytest.mark.django_db
def test_the_applicant_answers_the_correction_notice_online(office, login):
    req, code = _awaiting_correction(office)
    client = _tracking(req, code)
    page_url = reverse("requests_public:track_request", args=[req.number])
    page = client.get(page_url).content.decode()
    assert "请写明项目名称或招标编号" in page and "第三十条" in page and "补正期限" in page
    url = reverse("requests_public:track_correction", args=[req.number])
    # Checked like the request form: nothing at all, or a file that is not what it says.
    assert "请填写补正内容或上传补正材料" in client.post(url, {"text": " "}).content.decode()
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90 no pdf", "application/pdf")
    assert "格式不受支持" in client.post(url, {"attachments": fake}).content.decode()
    assert InfoRequest.objects.get().state == State.AWAITING_CORRECTION
    scan = SimpleUploadedFile("招标编号.pdf", PDF, "application/octet-stream")
    response = client.post(url, {"text": "招标编号 SFX-2026-017", "attachments": scan})
    assert response.status_code == 302 and response["Location"] == page_url
    req.refresh_from_db()
    assert req.state == State.PROCESSING
    correction = req.corrections.get()
    assert [a.original_name for a in correction.attachments.all()] == ["招标编号.pdf"]
    assert correction.attachments.get().content_type == "application/pdf"
    assert req.clock.last().kind == Event.RECEIVE_CORRECTION.value
    entry = AuditEntry.objects.filter(action="request.correction").get()
    assert entry.actor_label == PUBLIC.display_name and entry.transition == "receive_correction"
    assert "您提交的补正" in client.get(page_url).content.decode()
    # The request's own attachments and the correction's stay apart on the handler's page.
    detail = login(Client(), office["clerk"]).get(reverse("requests_office:detail", args=[req.pk]))
    text = detail.content.decode()
    assert "申请人的补正" in text and "招标编号 SFX-2026-017" in text and "招标编号.pdf" in text
    assert "收到补正后的申请" in text
    # Once answered there is nothing more to send.
    with pytest.raises(actions.InvalidStep, match="不需要补正"):
        submit_correction(info_request=req, text="再补充一点")


@pytest.mark.django_db
def test_staff_record_a_paper_correction_through_the_step_not_the_public_action(office):
    req, _ = _awaiting_correction(office)
    with pytest.raises(actions.InvalidStep, match="收到补正"):
        submit_correction(actor=office["clerk"], info_request=req, text="电话补正")


def _with_release(req, clerk):
    release = ReleaseFile.objects.create(
        request=req,
        original=ContentFile(PDF, name="original.pdf"),
        original_name="中标结果.pdf",
        content_type="application/pdf",
    )
    release.redacted.save("redacted.pdf", ContentFile(PDF))
    return release


@pytest.mark.django_db
def test_a_disclosing_online_reply_needs_the_released_file_or_a_confirmation(office):
    req, _ = actions.submit_online(
        agency=office["county"],
        data=form_data(receive_method="online") | {"channel": "online"},
    )
    today = timezone.localdate()
    req = actions.transition(
        actor=office["clerk"], info_request=req, event=Event.CONFIRM_RECEIPT, on=today
    )
    reply = {"event": Event.REPLY, "on": today, "outcome": "disclosed"}
    with pytest.raises(actions.InvalidStep, match="还没有可提供的公开文件"):
        actions.transition(actor=office["clerk"], info_request=req, **reply)
    ReleaseFile.objects.create(  # uploaded, but no public version made yet: not enough
        request=req, original=ContentFile(PDF, name="o.pdf"), original_name="o.pdf"
    )
    with pytest.raises(actions.InvalidStep, match="生成公开版本"):
        actions.transition(actor=office["clerk"], info_request=req, **reply)
    done = actions.transition(
        actor=office["clerk"], info_request=req, confirm_without_release=True, **reply
    )
    assert done.state == State.CLOSED
    entry = AuditEntry.objects.filter(action="request.transition", transition="reply").get()
    assert entry.changes["confirm_without_release"] == [False, True]


@pytest.mark.django_db
def test_released_files_are_downloadable_for_the_agencys_period(office):
    req, code = actions.submit_online(
        agency=office["county"],
        data=form_data(receive_method="online") | {"channel": "online"},
    )
    today = timezone.localdate()
    req = actions.transition(
        actor=office["clerk"], info_request=req, event=Event.CONFIRM_RECEIPT, on=today
    )
    release = _with_release(req, office["clerk"])
    actions.transition(
        actor=office["clerk"], info_request=req, event=Event.REPLY, on=today, outcome="disclosed"
    )
    client = _tracking(req, code)
    page = client.get(reverse("requests_public:track_request", args=[req.number])).content
    until = today + dt.timedelta(days=90)
    assert "中标结果.pdf" in page.decode() and f"可下载至 {until:%Y-%m-%d}" in page.decode()
    url = reverse("requests_public:track_file", args=[req.number, release.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert Client().get(url).status_code == 404  # not for a browser that did not prove the code
    # Delivery by post or in person is recorded with its date and shown to the applicant.
    actions.record_delivery(actor=office["clerk"], info_request=req, method="pickup", on=today)
    page = client.get(reverse("requests_public:track_request", args=[req.number])).content
    assert f"送达：{today:%Y-%m-%d}，当面领取" in page.decode()
    # The office's own period; once it is over the page says so and the file is gone.
    update_agency(actor=SYSTEM, agency=req.agency, release_download_days=7)
    req.reply.replied_on = today - dt.timedelta(days=8)
    req.reply.save()
    page = client.get(reverse("requests_public:track_request", args=[req.number])).content
    assert "网上获取期限已于" in page.decode()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_emails_give_beijing_dates_receipts_and_the_extension(
    office, django_capture_on_commit_callbacks
):
    # 2026-12-01 22:30 UTC is 2026-12-02 06:30 in Beijing.
    late_evening_utc = dt.datetime(2026, 12, 1, 22, 30, tzinfo=dt.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        req, _ = actions.submit_online(
            agency=office["county"],
            data=form_data() | {"channel": "online"},
            now=late_evening_utc,
        )
    receipt = mail.outbox[-1]
    assert "已提交" in receipt.subject and "您于 2026-12-02" in receipt.body
    assert req.number in receipt.body
    on = dt.date(2026, 12, 2)
    with django_capture_on_commit_callbacks(execute=True):
        req = actions.transition(
            actor=office["clerk"],
            info_request=req,
            event=Event.CONFIRM_RECEIPT,
            on=on,
            today=on,
        )
    confirmed = mail.outbox[-1]
    assert "已确认收到" in confirmed.subject and "答复期限：" in confirmed.body
    assert f"{req.due_on:%Y-%m-%d}" in confirmed.body
    with django_capture_on_commit_callbacks(execute=True):
        req = actions.transition(
            actor=office["clerk"],
            info_request=req,
            event=Event.REQUEST_EXTENSION,
            on=on,
            note="需调取三个部门的档案",
            today=on,
        )
        req = actions.transition(
            actor=office["head"],
            info_request=req,
            event=Event.APPROVE_EXTENSION,
            on=on,
            working_days=20,
            today=on,
        )
    extended = mail.outbox[-1]
    assert "延长" in extended.subject
    assert f"延长后的答复期限：{req.due_on:%Y-%m-%d}" in extended.body
    assert "延期理由：需调取三个部门的档案" in extended.body


@pytest.mark.django_db
def test_the_correction_email_says_what_and_by_when(office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        req, _ = _awaiting_correction(office)
    notice = mail.outbox[-1]
    assert "请补正" in notice.subject
    assert "需要补正的内容：请写明项目名称或招标编号" in notice.body
    assert "补正期限：" in notice.body and "详情和书面告知书" not in notice.body
    assert "可在该页面直接提交补正" in notice.body
