import pytest

from gongkai.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/office/")


def test_supervisor_sees_every_unit_and_compares_two_years(
    page, live_server, demo_data, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    sign_in(page, base, "supervisor")
    page.get_by_role("navigation", name="功能模块").get_by_role("link", name="年度报告").click()
    table = page.locator("table.units")
    assert table.get_by_role("link", name="清河县人民政府").is_visible()  # uploaded as a PDF
    assert table.get_by_role("link", name="示范县人民政府", exact=True).is_visible()  # submitted
    assert table.locator("text=未报送").count() >= 10
    assert page.locator(".chart-row").count() == 3
    screenshot(page, "reports-overview")
    table.get_by_role("link", name="清河县人民政府").click()
    assert "校验结果" in page.content()
    page.get_by_role("link", name="2024 年度").click()
    assert "项不同" in page.locator("#cells-h").inner_text()
    screenshot(page, "reports-compare")


def test_the_head_checks_drafts_downloads_and_submits_the_report(
    page, live_server, demo_data, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    sign_in(page, base, "head")
    page.get_by_role("navigation", name="功能模块").get_by_role("link", name="年度报告").click()
    page.get_by_role("link", name="预览并核对").click()
    assert "点击任一数字" in page.content()
    screenshot(page, "report-preview")
    figure = page.locator("table.report-grid a").first
    count = int(figure.inner_text())
    figure.click()
    assert page.locator("tbody tr").count() == count  # the records behind the figure
    screenshot(page, "report-records")
    page.go_back()
    page.get_by_role("link", name="编写正文、填写其他数字").click()
    page.get_by_label("第二十条第（五）项 行政许可 · 本年处理决定数量", exact=True).fill("1300")
    page.get_by_label("一、总体情况", exact=True).fill(
        "全年新收申请{本年新收申请}件，公开率{公开率}。"
    )
    screenshot(page, "report-draft")
    page.get_by_role("button", name="保存并预览").click()
    assert "已保存" in page.get_by_role("status").first.inner_text()
    assert "全年新收申请" in page.content() and "{本年新收申请}" not in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.get_by_role("button", name="报送").click()
    assert "报送" in page.get_by_role("status").first.inner_text()
    screenshot(page, "report-submitted")
