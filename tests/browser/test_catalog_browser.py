import re

import pytest

from gongkai.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser
TITLE = "示范县2026年城区公共停车场建设规划公示"


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/office/")


def write_body_in_the_editor(page):
    """Typed, not filled: a paragraph with a bold phrase, and a table of two rows."""
    editor = page.locator(".prose-editor [contenteditable=true]")
    editor.click()
    page.keyboard.type("为缓解城区停车难，县人民政府拟在城关镇新建公共停车场")
    page.get_by_role("button", name="加粗").click()
    page.keyboard.type("三处")
    page.get_by_role("button", name="加粗").click()
    page.keyboard.type("。")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="插入表格").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("行数").fill("2")
    dialog.get_by_label("列数").fill("2")
    dialog.get_by_role("button", name="插入").click()
    for text in ("位置", "车位", "城关镇", "300"):
        page.keyboard.type(text)
        page.keyboard.press("Tab")


def sign_out(page):
    page.get_by_role("button", name="退出").click()


def test_publisher_drafts_reviewer_approves_and_it_is_public_and_searchable(
    page, phone, live_server, demo_data, screenshot
):
    base = live_server.url
    sign_in(page, base, "publisher")
    page.get_by_role("navigation", name="功能模块").get_by_role("link", name="主动公开").click()
    page.wait_for_url(f"{base}/office/catalog/")
    assert "超过 20 个工作日" in page.locator(".stat-row").inner_text()
    screenshot(page, "catalog-queue")
    page.get_by_role("link", name="起草新信息").click()
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("公开目录").select_option(label="8 重大建设项目")
    page.get_by_label("文件类型").select_option("notice")
    page.get_by_label("文号").fill("示府办〔2026〕30号")
    page.get_by_label("成文日期").fill(page.evaluate("new Date().toISOString().slice(0,10)"))
    page.get_by_label("主题词").fill("停车场 规划")
    write_body_in_the_editor(page)
    screenshot(page, "catalog-editor")
    page.get_by_role("button", name="保存草稿").click()
    assert "草稿已保存" in page.get_by_role("status").first.inner_text()
    page.locator("details", has_text="提交保密审查").get_by_role("button").click()
    assert "待保密审查" in page.locator(".status-line").inner_text()
    record_url = page.url
    sign_out(page)

    sign_in(page, base, "reviewer")
    page.goto(record_url)
    form = page.locator("details", has_text="审查通过")
    form.get_by_label("意见或理由").fill("经审查，不涉及国家秘密和个人隐私，同意公开。")
    form.get_by_role("button").click()
    assert "审查通过" in page.locator(".status-line").inner_text()
    page.get_by_role("link", name="审查单").click()
    assert "保密审查单" in page.get_by_role("heading", level=1).inner_text()
    screenshot(page, "catalog-review-sheet")
    page.go_back()
    sign_out(page)

    sign_in(page, base, "publisher")
    page.goto(record_url)
    page.locator("details", has_text="发布").get_by_role("button", name="发布").click()
    assert "已发布" in page.locator(".status-line").inner_text()
    screenshot(page, "catalog-office-detail")
    page.get_by_role("link", name="在门户上查看").click()
    meta = page.locator("table.record-meta").inner_text()
    for label in ("索引号", "发布机构", "公开目录", "发布日期", "文号", "主题词"):
        assert label in meta
    assert re.search(r"01525502-8/\d{4}-\d{5}", meta)
    body = page.locator(".record-body")
    assert body.locator("strong", has_text="三处").count() == 1
    assert body.locator("table td", has_text="城关镇").count() == 1
    screenshot(page, "catalog-record")

    page.goto(f"{base}/search/?q=停车场 规划")
    first = page.locator("ol.results > li").first
    assert TITLE[:6] in first.inner_text()
    assert first.locator("mark").count() >= 1
    screenshot(page, "catalog-search")

    phone.goto(f"{base}/agencies/demo-county/catalog/")
    assert TITLE in phone.locator(".record-list").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "catalog-browse-phone")
    phone.get_by_role("link", name="大字版").click()
    assert "large-text" in (phone.locator("body").get_attribute("class") or "")
    phone.locator(".record-list a").first.click()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "catalog-record-phone-large")


def test_keyboard_reaches_search_and_odd_queries_are_calm(page, live_server, demo_data):
    base = live_server.url
    page.goto(f"{base}/agencies/demo-county/catalog/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    page.get_by_label("搜索政府信息").fill('预算 AND "决算" OR (*)')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/search/.*"))
    assert "找到" in page.get_by_role("status").inner_text()
