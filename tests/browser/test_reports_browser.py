import pytest

from gongkai.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
