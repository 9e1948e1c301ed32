import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.requests import actions
from gongkai.requests.domain.workflow import Event
from gongkai.requests.models import Attachment, InfoRequest

VALID_ID = "11010519491231002X"


def form_data(**overrides):
    data = {
        "applicant_type": "natural_person",
        "applicant_name": "李四",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13912345678",
        "email": "lisi@example.com",
        "description": "示范县 2025 年财政预算执行情况",
        "provision_form": "electronic",
        "receive_method": "email",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_public_form_rejects_a_bad_identity_number_and_keeps_what_was_typed(office):
    url = reverse("requests_public:apply", args=["county"])
    response = Client().post(url, form_data(id_number="110105194912310021"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "身份证号码不正确" in page
    assert "示范县 2025 年财政预算执行情况" in page  # kept
    assert not InfoRequest.objects.exists()


@pytest.mark.django_db
def test_public_form_requires_the_contents_art29_lists(office):
    response = Client().post(
        reverse("requests_public:apply", args=["county"]),
        {"applicant_type": "commercial_enterprise", "receive_method": "post"},
    )
    page = response.content.decode()
    for message in ("请填写组织名称", "通信地址", "这个字段是必填项"):
        assert message in page
    assert not InfoRequest.objects.exists()


@pytest.mark.django_db
def test_attachments_are_judged_by_content(office):
    fake_pdf = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not really a pdf", "application/pdf")
    response = Client().post(
        reverse("requests_public:apply", args=["county"]), form_data(attachments=fake_pdf)
    )
    assert "格式不受支持" in response.content.decode()
    real_pdf = SimpleUploadedFile("id.pdf", b"%PDF-1.4\n%...", "application/octet-stream")
    response = Client().post(
        reverse("requests_public:apply", args=["county"]),
        form_data(attachments=real_pdf),
        follow=True,
    )
    assert response.status_code == 200 and "申请已提交" in response.content.decode()
    assert Attachment.objects.get().content_type == "application/pdf"


@pytest.mark.django_db
def test_submission_shows_number_and_code_once_and_tracking_works(office):
    response = Client().post(
        reverse("requests_public:apply", args=["county"]), form_data(), follow=True
    )
    req = InfoRequest.objects.get()
    page = response.content.decode()
    assert req.number in page
    code = page.split('class="code">')[2].split("<")[0]
    track = Client().post(
        reverse("requests_public:track"), {"number": req.number, "code": code}, follow=True
    )
    text = track.content.decode()
    assert "待确认" in text
    # The tracking page says nothing about anyone's identity.
    for secret in (VALID_ID, "13912345678", "lisi@example.com"):
        assert secret not in text
    wrong = Client().post(reverse("requests_public:track"), {"number": req.number, "code": "X"})
    assert "不正确" in wrong.content.decode()


@pytest.mark.django_db
def test_public_submissions_are_rate_limited_per_address(office, settings):
    client = Client(REMOTE_ADDR="203.0.113.9")
    url = reverse("requests_public:apply", args=["county"])
    for n in range(5):
        assert client.post(url, form_data(description=f"第 {n} 份材料")).status_code == 302
    response = client.post(url, form_data(description="第 5 份材料"))
    assert response.status_code == 429 and "过多" in response.content.decode()
    assert InfoRequest.objects.count() == 5
    assert Client(REMOTE_ADDR="203.0.113.10").post(url, form_data()).status_code == 302


@pytest.mark.django_db
def test_the_queue_masks_applicants_for_supervisors(office, registered, login):
    registered(applicant_name="王小明", phone="13800001111")
    handler_page = login(Client(), office["clerk"]).get(reverse("requests_office:queue"))
    assert "王小明" in handler_page.content.decode()
    supervisor = login(Client(), office["supervisor"])
    queue = supervisor.get(reverse("requests_office:queue")).content.decode()
    assert "王小明" not in queue and "王**" in queue
    req = InfoRequest.objects.get()
    detail = supervisor.get(reverse("requests_office:detail", args=[req.pk])).content.decode()
    assert "13800001111" not in detail and VALID_ID not in detail and "已隐去" in detail


@pytest.mark.django_db
def test_another_agencys_handler_cannot_open_the_request(office, registered, login):
    req = registered()
    other = login(Client(), office["otherclerk"])
    assert other.get(reverse("requests_office:detail", args=[req.pk])).status_code == 404


@pytest.mark.django_db
def test_reply_letter_downloads_for_the_handler_only(office, registered, login):
    req = registered()
    actions.transition(
        actor=office["clerk"],
        info_request=req,
        event=Event.REPLY,
        on=dt.date(2025, 10, 20),
        outcome="unavailable_not_held",
        today=dt.date(2025, 10, 20),
    )
    clerk = login(Client(), office["clerk"])
    docx = clerk.get(reverse("requests_office:letter", args=[req.pk, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = clerk.get(reverse("requests_office:letter", args=[req.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    supervisor = login(Client(), office["supervisor"])
    assert (
        supervisor.get(reverse("requests_office:letter", args=[req.pk, "pdf"])).status_code == 403
    )


@pytest.mark.django_db
def test_the_letter_cites_the_law_and_the_remedies(office, registered):
    from io import BytesIO

    from docx import Document

    from gongkai.requests.letters import build_letter, render_docx

    req = registered()
    req = actions.transition(
        actor=office["clerk"],
        info_request=req,
        event=Event.REPLY,
        on=dt.date(2025, 10, 20),
        outcome="withheld_third_party",
        today=dt.date(2025, 10, 20),
    )
    text = "\n".join(p.text for p in Document(BytesIO(render_docx(build_letter(req)))).paragraphs)
    assert "第十五条" in text and "张三" in text
    assert "行政复议" in text and "示范市人民政府" in text
    assert "先" in text  # since 2024 a refusal goes to reconsideration first


@pytest.mark.django_db
def test_step_form_reports_stale_edits(office, registered, login):
    req = registered()
    clerk = login(Client(), office["clerk"])
    url = reverse("requests_office:step", args=[req.pk])
    data = {"event": "start_consultation", "version": req.version, "on": "2025-10-09", "note": ""}
    clerk.post(url, data)
    response = clerk.post(url, data | {"event": "reply", "outcome": "disclosed"}, follow=True)
    assert "刚被其他人修改过" in response.content.decode()


@pytest.mark.django_db
def test_an_attachment_over_the_limit_is_refused_with_its_size(office):
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1))
    response = Client().post(
        reverse("requests_public:apply", args=["county"]), form_data(attachments=big)
    )
    text = response.content.decode()
    assert "超过 10 MB 的上限" in text and "10.0 MB" in text
    assert not InfoRequest.objects.exists()
