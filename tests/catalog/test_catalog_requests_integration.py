"""The catalog and requests meet: a request for published information is pointed at it, and a
disclosed request becomes a proactive record in one step (Art. 36(1), Art. 44)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.requests import actions as requests_actions


def register(office, description):
    req, _ = requests_actions.register(
        actor=office["clerk"],
        agency=office["county"],
        received_on=dt.date.today(),
        data={
            "applicant_type": "natural_person",
            "applicant_name": "张三",
            "description": description,
            "channel": "in_person",
        },
    )
    return req


@pytest.mark.django_db
def test_a_request_for_published_information_is_pointed_at_it(
    office, published, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record = published(title="示范县2025年政府信息公开工作要点")
    req = register(office, "请提供示范县2025年政府信息公开工作要点")
    page = (
        login(Client(), office["clerk"])
        .get(reverse("requests_office:detail", args=[req.pk]))
        .content.decode()
    )
    assert "已公开的信息" in page
    assert reverse("catalog_portal:record", args=[record.pk]) in page


@pytest.mark.django_db
def test_a_disclosed_request_becomes_a_proactive_draft_in_one_step(office, login):
    from gongkai.accounts.system import SYSTEM
    from gongkai.catalog.models import Record
    from gongkai.organisations.actions import assign_role

    req = register(office, "县城区停车场规划图")
    requests_actions.transition(
        actor=office["clerk"],
        info_request=req,
        event="reply",
        on=dt.date.today(),
        outcome="disclosed",
    )
    detail = reverse("requests_office:detail", args=[req.pk])
    # A handler alone may not draft catalog records, so is not offered the step …
    assert "转为主动公开" not in login(Client(), office["clerk"]).get(detail).content.decode()
    # … a handler who is also the publisher is.
    assign_role(actor=SYSTEM, user=office["clerk"], agency=office["county"], role="publisher")
    client = login(Client(), office["clerk"])
    assert "转为主动公开" in client.get(detail).content.decode()
    response = client.post(reverse("requests_office:to_catalog"), {"number": req.number})
    record = Record.objects.get()
    assert response.status_code == 302 and str(record.pk) in response["Location"]


@pytest.mark.django_db
def test_the_dashboard_shows_what_waits_for_review(office, draft, login):
    from gongkai.catalog import actions

    record = draft()
    actions.submit(actor=office["publisher"], record=record)
    page = login(Client(), office["reviewer"]).get(reverse("office:dashboard")).content.decode()
    assert '<span class="n">1</span> 条待保密审查' in page
    assert (
        "待保密审查"
        not in login(Client(), office["clerk"]).get(reverse("office:dashboard")).content.decode()
    )
