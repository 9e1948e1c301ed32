import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.requests import actions
from gongkai.requests.domain.workflow import Event

D = dt.date


@pytest.mark.django_db
def test_the_applicant_key_is_stored_but_reveals_nothing(registered):
    req = registered()
    assert len(req.applicant_key) == 64
    for personal in ("11010519491231002X", "13812345678", "张三"):
        assert personal not in req.applicant_key
    assert registered(phone="13900000000").applicant_key == req.applicant_key  # same ID number


@pytest.mark.django_db
def test_a_repeat_of_an_answered_request_is_flagged_for_the_handler(office, registered, login):
    first = registered(received_on=D(2025, 9, 1), description="2024年城区道路改造工程的招标文件")
    actions.transition(
        actor=office["clerk"],
        info_request=first,
        event=Event.REPLY,
        on=D(2025, 9, 20),
        outcome="disclosed",
        today=D(2025, 9, 20),
    )
    again = registered(
        received_on=D(2025, 10, 9), description="请提供2024年城区道路改造工程招标文件"
    )
    page = login(Client(), office["clerk"]).get(reverse("requests_office:detail", args=[again.pk]))
    text = page.content.decode()
    assert "办理提示" in text and "第三十六条" in text
    assert first.number in text


@pytest.mark.django_db
def test_a_complaint_dressed_as_a_request_is_flagged(office, registered, login):
    req = registered(description="投诉邻居违章搭建，要求查处并答复处理结果")
    page = login(Client(), office["clerk"]).get(reverse("requests_office:detail", args=[req.pk]))
    assert "第三十九条" in page.content.decode()


@pytest.mark.django_db
def test_supervisors_see_no_suggestions(office, registered, login):
    req = registered(description="投诉邻居违章搭建，要求查处")
    page = login(Client(), office["supervisor"]).get(
        reverse("requests_office:detail", args=[req.pk])
    )
    assert "办理提示" not in page.content.decode()
