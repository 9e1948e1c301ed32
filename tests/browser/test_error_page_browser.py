"""A refusal no view caught reaches the browser as a Chinese page with its status and code
(gongkai.web.errors), laid out like the site's other error pages."""

import pytest
from django.urls import path

from gongkai.config.urls import urlpatterns as site
from gongkai.errors import InvalidStep

pytestmark = pytest.mark.browser


def _refused(request):
    raise InvalidStep("此信息已提交保密审查，不能再修改；如需修改，请先退回。")


urlpatterns = [path("refused/", _refused), *site]


def test_an_uncaught_refusal_is_a_chinese_page_with_its_status(
    page, live_server, demo_data, settings, shot
):
    settings.ROOT_URLCONF = __name__
    response = page.goto(f"{live_server.url}/refused/")
    assert response.status == 409
    assert page.locator("h1").inner_text() == "操作未执行"
    assert "不能再修改" in page.locator(".login-box").inner_text()
    assert page.locator("code").inner_text() == "invalid_step"
    shot(page, "error-page-409")
