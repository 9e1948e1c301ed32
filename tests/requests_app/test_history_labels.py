"""A request's history and the audit page say in Chinese what happened: no action codes, no
field names, no dict text, outcomes and states in words."""

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.requests import actions
from gongkai.requests.domain.workflow import Event

D = dt.date
TODAY = D(2025, 12, 31)


@pytest.fixture
def replied(registered, office):
    req = registered()
    req = actions.transition(
        actor=office["clerk"],
        info_request=req,
        event=Event.REPLY,
        on=D(2025, 10, 20),
        expected_version=req.version,
        today=TODAY,
        outcome="withheld_third_party",
    )
    actions.record_delivery(
        actor=office["clerk"], info_request=req, method="post", on=D(2025, 10, 22), today=TODAY
    )
    return req


def _raw_codes(text: str) -> list[str]:
    codes = ("request.", "{'", "withheld_third_party", "delivery_method", "closed_on", "→ closed")
    return [code for code in codes if code in text]


@pytest.mark.django_db
def test_the_request_history_says_what_happened_in_words(client, login, office, replied):
    login(client, office["clerk"])
    page = client.get(reverse("requests_office:detail", args=[replied.pk])).text
    history = page.split('id="hist-h"')[1].split("</section>")[0]
    assert "登记申请" in history and "答复" in history and "记录送达" in history
    assert not _raw_codes(history)


@pytest.mark.django_db
def test_the_audit_page_shows_actions_fields_and_values_in_words(client, login, office, replied):
    login(client, office["head"])
    page = client.get(reverse("office:audit")).text
    assert "记录送达" in page and "授予角色" in page
    assert "送达方式</span>：— → 邮寄" in page
    assert "处理结果</span>：— → 不予公开" in page  # the outcome's label, not its key
    assert "状态</span>：办理中 → 已办结" in page or "状态</span>：待确认 → 已办结" in page
    assert not _raw_codes(page)
