"""The head reaches a pending extension from the dashboard and approves it; the clerk filters
the queue and confirms several online requests at once. Records of their own on the shared
demo (tests/browser/conftest.py), so no other test's data is touched."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("登录名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/office/")


def _own_requests():
    from gongkai.accounts.models import User
    from gongkai.organisations.models import Agency
    from gongkai.requests import actions
    from gongkai.requests.domain.workflow import Event

    county = Agency.objects.get(code="demo-county")
    clerk = User.objects.get(username="clerk")
    today = timezone.localdate()
    person = {
        "applicant_type": "natural_person",
        "applicant_name": "周浏览",
        "phone": "13900002222",
        "email": "zhou@example.com",
        "receive_method": "email",
    }
    req, _ = actions.register(
        actor=clerk,
        agency=county,
        received_on=today - dt.timedelta(days=10),
        data=person | {"description": "浏览器测试：2019 年征地补偿档案", "channel": "in_person"},
    )
    actions.transition(
        actor=clerk,
        info_request=req,
        event=Event.REQUEST_EXTENSION,
        on=today,
        note="需调取 2019 年归档的纸质档案",
    )
    online = [
        actions.submit_online(
            agency=county,
            data=person | {"description": f"浏览器批量确认 {n} 号", "channel": "online"},
        )[0]
        for n in (1, 2)
    ]
    return req, online


def test_head_approves_an_extension_from_the_dashboard_and_clerk_batch_confirms(
    page, live_server, demo_data, screenshot
):
    from gongkai.requests.models import InfoRequest

    base = live_server.url
    pending, online = _own_requests()

    sign_in(page, base, "head")
    extensions = page.get_by_role("table", name="待您审批的延期")
    row = extensions.get_by_role("row").filter(has_text=pending.number)
    assert "需调取 2019 年归档的纸质档案" in row.inner_text()
    screenshot(page, "dashboard-head-extensions")
    page.screenshot(path="/tmp/shots/clerk/dashboard-head.png", full_page=True)
    row.get_by_role("link", name="同意延期").click()
    step = page.locator("details#step-approve_extension")
    assert step.get_attribute("open") is not None  # the link opened the approval form
    page.screenshot(path="/tmp/shots/clerk/extension-approve-form.png", full_page=True)
    step.get_by_role("button", name="同意延长答复期限").click()
    assert "已同意延长答复期限" in page.get_by_role("status").first.inner_text()
    assert "办理中" in page.locator(".status-line").inner_text()
    pending.refresh_from_db()
    assert pending.extended and pending.state == "processing"

    # The report draft keeps what was typed when one figure is wrong (nothing is saved).
    page.goto(f"{base}/office/reports/draft/?year=2025")
    page.locator("#v0").fill("1,234")
    page.locator("#v1").fill("-5")
    page.locator("#overview").fill("浏览器测试的总体情况")
    page.get_by_role("button", name="保存并预览").click()
    assert "不能为负数" in page.locator("#e1").inner_text()
    assert page.locator("#v0").input_value() == "1,234"
    assert page.locator("#overview").input_value() == "浏览器测试的总体情况"
    page.screenshot(path="/tmp/shots/clerk/draft-kept-on-error.png", full_page=True)

    page.context.clear_cookies()
    sign_in(page, base, "clerk")
    page.goto(f"{base}/office/requests/")
    rows = page.locator("table.queue tbody tr")
    assert rows.first.get_attribute("class") == "overdue"  # the most overdue on top
    page.screenshot(path="/tmp/shots/clerk/queue-by-urgency.png", full_page=True)
    page.get_by_label("状态").select_option(label="待确认")
    page.get_by_label("查找", exact=True).fill("浏览器批量确认")
    page.get_by_role("button", name="筛选").click()
    assert "state=submitted" in page.url  # a GET form: the filtered queue can be bookmarked
    assert rows.count() == 2 and "已等待 0 个工作日" in rows.first.inner_text()
    page.screenshot(path="/tmp/shots/clerk/queue-filtered.png", full_page=True)
    for req in online:
        page.get_by_label(f"选择 {req.number}").check()
    page.get_by_role("button", name="确认收到所选申请").click()
    assert "已确认收到 2 件申请" in page.get_by_role("status").first.inner_text()
    assert "state=submitted" in page.url and rows.count() == 1  # the "none found" row
    screenshot(page, "queue-batch-confirmed")
    page.screenshot(path="/tmp/shots/clerk/queue-batch-confirmed.png", full_page=True)
    page.get_by_role("link", name="清除筛选").click()
    page.get_by_role("link", name="已办结").click()
    assert page.get_by_role("columnheader", name="办理结果").is_visible()
    assert "予以公开" in page.locator("table.queue tbody").inner_text()
    page.screenshot(path="/tmp/shots/clerk/queue-closed-outcomes.png", full_page=True)
    states = set(
        InfoRequest.objects.filter(pk__in=[r.pk for r in online]).values_list("state", flat=True)
    )
    assert states == {"processing"}
