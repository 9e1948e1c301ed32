"""Which named actions fire which events, to which subscriptions (an agency and its subtree),
and what the payloads say: public identifiers, the reply's outcome and letter, and never the
applicant's personal data."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gongkai.accounts.system import SYSTEM
from gongkai.requests import actions as requests
from gongkai.webhooks.events import Event, events_for
from gongkai.webhooks.models import Delivery

from .conftest import PERSONAL

D = dt.date
pytestmark = pytest.mark.django_db


def _events(sub=None) -> list[str]:
    rows = Delivery.objects.order_by("pk")
    if sub is not None:
        rows = rows.filter(subscription=sub)
    return list(rows.values_list("event", flat=True))


def _step(tree, req, event, on, actor="clerk", **kw):
    return requests.transition(
        actor=tree[actor], info_request=req, event=event, on=on, today=D(2025, 12, 31), **kw
    )


def _walk_a_request(tree, register):
    """Registered, a correction asked and received, an extension approved, replied."""
    req = register()
    req = _step(tree, req, "request_correction", D(2025, 9, 29), working_days=10)
    req = _step(tree, req, "receive_correction", D(2025, 10, 9))
    req = _step(tree, req, "request_extension", D(2025, 10, 20), note="涉及多个部门")
    req = _step(tree, req, "approve_extension", D(2025, 10, 21), actor="head", working_days=20)
    return _step(
        tree, req, "reply", D(2025, 11, 3), outcome="disclosed", confirm_without_release=True
    )


def test_a_requests_steps_fire_their_events_and_no_payload_holds_personal_data(
    tree, register, subscribe
):
    sub, _ = subscribe()
    req = _walk_a_request(tree, register)
    assert _events() == [
        "request.received",
        "request.confirmed",
        "request.correction_requested",
        "request.extended",
        "request.replied",
        "request.closed",
    ]
    for row in Delivery.objects.all():
        text = json.dumps(row.payload, ensure_ascii=False)
        leaked = [value for value in PERSONAL if value in text]
        assert not leaked, f"{row.event} 的推送含申请人个人信息：{leaked}"
        assert set(row.payload["request"]) == {
            "number", "state", "channel", "received_on", "due_on", "extended", "closed_on",
            "outcome",
        }  # fmt: skip
        assert row.payload["request"]["number"] == req.number
        assert row.payload["agency"] == {"code": "county", "name": "示范县人民政府"}
    extended = Delivery.objects.get(event="request.extended").payload["request"]
    assert extended["extended"] is True and extended["due_on"]
    replied = Delivery.objects.get(event="request.replied").payload
    assert replied["reply"]["outcome"] == {"code": "disclosed", "label": "予以公开"}
    assert replied["reply"]["replied_on"] == "2025-11-03"
    letter = replied["reply"]["letter"]
    assert letter["number"] == f"示范县人民政府依申复〔2025〕{int(req.number.rsplit('-', 1)[1])}号"
    assert letter["pdf"] == f"https://gk.example.gov.cn/office/requests/{req.pk}/letter.pdf"
    closed = Delivery.objects.get(event="request.closed").payload["request"]
    assert closed["state"] == "closed" and closed["closed_on"] == "2025-11-03"


def test_an_online_request_is_received_then_confirmed_and_a_withdrawal_closes_it(tree, subscribe):
    from .conftest import APPLICANT

    subscribe()
    req, _ = requests.submit_online(agency=tree["county"], data=APPLICANT | {"channel": "online"})
    assert _events() == ["request.received"]
    req = _step(tree, req, "confirm_receipt", D(2025, 9, 26))
    req = _step(tree, req, "withdraw", D(2025, 9, 30))
    assert _events() == ["request.received", "request.confirmed", "request.closed"]


def test_a_subscriber_gets_only_the_events_it_chose(tree, register, subscribe):
    replies, _ = subscribe(events=[Event.REPLIED], name="答复")
    _walk_a_request(tree, register)
    assert _events(replies) == ["request.replied"]


def test_the_scope_is_the_agency_and_optionally_its_subtree(tree, register, subscribe):
    county_only, _ = subscribe(events=[Event.RECEIVED], agency="county", subtree=False)
    city_tree, _ = subscribe(events=[Event.RECEIVED], agency="city", subtree=True)
    city_only, _ = subscribe(events=[Event.RECEIVED], agency="city", subtree=False)
    county = register(agency="county", clerk="clerk")
    other = register(agency="other", clerk="otherclerk")
    register(agency="far", clerk="farclerk")
    subjects = lambda sub: list(sub.deliveries.values_list("subject", flat=True))  # noqa: E731
    assert subjects(county_only) == [county.number]
    assert subjects(city_tree) == [county.number, other.number]
    assert subjects(city_only) == []  # the city itself received nothing
    assert Delivery.objects.count() == 3  # the far city's request went to nobody


def test_a_transfer_reaches_the_subscribers_of_both_agencies(tree, register, subscribe):
    from gongkai.requests.actions.transfer import transfer

    sender, _ = subscribe(events=[Event.TRANSFERRED], agency="county", subtree=False)
    receiver, _ = subscribe(events=[Event.TRANSFERRED], agency="far", subtree=False)
    bystander, _ = subscribe(events=[Event.TRANSFERRED], agency="other", subtree=False)
    req = register()
    transfer(
        actor=tree["clerk"], info_request=req, to_agency=tree["far"], on=D(2025, 10, 9),
        reason="张三所要的文件由鹤山市保存", today=D(2025, 10, 10),
    )  # fmt: skip
    assert _events(sender) == _events(receiver) == ["request.transferred"]
    assert _events(bystander) == []
    payload = receiver.deliveries.get().payload
    assert payload["transfer"] == {
        "on": "2025-10-09",
        "from_agency": {"code": "county", "name": "示范县人民政府"},
        "to_agency": {"code": "far", "name": "鹤山市人民政府"},
    }
    assert payload["request"]["state"] == "submitted" and payload["request"]["due_on"] is None
    assert "张三" not in json.dumps(payload, ensure_ascii=False)  # the reason is not sent


def test_publishing_a_record_fires_record_published(tree, subscribe):
    from gongkai.catalog import actions as catalog
    from gongkai.catalog.models import Category

    sub, _ = subscribe(events=[Event.RECORD_PUBLISHED])
    county = tree["county"]
    catalog.ensure_catalog(actor=SYSTEM, agency=county)
    catalog.set_index_scheme(
        actor=SYSTEM, agency=county, scheme="{org}-{cat}/{year}-{serial:05d}", org_code="01525502"
    )
    record = catalog.create_draft(
        actor=tree["publisher"],
        agency=county,
        data={
            "title": "示范县人民政府关于印发2025年政府信息公开工作要点的通知",
            "category": Category.objects.get(agency=county, code="14"),
            "doc_type": "notice",
            "document_number": "示府办〔2025〕12号",
            "body": "<p>现将《2025年政府信息公开工作要点》印发给你们。</p>",
            "formed_on": dt.date.today() - dt.timedelta(days=3),
        },
    )
    catalog.submit(actor=tree["publisher"], record=record)
    assert _events() == []  # drafting and submitting are not publishing
    catalog.approve(actor=tree["reviewer"], record=record, opinion="不涉密，同意公开。")
    record = catalog.publish(actor=tree["publisher"], record=record)
    [row] = Delivery.objects.all()
    published = row.payload["record"]
    assert row.event == "record.published" and row.subject == record.index_number
    assert published["index_number"] == record.index_number and published["id"] == record.pk
    assert published["document_number"] == "示府办〔2025〕12号"
    assert published["url"] == f"https://gk.example.gov.cn/info/{record.pk}/"


def test_submitting_an_annual_report_fires_report_submitted(tree, subscribe):
    from gongkai.reports.actions import library
    from gongkai.reports.actions.drafts import save_draft
    from gongkai.reports.domain.build import template_for
    from gongkai.reports.domain.drafting import manual_cells

    sub, _ = subscribe(events=[Event.REPORT_SUBMITTED])
    today = D(2026, 1, 10)
    zeros = {p: {"value": 0, "source": "本年无此类事项"} for p in manual_cells(template_for(2025))}
    save_draft(
        actor=tree["head"], agency=tree["county"], year=2025, today=today, manual=zeros,
        narrative={},
    )  # fmt: skip
    kept, _ = library.submit_report(
        actor=tree["head"], agency=tree["county"], year=2025, today=today
    )
    [row] = Delivery.objects.all()
    assert row.event == "report.submitted"
    assert row.payload["report"]["id"] == kept.pk and row.payload["report"]["year"] == 2025
    assert row.payload["report"]["version"] == kept.file_hash[:12]
    assert row.payload["agency"]["code"] == "county"


def test_the_events_are_read_off_the_audit_codes():
    closing = {"state": ["processing", "closed"]}
    assert events_for("request.transition", "fee_lapsed", closing) == [Event.CLOSED]
    assert events_for("request.transition", "set_later_date", {}) == [Event.EXTENDED]
    assert events_for("request.transition", "refuse_extension", {}) == []
    assert events_for("request.import", "import", closing) == []  # history, not news
    assert events_for("catalog.transition", "withdraw", {}) == []
    assert events_for("report.upload", "", {}) == []
