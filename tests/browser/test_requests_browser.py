import re

import pytest

from gongkai.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/office/")


def test_clerk_takes_a_request_from_intake_to_reply_letter(
    page, live_server, demo_data, screenshot
):
    base = live_server.url
    sign_in(page, base, "clerk")
    page.get_by_role("navigation", name="功能模块").get_by_role("link", name="依申请公开").click()
    assert page.locator("tr.overdue, tr.due-soon").count() >= 1
    screenshot(page, "requests-queue")

    page.get_by_role("link", name="登记新申请").click()
    page.get_by_label("申请方式").select_option("in_person")
    page.get_by_label("收到申请日期").fill(page.evaluate("new Date().toISOString().slice(0,10)"))
    page.get_by_label("自然人").check()
    page.get_by_label("申请人姓名").fill("赵六")
    page.get_by_label("所需信息的内容描述").fill("示范县 2026 年城区停车场规划图")
    page.get_by_label("当面领取").check()
    page.get_by_role("button", name="登记").click()
    assert "已登记申请" in page.get_by_role("status").first.inner_text()
    number = re.search(
        r"demo-county-\d{4}-\d{4}", page.get_by_role("heading", level=1).inner_text()
    )
    assert number
    derivation = page.locator("ol.derivation").inner_text()
    assert "收到申请" in derivation and "第三十三条" in derivation
    screenshot(page, "request-detail")

    page.locator("summary", has_text="书面征求意见").click()
    form = page.locator("details[open] form")
    form.get_by_label("说明").fill("书面征求第三方意见")
    form.get_by_role("button").click()
    assert "征求" in page.locator(".status-line").inner_text()
    assert "不计入" in page.locator("ol.derivation").inner_text()

    page.locator("summary", has_text="结束征求意见").click()
    page.locator("details[open] form").get_by_role("button").click()
    page.locator("summary", has_text="作出答复").click()
    form = page.locator("details[open] form")
    form.get_by_label("办理结果", exact=True).select_option("partially_disclosed")
    letter = form.locator("textarea[name=reply_body]").input_value()
    assert "第三十七条" in letter  # the template for the outcome was filled in
    form.get_by_role("button").click()
    assert "已办结" in page.locator(".status-line").inner_text()
    screenshot(page, "request-replied")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_citizen_applies_on_a_phone_and_tracks_it(phone, live_server, demo_data, screenshot):
    base = live_server.url
    phone.goto(f"{base}/agencies/demo-county/apply/")
    phone.get_by_label("自然人").check()
    phone.get_by_label("申请人姓名").fill("钱七")
    phone.get_by_label("证件类型").select_option("resident_id")
    phone.get_by_label("证件号码").fill("110105194912310021")  # wrong check digit
    phone.get_by_label("联系电话").fill("13900001111")
    phone.get_by_label("电子邮箱").fill("qianqi@example.com")
    phone.get_by_label("所需信息的内容描述").fill("城关镇 2025 年低保名单")
    phone.get_by_role("button", name="提交申请").click()
    assert "身份证号码不正确" in phone.content()
    assert phone.get_by_label("所需信息的内容描述").input_value() == "城关镇 2025 年低保名单"
    screenshot(phone, "apply-phone-error")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_label("证件号码").fill("11010519491231002X")
    phone.get_by_role("button", name="提交申请").click()
    codes = phone.locator("dd.code").all_inner_texts()
    assert len(codes) == 2
    screenshot(phone, "apply-phone-submitted")
    phone.goto(f"{base}/track/")
    phone.get_by_label("登记编号").fill(codes[0])
    phone.get_by_label("查询码").fill(codes[1].lower())
    phone.get_by_role("button", name="查询").click()
    assert "待确认" in phone.content()
    assert "11010519491231002X" not in phone.content()
    screenshot(phone, "track-phone")


