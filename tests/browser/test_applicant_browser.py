"""The applicant's loop in the browser: submit (after a wrong phone number), answer the
office's correction notice online with a PDF, and download the released document."""

import io
import re

import pytest

from .test_requests_browser import sign_in

pytestmark = pytest.mark.browser


def _pdf(path, *lines):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.setFont("STSong-Light", 14)
    for n, line in enumerate(lines):
        c.drawString(72, 760 - 40 * n, line)
    c.save()
    path.write_bytes(out.getvalue())
    return path


def _step(page, label, **fields):
    """Open the step's panel on the request page, fill it and take it."""
    page.locator("summary", has_text=label).click()
    form = page.locator("details[open] form")
    for name, value in fields.items():
        form.get_by_label(name, exact=True).fill(value)
    form.get_by_role("button", name=label).click()


def test_applicant_answers_a_correction_and_downloads_the_released_file(
    browser, page, live_server, demo_data, screenshot, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    applicant = page

    # 1. The request: a phone number that is none is sent back with a message.
    applicant.goto(f"{base}/agencies/demo-county/apply/")
    applicant.get_by_label("自然人").check()
    assert not applicant.get_by_label("法人或其他组织名称").is_visible()
    applicant.get_by_label("商业企业").check()
    assert applicant.get_by_label("联系人姓名").is_visible()  # labels for an organisation
    assert applicant.get_by_label("法人或其他组织名称").is_visible()
    applicant.get_by_label("法人或其他组织名称").fill("示范县明远建材有限公司")
    applicant.get_by_label("联系人姓名").fill("孙八")
    applicant.get_by_label("证件类型").select_option("org_code")
    applicant.get_by_label("统一社会信用代码或证件号码").fill("91330100MA2XXXXX0X")
    applicant.get_by_label("联系电话").fill("abc")
    description = "示范县 2026 年城区道路改造工程的招标文件和中标结果"
    applicant.get_by_label("所需信息的内容描述").fill(description)
    assert applicant.locator(".counter").inner_text() == f"已输入 {len(description)} / 5000 字"
    applicant.get_by_label("网上获取").check()
    applicant.get_by_role("button", name="提交申请").click()
    error = applicant.locator("#id_phone_error")
    assert "请填写有效的联系电话" in error.inner_text()
    assert "id_phone_error" in applicant.get_by_label("联系电话").get_attribute("aria-describedby")
    assert applicant.get_by_label("所需信息的内容描述").input_value() == description
    screenshot(applicant, "applicant-phone-error")
    applicant.get_by_label("联系电话").fill("0571-87654321-123")
    applicant.get_by_role("button", name="提交申请").click()
    applicant.wait_for_url(re.compile(r".*/track/.*/receipt/$"))
    number, code = applicant.locator("dd.code").all_inner_texts()
    screenshot(applicant, "applicant-receipt")
    applicant.reload()  # a reload shows the receipt again and files nothing
    assert applicant.locator("dd.code").all_inner_texts() == [number, code]

    # 2. The clerk confirms it and asks for a correction.
    clerk = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    office = clerk.new_page()
    office.set_default_timeout(15000)
    sign_in(office, base, "clerk")
    office.goto(f"{base}/office/requests/")
    office.get_by_role("link", name=number).click()
    _step(office, "确认收到申请")
    what = "请写明所需招标文件的项目名称或招标编号，以及中标结果公示的大致日期。"
    _step(office, "发出补正通知", 说明=what)
    assert "待补正" in office.locator(".status-line").inner_text()

    # 3. The applicant sees the notice on the tracking page and answers it with a PDF.
    applicant.goto(f"{base}/track/")
    applicant.get_by_label("登记编号").fill(number)
    applicant.get_by_label("查询码").fill(code.lower())
    applicant.get_by_role("button", name="查询").click()
    notice = applicant.locator("section.notice")
    assert what in notice.inner_text() and "第三十条" in notice.inner_text()
    assert "补正期限" in notice.inner_text()
    screenshot(applicant, "applicant-correction-notice")
    scan = _pdf(tmp_path / "招标编号说明.pdf", "招标编号：SFX-2026-017", "公示日期：2026年3月")
    applicant.get_by_label("补正内容").fill("招标编号 SFX-2026-017，中标结果于 2026 年 3 月公示。")
    applicant.get_by_label("补正材料（可选）").set_input_files(str(scan))
    applicant.get_by_role("button", name="提交补正").click()
    assert "补正已提交" in applicant.get_by_role("status").first.inner_text()
    assert "办理中" in applicant.locator("dl.facts").first.inner_text()
    assert "招标编号说明.pdf" in applicant.content()
    screenshot(applicant, "applicant-correction-sent")

    # 4. The clerk's page shows it arrived and the clock restarted from it.
    office.reload()
    arrived = office.locator("section", has=office.locator("#corr-h"))
    assert "招标编号说明.pdf" in arrived.inner_text()
    assert "收到补正后的申请" in office.locator("ol.derivation").inner_text()
    screenshot(office, "clerk-correction-arrived")

    # 5. A disclosing reply without the released file is refused; with it, it goes out.
    office.locator("summary", has_text="作出答复").click()
    form = office.locator("details[open] form")
    form.get_by_label("办理结果", exact=True).select_option("disclosed")
    form.get_by_role("button", name="作出答复").click()
    assert "还没有可提供的公开文件" in office.locator(".messages").inner_text()
    screenshot(office, "clerk-reply-refused-without-file")
    released = _pdf(
        tmp_path / "中标结果公示.pdf", "城区道路改造工程中标结果公示", "中标单位：示范建设集团"
    )
    office.get_by_label("上传拟公开的文件（PDF、PNG、JPEG）").set_input_files(str(released))
    office.get_by_role("button", name="上传并标注").click()
    office.wait_for_selector("figure.page img")
    office.get_by_role("button", name="生成公开版本").click()
    assert "已生成公开版本" in office.get_by_role("status").first.inner_text()
    office.get_by_role("link", name=number).first.click()
    office.locator("summary", has_text="作出答复").click()
    form = office.locator("details[open] form")
    form.get_by_label("办理结果", exact=True).select_option("disclosed")
    form.get_by_role("button", name="作出答复").click()
    assert "已办结" in office.locator(".status-line").inner_text()
    clerk.close()

    # 6. The applicant downloads the released copy from the tracking page.
    applicant.reload()
    files = applicant.locator("ul.files a")
    assert files.all_inner_texts() == ["中标结果公示.pdf"]
    assert "可下载至" in applicant.content()
    screenshot(applicant, "applicant-released-files")
    applicant.set_viewport_size({"width": 390, "height": 844})  # most applicants use a phone
    assert applicant.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(applicant, "applicant-released-files-phone")
    applicant.set_viewport_size({"width": 1280, "height": 860})
    with applicant.expect_download() as download:
        files.first.click()
    assert download.value.suggested_filename == "公开版-中标结果公示.pdf"
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
