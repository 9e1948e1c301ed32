"""A draft's files: uploaded through the record form (several at once), reordered, removed,
and served by the portal once a version offers them."""

import io
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from gongkai.accounts.system import SYSTEM
from gongkai.audit.log import entries_for
from gongkai.catalog import actions
from gongkai.catalog.models import Record
from gongkai.organisations.actions import assign_role
from gongkai.organisations.actions.accounts import create_user
from gongkai.organisations.roles import Role

pytestmark = pytest.mark.django_db


def _image_file(size, colour, kind) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, kind)
    return out.getvalue()


# Real files (Pillow writes them), not just magic bytes; made once, as the PDF holds its time.
PDF = _image_file((200, 280), "white", "PDF")
PNG = _image_file((40, 30), "navy", "PNG")


FORM = {
    "title": "示范县2026年城区公共停车场建设规划",
    "doc_type": "plan",
    "formed_on": "2026-01-05",
    "body": "",
}


def _upload(name, data, content_type):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_the_record_form_takes_several_files_in_one_input(office, login, client, category):
    login(client, office["publisher"])
    response = client.post(
        reverse("catalog_office:new"),
        FORM
        | {
            "category": category("8").pk,
            "attachments": [
                _upload("停车场规划.pdf", PDF, "application/pdf"),
                _upload("选址图.png", PNG, "image/png"),
            ],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = Record.objects.get()
    files = list(record.attachments.all())
    assert [(a.original_name, a.kind, a.content_type) for a in files] == [
        ("停车场规划.pdf", "pdf", "application/pdf"),
        ("选址图.png", "png", "image/png"),
    ]
    assert [a.position for a in files] == [1, 2]
    page = client.get(reverse("catalog_office:detail", args=[record.pk]))
    assert "停车场规划.pdf" in page.text and "确认删除" in page.text and "下移" in page.text
    # Staff open the draft's file before review; it comes back byte for byte.
    got = client.get(reverse("catalog_office:attachment", args=[record.pk, files[0].pk]))
    assert got["Content-Type"] == "application/pdf"
    assert b"".join(got.streaming_content) == PDF


def test_a_file_that_is_not_what_it_claims_is_refused_with_a_reason(
    office, login, client, category
):
    login(client, office["publisher"])
    page = client.post(
        reverse("catalog_office:new"),
        FORM
        | {
            "category": category("8").pk,
            "attachments": [_upload("通知.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")],
        },
        follow=True,
    )
    record = Record.objects.get()
    assert not record.attachments.exists()
    assert "“通知.pdf”的格式不受支持" in page.text
    page = client.post(
        reverse("catalog_office:edit", args=[record.pk]),
        FORM
        | {
            "category": category("8").pk,
            "version": record.version,
            "attachments": [_upload("通知.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")],
        },
        follow=True,
    )
    assert "“通知.pdf”的格式不受支持" in page.text


def test_too_many_files_at_once_are_refused_at_the_field(office, login, client, category):
    login(client, office["publisher"])
    files = [_upload(f"图{i}.png", PNG, "image/png") for i in range(11)]
    page = client.post(
        reverse("catalog_office:new"), FORM | {"category": category("8").pk, "attachments": files}
    )
    assert page.status_code == 200 and "最多上传 10 个附件" in page.text
    assert not Record.objects.exists()


def _draft_with_files(office, draft, *names):
    record = draft()
    for name in names:
        data = PDF if name.endswith(".pdf") else PNG
        actions.add_attachment(actor=office["publisher"], record=record, name=name, data=data)
    return record


def _names(record):
    return list(record.attachments.filter(removed=False).values_list("original_name", flat=True))


def test_reordering_moves_one_place_and_is_audited(office, draft):
    record = _draft_with_files(office, draft, "正文.pdf", "附表.png", "附图.png")
    last = record.attachments.get(original_name="附图.png")
    actions.move_attachment(actor=office["publisher"], attachment=last, direction="up")
    assert _names(record) == ["正文.pdf", "附图.png", "附表.png"]
    first = record.attachments.get(original_name="正文.pdf")
    actions.move_attachment(actor=office["publisher"], attachment=first, direction="down")
    assert _names(record) == ["附图.png", "正文.pdf", "附表.png"]
    entry = entries_for(record).filter(action="catalog.reorder_attachments").order_by("seq").last()
    assert entry.changes["attachments"] == [
        ["正文.pdf", "附图.png", "附表.png"],
        ["附图.png", "正文.pdf", "附表.png"],
    ]
    top = record.attachments.get(original_name="附图.png")
    with pytest.raises(actions.InvalidStep, match="已是第一个附件"):
        actions.move_attachment(actor=office["publisher"], attachment=top, direction="up")
    with pytest.raises(actions.InvalidStep, match="上移或下移"):
        actions.move_attachment(actor=office["publisher"], attachment=top, direction="left")


def test_only_a_drafter_of_the_agency_changes_a_draft_and_only_while_it_is_a_draft(office, draft):
    record = _draft_with_files(office, draft, "正文.pdf", "附表.png")
    second = record.attachments.get(original_name="附表.png")
    for person in ("reviewer", "otherpub"):
        with pytest.raises(actions.policy.Denied):
            actions.move_attachment(actor=office[person], attachment=second, direction="up")
        with pytest.raises(actions.policy.Denied):
            actions.remove_attachment(actor=office[person], attachment=second)
    actions.submit(actor=office["publisher"], record=record)
    with pytest.raises(actions.InvalidStep, match="只有草稿"):
        actions.move_attachment(actor=office["publisher"], attachment=second, direction="up")
    with pytest.raises(actions.InvalidStep, match="只有草稿"):
        actions.remove_attachment(actor=office["publisher"], attachment=second)
    assert _names(record) == ["正文.pdf", "附表.png"]


def test_pages_reorder_and_remove(office, login, client, draft):
    record = _draft_with_files(office, draft, "正文.pdf", "附表.png", "错传.png")
    login(client, office["publisher"])
    wrong = record.attachments.get(original_name="错传.png")
    client.post(reverse("catalog_office:detach", args=[record.pk, wrong.pk]))
    second = record.attachments.get(original_name="附表.png")
    response = client.post(
        reverse("catalog_office:move_attachment", args=[record.pk, second.pk]),
        {"direction": "up"},
    )
    assert response.status_code == 302
    assert _names(record) == ["附表.png", "正文.pdf"]
    assert entries_for(record).filter(action="catalog.detach").count() == 1
    # A direction nobody offers is refused by the action, with its reason, nothing moved.
    client.post(
        reverse("catalog_office:move_attachment", args=[record.pk, second.pk]),
        {"direction": "sideways"},
    )
    assert _names(record) == ["附表.png", "正文.pdf"]


def test_the_portal_lists_the_files_in_order_and_serves_them(office, draft, client):
    record = _draft_with_files(office, draft, "附表.png", "停车场规划.pdf", "错传.png")
    pdf = record.attachments.get(original_name="停车场规划.pdf")
    actions.move_attachment(actor=office["publisher"], attachment=pdf, direction="up")
    actions.remove_attachment(
        actor=office["publisher"], attachment=record.attachments.get(original_name="错传.png")
    )
    actions.submit(actor=office["publisher"], record=record)
    actions.approve(actor=office["reviewer"], record=record, opinion="不涉密，同意公开。")
    actions.publish(actor=office["publisher"], record=record)
    page = client.get(reverse("catalog_portal:record", args=[record.pk]))
    text = page.text
    assert text.index("停车场规划.pdf") < text.index("附表.png") and "错传.png" not in text
    got = client.get(reverse("catalog_portal:attachment", args=[record.pk, pdf.pk]))
    assert got.status_code == 200
    assert got["Content-Type"] == "application/pdf"
    assert got["X-Content-Type-Options"] == "nosniff"
    assert got["Content-Disposition"] == (f"attachment; filename*=utf-8''{quote('停车场规划.pdf')}")
    assert b"".join(got.streaming_content) == PDF
    removed = record.attachments.get(original_name="错传.png")
    assert (
        client.get(reverse("catalog_portal:attachment", args=[record.pk, removed.pk])).status_code
        == 404
    )


def test_whoever_reorders_is_an_author_of_the_version(office, draft, password):
    colleague = create_user(actor=SYSTEM, username="pub2", password=password, full_name="同事")
    assign_role(actor=SYSTEM, user=colleague, agency=office["county"], role=Role.PUBLISHER)
    record = _draft_with_files(office, draft, "正文.pdf", "附表.png")
    second = record.attachments.get(original_name="附表.png")
    assert colleague.pk not in actions.authors_of_current_version(record)
    actions.move_attachment(actor=colleague, attachment=second, direction="up")
    assert colleague.pk in actions.authors_of_current_version(record)
