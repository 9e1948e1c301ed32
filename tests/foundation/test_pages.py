import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.office.navigation import MODULES_BY_KEY, module_url
from gongkai.organisations.roles import Role

MINUTE = dt.timedelta(minutes=1)


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2_by_default(settings, password):
    from django.contrib.auth.hashers import check_password

    from gongkai.accounts.system import SYSTEM
    from gongkai.config import settings as project_settings
    from gongkai.organisations.actions.accounts import create_user

    # Undo the suite's fast hasher: the project's own setting decides.
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = create_user(actor=SYSTEM, username="hashed", password=password, full_name="测试")
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert password not in user.password
    assert check_password(password, user.password)


@pytest.mark.django_db
def test_login_then_the_office_shows_the_agency_and_role(role_users, tree, login):
    client = login(Client(), role_users[Role.HANDLER])
    page = client.get(reverse("office:dashboard")).content.decode()
    assert tree["county"].name in page
    assert "申请办理人" in page


@pytest.mark.django_db
def test_the_office_requires_login():
    response = Client().get(reverse("office:dashboard"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
def test_repeated_failures_lock_the_account(role_users, settings, password):
    client = Client()
    user = role_users[Role.HANDLER]
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(
            reverse("accounts:login"), {"username": user.username, "password": "wrong"}
        )
        assert "登录名或密码不正确" in response.content.decode()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": "wrong"}
    )
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    # Even the right password is refused while locked.
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": password}
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_csrf_is_enforced_on_forms(role_users):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_sessions_expire(settings, role_users, login):
    from unittest import mock

    from django.utils import timezone

    client = login(Client(), role_users[Role.HANDLER])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    # No expiry on the cookie: the browser forgets it when it closes.
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    age = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert age <= dt.timedelta(hours=12)
    signed_in = timezone.now()
    dashboard = reverse("office:dashboard")
    with mock.patch("django.utils.timezone.now", return_value=signed_in + age - MINUTE):
        assert client.get(dashboard).status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=signed_in + age + MINUTE):
        response = client.get(dashboard)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


EXPECTED_NAV = {
    Role.PUBLISHER: {"工作台", "主动公开", "年度报告"},
    Role.REVIEWER: {"工作台", "主动公开", "年度报告"},
    Role.HANDLER: {"工作台", "依申请公开", "复议诉讼", "年度报告", "下级单位"},
    Role.HEAD: {"工作台", "主动公开", "依申请公开", "复议诉讼", "年度报告", "下级单位", "审计日志"},
    Role.ADMIN: {"工作台", "年度报告", "下级单位", "机构与人员", "审计日志"},
    Role.SUPERVISOR: {"工作台", "依申请公开", "年度报告", "下级单位"},
}
ALL_MODULES = {
    "工作台",
    "主动公开",
    "依申请公开",
    "复议诉讼",
    "年度报告",
    "下级单位",
    "机构与人员",
    "审计日志",
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_its_navigation(role_users, role, login):
    import re

    client = Client()
    login(client, role_users[role])
    page = client.get(reverse("office:dashboard")).content.decode()
    nav = page[
        page.index('aria-label="功能模块"') : page.index(
            "</nav>", page.index('aria-label="功能模块"')
        )
    ]
    shown = set(re.findall(r">([^<>]+)</a>", nav)) & ALL_MODULES
    assert shown == EXPECTED_NAV[role]


@pytest.mark.django_db
def test_hidden_modules_are_also_refused_on_the_server(role_users, login):
    client = Client()
    login(client, role_users[Role.PUBLISHER])
    assert client.get(reverse("office:audit")).status_code == 403
    assert client.get(reverse("office:agency")).status_code == 403
    assert client.get(reverse("requests_office:queue")).status_code == 403
    assert client.get(module_url(MODULES_BY_KEY["catalog"])).status_code == 200


@pytest.mark.django_db
def test_admin_edits_the_contact_block_and_the_guide_shows_it(role_users, tree, login):
    client = Client()
    login(client, role_users[Role.ADMIN])
    data = {
        "form": "agency",
        "name": tree["county"].name,
        "phone": "0750-7654321",
        "address": "府前路 8 号",
        "email": "not-an-email",
    }
    response = client.post(reverse("office:agency"), data)
    assert response.status_code == 200
    assert "输入一个有效的 Email 地址。" in response.content.decode()
    tree["county"].refresh_from_db()
    assert tree["county"].phone != "0750-7654321"  # nothing is saved until every field is right
    data["email"] = "gk@county.gov.cn"
    response = client.post(reverse("office:agency"), data)
    assert response.status_code == 302
    guide = Client().get(reverse("portal:guide", args=[tree["county"].code])).content.decode()
    assert "0750-7654321" in guide and "府前路 8 号" in guide


@pytest.mark.django_db
def test_a_supervisor_cannot_post_changes_to_an_agency(role_users, tree, login):
    client = Client()
    login(client, role_users[Role.SUPERVISOR])
    response = client.post(reverse("office:agency"), {"form": "agency", "name": "x"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_switching_to_an_agency_without_a_role_is_refused(role_users, tree, login):
    client = Client()
    login(client, role_users[Role.HANDLER])
    response = client.post(reverse("office:switch"), {"agency": tree["other_county"].code})
    assert response.status_code == 403


@pytest.mark.django_db
def test_public_pages_render_without_login(tree):
    client = Client()
    assert tree["city"].name in client.get("/").content.decode()
    page = client.get(reverse("portal:agency", args=["county"])).content.decode()
    assert "政府信息公开指南" in page
    guide = client.get(reverse("portal:guide", args=["county"])).content.decode()
    for heading in ("一、主动公开", "二、依申请公开", "三、政府信息公开工作机构", "四、监督和救济"):
        assert heading in guide
    assert client.get("/agencies/no-such/").status_code == 404
