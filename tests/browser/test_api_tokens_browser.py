"""The operator's 接口令牌 page in a browser: a token is created for a county with two scopes,
shown once, works against the API, and after 吊销 is refused."""

import re

import pytest
from django.test import Client

from gongkai.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_the_operator_creates_a_token_sees_it_once_and_revokes_it(
    demo_data, live_server, page, shot
):
    from gongkai.api.models import ApiToken

    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("登录名").fill("operator")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{base}/office/")
    page.get_by_role("link", name="接口令牌").first.click()
    page.wait_for_selector("text=新建令牌")
    page.get_by_label("名称（使用令牌的系统）").fill("市 12345 热线")
    page.get_by_label("机关（含下级机关）").select_option(label="示范县人民政府（demo-county）")
    page.get_by_label(re.compile("转入依申请公开申请")).check()
    page.get_by_label(re.compile("按外部工单号查询")).check()
    page.get_by_label("有效天数").fill("90")
    page.get_by_role("button", name="创建令牌").click()
    page.wait_for_selector("text=令牌只显示这一次")
    text = page.locator("#token-text").input_value()
    assert re.fullmatch(r"gk_[0-9a-f]{8}_\S{40,}", text)
    shot(page, "api-token-created")
    token = ApiToken.objects.get(prefix=text[3:11])
    assert (
        token.scopes == ["request.intake", "request.status"] and token.agency.code == "demo-county"
    )
    probe = Client().get("/api/v1/requests/NONE-1?agency=demo-county",
                         headers={"Authorization": f"Bearer {text}"})  # fmt: skip
    assert probe.status_code == 404  # let in: there is just no such reference
    # Shown once: the list afterwards has its prefix only.
    page.goto(f"{base}/office/api-tokens/")
    assert text not in page.content() and f"gk_{token.prefix}_…" in page.content()
    page.get_by_role("row", name=re.compile("市 12345 热线")).get_by_role(
        "button", name="吊销"
    ).click()
    page.wait_for_selector("text=已吊销令牌")
    shot(page, "api-token-revoked")
    probe = Client().get("/api/v1/requests/NONE-1?agency=demo-county",
                         headers={"Authorization": f"Bearer {text}"})  # fmt: skip
    assert probe.status_code == 401
    ApiToken.objects.filter(pk=token.pk).delete()  # the demo is shared by the browser tests
