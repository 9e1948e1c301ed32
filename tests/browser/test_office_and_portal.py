import pytest

from gongkai.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

NAV = {
    "clerk": ["工作台", "依申请公开", "复议诉讼", "年度报告", "下级单位"],
    "publisher": ["工作台", "主动公开", "年度报告"],
    "reviewer": ["工作台", "主动公开", "年度报告"],
    # The head closes appeal cases that order a new reply (reopening is the head's).
    "head": ["工作台", "主动公开", "依申请公开", "复议诉讼", "年度报告", "下级单位", "审计日志"],
    "admin": ["工作台", "年度报告", "下级单位", "机构与人员", "审计日志"],
    "supervisor": ["工作台", "依申请公开", "年度报告", "下级单位"],
    # The operator runs the installation and does no casework (issue 12).
    "operator": [
        "工作台",
        "机构与人员",
        "工作日历",
        "后台任务",
        "接口令牌",
        "事件推送",
        "审计日志",
    ],
}


def sign_in(page, base, username):
    page.goto(f"{base}/office/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/office/")


@pytest.mark.parametrize("username", list(NAV))
def test_each_role_logs_in_and_sees_its_navigation(
    page, live_server, demo_data, screenshot, username
):
    sign_in(page, live_server.url, username)
    nav = page.get_by_role("navigation", name="功能模块")
    assert nav.get_by_role("link").all_inner_texts() == NAV[username]
    assert page.get_by_role("heading", name="工作台").is_visible()
    screenshot(page, f"office-dashboard-{username}")


def test_wrong_password_shows_a_chinese_message(page, live_server, demo_data, screenshot):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("登录名").fill("clerk")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    assert page.get_by_role("alert").inner_text().startswith("登录名或密码不正确")
    screenshot(page, "login-error")


def test_admin_edits_contact_and_the_public_guide_follows(page, live_server, demo_data, screenshot):
    sign_in(page, live_server.url, "admin")
    page.get_by_role("navigation", name="功能模块").get_by_role("link", name="机构与人员").click()
    # The page also has the new-colleague form, with its own 联系电话 and 电子邮箱.
    details = page.locator("form", has=page.locator("input[name=form][value=agency]"))
    details.get_by_label("联系电话").fill("0750-8123456")
    details.get_by_label("电子邮箱").fill("not an email")
    page.get_by_role("button", name="保存").click()
    assert page.locator(".field-error").first.is_visible()
    # What the person typed is kept so they only fix the one field.
    assert details.get_by_label("联系电话").input_value() == "0750-8123456"
    screenshot(page, "office-agency-error")
    details.get_by_label("电子邮箱").fill("gongkai@county.example.gov.cn")
    page.get_by_role("button", name="保存").click()
    assert "已保存" in page.get_by_role("status").first.inner_text()
    screenshot(page, "office-agency")
    page.goto(f"{live_server.url}/agencies/demo-county/guide/")
    assert "0750-8123456" in page.content()
    page.goto(f"{live_server.url}/office/audit/")
    assert page.get_by_role("cell", name="修改机关信息").first.is_visible()
    screenshot(page, "office-audit")


def test_operator_switches_agency(page, live_server, demo_data):
    sign_in(page, live_server.url, "clerk")
    page.get_by_label("当前机关").select_option("demo-county-office")
    page.get_by_role("button", name="切换").click()
    assert "示范县人民政府办公室" in page.locator(".lead").inner_text()


def test_supervisor_sees_the_units_of_the_city(page, live_server, demo_data, screenshot):
    sign_in(page, live_server.url, "supervisor")
    page.get_by_role("navigation", name="功能模块").get_by_role("link", name="下级单位").click()
    rows = page.locator("tbody tr")
    assert rows.count() >= 30
    screenshot(page, "office-units")


def test_portal_on_a_phone(phone, live_server, demo_data, screenshot):
    phone.goto(f"{live_server.url}/")
    header_colour = phone.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert header_colour == "rgb(166, 27, 27)", "the self-hosted stylesheet must load"
    screenshot(phone, "portal-home-phone")
    phone.get_by_role("link", name="示范县人民政府", exact=True).click()
    phone.get_by_role("link", name="政府信息公开指南").click()
    assert phone.get_by_role("heading", level=1).inner_text() == "示范县人民政府政府信息公开指南"
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the guide must not scroll sideways on a phone"
    screenshot(phone, "portal-guide-phone")


def test_keyboard_users_can_skip_to_the_content(page, live_server, demo_data):
    page.goto(f"{live_server.url}/agencies/demo-county/guide/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "跳到正文"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
