"""Transfer (转办): a request moves to the agency responsible, which confirms its own receipt;
the applicant is told, the number and tracking code stay, the log says who sent it where."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from gongkai.audit.log import entries_for
from gongkai.errors import InvalidStep
from gongkai.organisations.policy import Denied
from gongkai.requests import actions
from gongkai.requests.actions.transfer import transfer
from gongkai.requests.models import InfoRequest, Transfer
from gongkai.requests.stats import timeliness

D = dt.date
TODAY = D(2025, 10, 20)
pytestmark = pytest.mark.django_db


def _transfer(office, req, **kw):
    args = dict(
        actor=office["clerk"], info_request=req, to_agency=office["other"], on=D(2025, 10, 9),
        reason="所申请的招标文件由清河县人民政府制作并保存", today=TODAY,
    )  # fmt: skip
    return transfer(**(args | kw))


def _received(agency) -> int:
    return timeliness([agency], year=2025, today=TODAY).get(agency.pk, {}).get("received", 0)


def test_the_request_moves_and_the_receiving_agency_starts_its_own_period(
    office, applicant_data, django_capture_on_commit_callbacks
):
    req, code = actions.register(
        actor=office["clerk"], agency=office["county"], data=applicant_data(),
        received_on=D(2025, 9, 26), today=TODAY,
    )  # fmt: skip
    number = req.number
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = _transfer(office, req)
    moved.refresh_from_db()
    assert moved.agency == office["other"] and moved.state == "submitted"
    assert moved.received_on is None and moved.due_on is None and moved.handler is None
    assert moved.number == number and actions.verify_tracking_code(moved, code)
    row = Transfer.objects.get(request=moved)
    assert (row.from_agency, row.to_agency, row.on) == (
        office["county"], office["other"], D(2025, 10, 9)
    )  # fmt: skip
    entry = entries_for(moved).get(transition="transfer")
    assert entry.agency_id == office["county"].pk  # the sender's log shows what it sent away
    assert entry.changes["agency"] == ["county", "other"]
    assert entry.note == "所申请的招标文件由清河县人民政府制作并保存"
    (notice,) = mail.outbox
    assert "您的申请已转送其他机关办理" in notice.subject
    assert "向示范县人民政府提交" in notice.body and "接收机关：清河县人民政府" in notice.body
    assert "所申请的招标文件由清河县人民政府制作并保存" in notice.body
    track = Client().post(
        reverse("requests_public:track"), {"number": number, "code": code}, follow=True
    )
    shown = track.content.decode()
    assert "由示范县人民政府转送清河县人民政府办理" in shown and "登记编号和查询码不变" in shown
    # The sender no longer counts it; the receiver does once it confirms receipt.
    assert _received(office["county"]) == 0
    with pytest.raises(Denied):
        actions.transition(
            actor=office["clerk"], info_request=moved, event="confirm_receipt",
            on=D(2025, 10, 10), today=TODAY,
        )  # fmt: skip
    confirmed = actions.transition(
        actor=office["otherclerk"], info_request=moved, event="confirm_receipt",
        on=D(2025, 10, 10), today=TODAY,
    )  # fmt: skip
    assert confirmed.received_on == D(2025, 10, 10) and confirmed.due_on == D(
        2025, 11, 6
    )  # 10-11 (Sat) is a working day
    assert _received(office["other"]) == 1


def test_an_unconfirmed_online_request_can_be_transferred(office, applicant_data):
    req, _ = actions.submit_online(agency=office["county"], data=applicant_data(channel="online"))
    moved = _transfer(office, req, on=TODAY)
    assert moved.agency == office["other"] and moved.state == "submitted"


def test_refusals_write_nothing(office, registered):
    req = registered()
    inactive = office["city"]
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    for kw, message in [
        ({"reason": "  "}, "须写明原因"),
        ({"to_agency": office["county"]}, "本机关以外"),
        ({"to_agency": inactive}, "在用的行政机关"),
        ({"on": TODAY + dt.timedelta(days=1)}, "晚于今天"),
        ({"reason": "很" * 2001}, "最多 2000 字"),
    ]:
        with pytest.raises(InvalidStep, match=message):
            _transfer(office, req, **kw)
    for who in ("supervisor", "otherclerk"):
        with pytest.raises(Denied):
            _transfer(office, req, actor=office[who])
    asked = actions.transition(
        actor=office["clerk"], info_request=req, event="request_correction", on=D(2025, 9, 29),
        working_days=10, note="请写明年份", today=TODAY,
    )  # fmt: skip
    with pytest.raises(InvalidStep, match="不能“转送其他机关办理”"):
        _transfer(office, asked)
    req.refresh_from_db()
    assert req.agency == office["county"] and not Transfer.objects.exists()
    assert not entries_for(req).filter(transition="transfer").exists()


def test_the_generic_step_cannot_transfer(office, registered):
    with pytest.raises(InvalidStep, match="须选择接收机关"):
        actions.transition(
            actor=office["clerk"], info_request=registered(), event="transfer",
            on=D(2025, 10, 9), note="x", today=TODAY,
        )  # fmt: skip


def test_the_clerk_transfers_on_the_page_and_the_receiver_sees_where_it_came_from(
    office, registered, login
):
    req = registered()
    clerk = login(Client(), office["clerk"])
    detail = reverse("requests_office:detail", args=[req.pk])
    page = clerk.get(detail).content.decode()
    assert 'action="' + reverse("requests_office:transfer", args=[req.pk]) in page
    assert "清河县人民政府" in page and "示范市人民政府" in page  # the choice of agencies
    url = reverse("requests_office:transfer", args=[req.pk])
    form = {"version": req.version, "on": "2025-10-09", "to_agency": office["other"].pk}
    missing = clerk.post(url, form, follow=True).content.decode()
    assert "请写明转送原因" in missing
    assert InfoRequest.objects.get(pk=req.pk).agency == office["county"]
    bogus = clerk.post(url, form | {"to_agency": "999999", "reason": "x"}, follow=True)
    assert "请从列表中选择接收机关" in bogus.content.decode()
    done = clerk.post(url, form | {"reason": "由清河县人民政府保存"}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("requests_office:queue")
    assert f"申请 {req.number} 已转送清河县人民政府办理，并已通知申请人" in done.content.decode()
    assert clerk.get(detail).status_code == 404  # no longer the county's
    receiver = login(Client(), office["otherclerk"])
    queue = receiver.get(reverse("requests_office:queue")).content.decode()
    assert req.number in queue
    there = receiver.get(detail).content.decode()
    assert "由示范县人民政府转送清河县人民政府办理" in there and "由清河县人民政府保存" in there
    assert "确认收到申请" in there
    stale = clerk.post(url, form | {"reason": "再次"}, follow=True)
    assert stale.status_code == 404
