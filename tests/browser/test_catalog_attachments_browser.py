"""Most government information is published as attachments: a publisher attaches a PDF and an
image, orders and prunes them, a second person reviews (一事一审), and the portal serves the
PDF; a clerk removes a release file uploaded by mistake and opens what the applicant sent."""

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from tests.browser.test_catalog_browser import sign_in, sign_out

pytestmark = pytest.mark.browser
TITLE = "示范县2026年城区公共停车场布局专项规划"


def _pdf(path: Path) -> Path:
    """A real PDF with Chinese text, as an office's scanner or word processor would give."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.setFont("STSong-Light", 16)
    c.drawString(72, 760, TITLE)
    c.setFont("STSong-Light", 12)
    c.drawString(72, 730, "一、规划范围：城关镇建成区，规划新增公共停车泊位 1200 个。")
    c.save()
    path.write_bytes(out.getvalue())
    return path


def _png(path: Path, colour: str) -> Path:
    Image.new("RGB", (320, 200), colour).save(path, "PNG")
    return path


def _file_names(page) -> list[str]:
    return [
        t.strip() for t in page.locator(".attachment-list > li > a").all_inner_texts() if t.strip()
    ]


def test_publisher_attaches_orders_prunes_and_the_portal_serves_the_pdf(
    page, live_server, demo_data, shot, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    pdf = _pdf(tmp_path / "停车场布局专项规划.pdf")
    plan = _png(tmp_path / "规划示意图.png", "steelblue")
    wrong = _png(tmp_path / "错传的照片.png", "orange")
    base = live_server.url

    sign_in(page, base, "publisher")
    page.goto(f"{base}/office/catalog/new/")
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("公开目录").select_option(label="8 重大建设项目")
    # 有效性 is starred exactly while a type that carries it is chosen.
    star = page.locator(".req.when-validity")
    page.get_by_label("文件类型").select_option("normative")
    assert star.is_visible()
    assert "必填" in page.locator("#id_validity_help").inner_text()
    assert page.get_by_label("有效性").get_attribute("aria-describedby") == "id_validity_help"
    shot(page, "catalog-edit-validity-starred", page.locator("fieldset.group"))
    page.get_by_label("文件类型").select_option("plan")
    assert not star.is_visible()
    page.get_by_label("成文日期").fill(page.evaluate("new Date().toISOString().slice(0,10)"))
    page.get_by_label("附件（可选）").set_input_files([str(pdf), str(plan)])
    shot(page, "catalog-edit-attachments")
    page.get_by_role("button", name="保存草稿").click()
    assert "草稿已保存" in page.get_by_role("status").first.inner_text()
    assert _file_names(page) == ["停车场布局专项规划.pdf", "规划示意图.png"]
    record_url = page.url

    page.get_by_role("link", name="修改草稿").click()
    page.get_by_label("附件（可选）").set_input_files([str(wrong)])
    page.get_by_role("button", name="保存草稿").click()
    assert _file_names(page) == ["停车场布局专项规划.pdf", "规划示意图.png", "错传的照片.png"]
    # The image before the PDF, then back: each move is one place.
    page.get_by_role("button", name="上移“规划示意图.png”").click()
    assert _file_names(page) == ["规划示意图.png", "停车场布局专项规划.pdf", "错传的照片.png"]
    page.get_by_role("button", name="下移“规划示意图.png”").click()
    assert _file_names(page) == ["停车场布局专项规划.pdf", "规划示意图.png", "错传的照片.png"]
    # Removing asks first.
    item = page.locator(".attachment-list > li", has_text="错传的照片.png")
    item.locator("summary", has_text="删除").click()
    assert "删除“错传的照片.png”？" in item.inner_text()
    shot(page, "catalog-detail-attachments")
    item.get_by_role("button", name="确认删除").click()
    assert "已删除附件“错传的照片.png”" in page.get_by_role("status").first.inner_text()
    assert _file_names(page) == ["停车场布局专项规划.pdf", "规划示意图.png"]
    page.locator("details", has_text="提交保密审查").get_by_role("button").click()
    assert "待保密审查" in page.locator(".status-line").inner_text()
    sign_out(page)

    # A different person reviews; they read the attached PDF on the office page first.
    sign_in(page, base, "reviewer")
    page.goto(record_url)
    with page.expect_download() as download:
        page.get_by_role("link", name="停车场布局专项规划.pdf").click()
    assert download.value.suggested_filename == "停车场布局专项规划.pdf"
    assert Path(download.value.path()).read_bytes() == pdf.read_bytes()
    form = page.locator("details", has_text="审查通过")
    form.get_by_label("意见或理由").fill("经审查，附件不涉及国家秘密和个人隐私，同意公开。")
    form.get_by_role("button").click()
    assert "审查通过" in page.locator(".status-line").inner_text()
    sign_out(page)

    sign_in(page, base, "publisher")
    page.goto(record_url)
    page.locator("details", has_text="发布").get_by_role("button", name="发布").click()
    assert "已发布" in page.locator(".status-line").inner_text()
    sign_out(page)

    page.goto(record_url.replace("/office/catalog/", "/info/"))
    files = page.locator("section", has=page.get_by_role("heading", name="附件"))
    assert files.locator("a").all_inner_texts() == ["停车场布局专项规划.pdf", "规划示意图.png"]
    assert "错传的照片.png" not in page.content()
    shot(page, "catalog-portal-record-attachments")
    href = files.get_by_role("link", name="停车场布局专项规划.pdf").get_attribute("href")
    assert re.fullmatch(r"/info/\d+/files/\d+/", href)
    served = page.request.get(base + href)
    assert served.status == 200
    assert served.headers["content-type"] == "application/pdf"
    assert served.headers["content-disposition"] == (
        "attachment; filename*=utf-8''%E5%81%9C%E8%BD%A6%E5%9C%BA%E5%B8%83%E5%B1%80"
        "%E4%B8%93%E9%A1%B9%E8%A7%84%E5%88%92.pdf"
    )
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.body() == pdf.read_bytes()
    with page.expect_download() as download:
        files.get_by_role("link", name="停车场布局专项规划.pdf").click()
    assert download.value.suggested_filename == "停车场布局专项规划.pdf"


def test_the_editor_speaks_chinese_and_draws_its_picker_arrow(page, live_server, demo_data, shot):
    base = live_server.url
    sign_in(page, base, "publisher")
    page.goto(f"{base}/office/catalog/new/")
    picker = page.locator(".prose-menubar__selected").first
    picker.wait_for()
    # No glyph for the arrow (U+23F7 is missing from most office fonts): a drawn triangle.
    arrow = picker.evaluate("e => getComputedStyle(e, '::after').content")
    assert arrow in ('""', "none", "normal") and "⏷" not in arrow
    page.get_by_role("button", name="插入表格").click()
    dialog = page.get_by_role("dialog")
    header = dialog.get_by_label("包含表头行")
    assert header.locator("option").all_inner_texts() == ["是", "否"]
    assert "Yes" not in dialog.inner_text() and "No" not in dialog.inner_text()
    shot(page, "catalog-editor-table-dialog")
    header.select_option(label="是")
    dialog.get_by_role("button", name="插入表格").click()
    assert page.locator(".prose-editor [contenteditable=true] table th").count() == 3


def test_clerk_opens_the_applicants_file_and_removes_a_wrong_release_file(
    page, live_server, demo_data, shot, tmp_path, settings
):
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.accounts.models import User
    from gongkai.organisations.models import Agency
    from gongkai.requests import actions

    settings.MEDIA_ROOT = tmp_path / "media"
    proof = _pdf(tmp_path / "身份证明.pdf").read_bytes()
    upload = SimpleUploadedFile("身份证明.pdf", proof, "application/pdf")
    upload.sniffed_type = "application/pdf"
    req, _ = actions.register(
        actor=User.objects.get(username="clerk"),
        agency=Agency.objects.get(code="demo-county"),
        data={
            "applicant_type": "natural_person",
            "applicant_name": "周建华",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "phone": "13712345678",
            "address": "示范县人民路 8 号",
            "description": "申请公开城关镇公共停车场建设项目的环境影响评价文件",
            "provision_form": "electronic",
            "receive_method": "email",
            "email": "zhou@example.com",
            "channel": "in_person",
        },
        received_on=dt.date.today(),
        attachments=[upload],
    )
    base = live_server.url
    sign_in(page, base, "clerk")
    page.goto(f"{base}/office/requests/{req.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="身份证明.pdf").click()
    assert Path(download.value.path()).read_bytes() == proof
    wrong = _png(tmp_path / "另一件申请的材料.png", "orange")
    page.get_by_label("上传拟公开的文件（PDF、PNG、JPEG）").set_input_files(str(wrong))
    page.get_by_role("button", name="上传并标注").click()
    page.goto(f"{base}/office/requests/{req.pk}/")
    item = page.locator("#release-h + ul > li", has_text="另一件申请的材料.png")
    item.locator("summary", has_text="删除").click()
    shot(page, "request-detail-files")
    item.get_by_role("button", name="确认删除").click()
    assert "已删除拟公开的文件" in page.get_by_role("status").first.inner_text()
    assert "另一件申请的材料.png" not in page.locator("#release-h").locator("..").inner_text()
