"""The agency's administrator helps a colleague who locked themselves out: the lockout page
says whom to ask, the administrator lifts the lock and issues a temporary password, and the
colleague signs in with it. A colleague of its own on the shared demo (tests/browser/conftest.py)."""

import pytest

from gongkai.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser
OWN_PASSWORD = "Liu-Chuang-2026-own"


def _colleague():
    from gongkai.accounts.system import SYSTEM
    from gongkai.organisations.actions import assign_role
    from gongkai.organisations.actions.accounts import create_user
    from gongkai.organisations.models import Agency

    user = create_user(actor=SYSTEM, username="liuchuang", password=OWN_PASSWORD, full_name="刘闯")
    assign_role(
        actor=SYSTEM, user=user, agency=Agency.objects.get(code="demo-county"), role="publisher"
    )
    return user


def _sign_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_the_administrator_unlocks_a_colleague_and_issues_a_password(
    demo_data, live_server, browser, page, shot
):
    from django.conf import settings

    user = _colleague()
    base = live_server.url
    colleague = browser.new_context(locale="zh-CN").new_page()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(colleague, base, user.username, "wrong-password")
    colleague.wait_for_selector("text=账号已暂时锁定")
    assert "本机关的管理员" in colleague.content()
    shot(colleague, "people-locked-out")

    _sign_in(page, base, "admin", DEMO_PASSWORD)
    page.wait_for_url(f"{base}/office/")
    page.goto(f"{base}/office/agency/")
    row = page.locator("tr", has_text="liuchuang")
    assert "已锁定" in row.inner_text()
    shot(page, "people-agency")
    row.get_by_role("link", name="管理账号").click()
    page.get_by_role("button", name="解除锁定").click()
    page.wait_for_selector("text=已解除")
    page.get_by_role("button", name="重置密码").click()
    page.get_by_role("button", name="确认重置密码").click()
    page.wait_for_selector("text=只显示这一次")
    shot(page, "people-password-issued")
    temporary = page.locator(".code-display strong").inner_text().strip()
    assert len(temporary) == 12

    _sign_in(colleague, base, user.username, temporary)
    colleague.wait_for_url(f"{base}/office/")
    # …and makes it their own at once.
    colleague.get_by_role("link", name="修改密码").click()
    colleague.get_by_label("旧密码").fill(temporary)
    colleague.get_by_label("新密码", exact=True).fill("Liu-Chuang-2026-new")
    colleague.get_by_label("新密码确认").fill("Liu-Chuang-2026-new")
    colleague.get_by_role("button", name="修改密码").click()
    colleague.wait_for_selector("text=密码已修改")
    shot(colleague, "people-own-password")
    user.refresh_from_db()
    assert user.check_password("Liu-Chuang-2026-new")
    colleague.context.close()
