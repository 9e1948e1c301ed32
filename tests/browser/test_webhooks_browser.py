"""The operator's 事件推送 page in a browser: a subscription made through the form, its secret
shown once, a test delivery sent to a real receiver and read in the delivery log."""

import pytest

from gongkai.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_the_operator_subscribes_and_reads_the_delivery_log(
    demo_data, live_server, page, shot, settings
):
    from webhooks.receiver import Receiver

    from gongkai.webhooks.models import Delivery, Subscription

    settings.GONGKAI_WEBHOOK_HOSTS = ["127.0.0.1"]
    receiver = Receiver()
    base = live_server.url
    try:
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("登录名").fill("operator")
        page.get_by_label("密码").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.goto(f"{base}/office/")
        page.get_by_role("link", name="事件推送").first.click()
        page.wait_for_selector("h1:has-text('事件推送')")
        page.get_by_role("link", name="新建订阅").click()
        page.get_by_label("名称").fill("12345 热线工单系统")
        page.get_by_label("推送地址").fill(receiver.url)
        page.get_by_label("收到申请", exact=True).check()
        page.get_by_label("作出答复（含处理结果和告知书）").check()
        page.get_by_label("申请办结").check()
        page.locator("#id_agency").select_option(label="示范市人民政府（demo-city）")
        shot(page, "webhooks-new-subscription")
        page.get_by_role("button", name="新建订阅").click()
        page.wait_for_selector("text=只显示这一次")
        sub = Subscription.objects.get(name="12345 热线工单系统")
        assert sub.secret in page.content()
        assert sub.events == ["request.received", "request.replied", "request.closed"]
        shot(page, "webhooks-secret-once")
        page.get_by_role("link", name="查看订阅").click()
        page.get_by_role("button", name="发送测试推送").click()
        page.wait_for_selector("text=已发送测试推送")
        assert len(receiver.got) == 1 and sub.secret not in page.content()
        page.goto(f"{base}/office/webhooks/")
        row = page.locator("tbody tr", has_text="测试推送")
        assert "已送达" in row.inner_text() and "200" in row.inner_text()
        shot(page, "webhooks-log")
    finally:
        receiver.close()
        # The demo is shared by the browser tests: leave it as it was (audit rows stay).
        Delivery.objects.filter(subscription__name="12345 热线工单系统").delete()
        Subscription.objects.filter(name="12345 热线工单系统").delete()
