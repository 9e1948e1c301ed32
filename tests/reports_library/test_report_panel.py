import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

D = dt.date


@pytest.fixture
def head(region, password):
    from gongkai.accounts.system import SYSTEM
    from gongkai.organisations.actions import assign_role
    from gongkai.organisations.actions.accounts import create_user

    user = create_user(actor=SYSTEM, username="head", password=password)
    assign_role(actor=SYSTEM, user=user, agency=region["office"], role="head")
    return user


def dashboard(client, monkeypatch, today):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: today)
    return client.get(reverse("office:dashboard")).content.decode()


@pytest.mark.django_db
def test_a_department_is_reminded_before_31_january_and_told_when_late(
    region, head, login, monkeypatch
):
    client = login(Client(), head)
    assert "2027年1月31日" in dashboard(client, monkeypatch, D(2027, 1, 10))
    assert "已逾期" in dashboard(client, monkeypatch, D(2027, 2, 3))
    assert "年度报告" not in dashboard(client, monkeypatch, D(2027, 6, 1)).split("功能模块")[0]


@pytest.mark.django_db
def test_the_supervisor_sees_how_many_units_have_not_reported(region, login, monkeypatch):
    page = dashboard(login(Client(), region["supervisor"]), monkeypatch, D(2027, 2, 1))
    assert "还有 <strong>2</strong> 个未报送" in page