def test_clerk_marks_an_area_to_withhold_by_dragging(
    page, live_server, demo_data, screenshot, tmp_path, settings
):
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    settings.MEDIA_ROOT = tmp_path / "media"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.setFont("STSong-Light", 14)
    c.drawString(72, 760, "城区道路改造工程中标结果公示")
    c.drawString(72, 720, "项目负责人身份证号：11010519491231002X")
    c.drawString(72, 680, "评标委员会讨论记录：（内部讨论，不予公开）")
    c.save()
    pdf = tmp_path / "公示.pdf"
    pdf.write_bytes(out.getvalue())

    base = live_server.url
    sign_in(page, base, "clerk")
    page.goto(f"{base}/office/requests/")
    page.locator("table.queue a").first.click()
    page.get_by_label("上传拟公开的文件（PDF、PNG、JPEG）").set_input_files(str(pdf))
    page.get_by_role("button", name="上传并标注").click()
    page.wait_for_selector("figure.page img")
    page.wait_for_function("document.querySelector('figure.page img').complete")
    assert page.locator("#areas-list li").count() == 1  # the identity number, found for us
    box = page.locator("figure.page img").bounding_box()
    scale = box["width"] / 595.0  # A4 width in points
    # Drag over the third line (y = 842 - 680 = 162 pt from the top).
    page.mouse.move(box["x"] + 70 * scale, box["y"] + 145 * scale)
    page.mouse.down()
    page.mouse.move(box["x"] + 420 * scale, box["y"] + 170 * scale, steps=5)
    page.mouse.up()
    assert page.locator("#areas-list li").count() == 2
    page.locator("#areas-list li").nth(1).locator("select").select_option("process_info")
    screenshot(page, "release-marking")
    page.get_by_role("button", name="生成公开版本").click()
    assert "已生成公开版本，遮盖 2 处" in page.get_by_role("status").first.inner_text()


def test_clerk_transfers_a_request_and_the_supervisor_sees_where_it_went(
    page, live_server, demo_data, screenshot
):
    base = live_server.url
    sign_in(page, base, "clerk")
    page.goto(f"{base}/office/requests/new/")
    page.get_by_label("申请方式").select_option("in_person")
    page.get_by_label("收到申请日期").fill(page.evaluate("new Date().toISOString().slice(0,10)"))
    page.get_by_label("自然人").check()
    page.get_by_label("申请人姓名").fill("孙八")
    page.get_by_label("所需信息的内容描述").fill("清河县 2026 年河道整治工程的验收报告")
    page.get_by_label("当面领取").check()
    page.get_by_role("button", name="登记").click()
    detail = page.url
    number = re.search(
        r"demo-county-\d{4}-\d{4}", page.get_by_role("heading", level=1).inner_text()
    )
    page.locator("summary", has_text="转送其他机关办理").click()
    form = page.locator("details[open] form")
    form.get_by_role("button").click()  # no agency, no reason: said, nothing moves
    assert "请写明转送原因" in page.get_by_role("status").first.inner_text()
    assert page.locator("details#step-transfer").get_attribute("open") is not None
    form = page.locator("details[open] form")
    form.locator("select[name=to_agency]").select_option(label="清河县人民政府")
    form.locator("textarea[name=reason]").fill(
        "河道整治工程由清河县人民政府组织实施，验收报告由其保存"
    )
    screenshot(page, "request-transfer-form")
    form.get_by_role("button").click()
    assert (
        f"申请 {number.group()} 已转送清河县人民政府办理"
        in page.get_by_role("status").first.inner_text()
    )
    assert page.url.rstrip("/").endswith("/office/requests")
    screenshot(page, "request-transferred-queue")

    page.get_by_role("button", name="退出").click()
    sign_in(page, base, "supervisor")
    page.goto(detail)
    note = page.locator(".alert.info").inner_text()
    assert "由示范县人民政府转送清河县人民政府办理" in note
    assert "待确认" in page.locator(".status-line").inner_text()
    screenshot(page, "request-transferred-detail")
