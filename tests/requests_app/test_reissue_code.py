"""Staff reissue a lost tracking code: the old one stops working, the change is audited, the
new code is shown once and e-mailed to the applicant after the commit."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from gongkai.audit.log import entries_for
from gongkai.organisations.policy import Denied
from gongkai.requests import actions
from gongkai.requests.actions.tracking import reissue_tracking_code


@pytest.mark.django_db
def test_the_old_code_stops_working_and_the_change_is_audited(
    office, applicant_data, django_capture_on_commit_callbacks
):
    req, old = actions.register(
        actor=office["clerk"],
        agency=office["county"],
        data=applicant_data(),
        received_on=dt.date(2025, 9, 26),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new = reissue_tracking_code(actor=office["clerk"], info_request=req)
    req.refresh_from_db()
    assert new != old
    assert actions.verify_tracking_code(req, new)
    assert not actions.verify_tracking_code(req, old)
    entry = entries_for(req).get(action="request.reissue_code")
    assert entry.actor_id == office["clerk"].pk
    assert new not in str(entry.changes) + entry.note
    assert len(mail.outbox) == 1 and new in mail.outbox[0].body
    assert mail.outbox[0].to == ["zhangsan@example.com"]


@pytest.mark.django_db
def test_only_a_handler_of_the_agency_may_reissue(office, registered):
    req = registered()
    before = req.tracking_code_hash
    for who in ("supervisor", "otherclerk"):
        with pytest.raises(Denied):
            reissue_tracking_code(actor=office[who], info_request=req)
    req.refresh_from_db()
    assert req.tracking_code_hash == before
    assert not entries_for(req).filter(action="request.reissue_code").exists()


@pytest.mark.django_db
def test_the_page_asks_first_and_shows_the_new_code_once(office, registered, login):
    req = registered(email="")
    clerk = login(Client(), office["clerk"])
    detail = reverse("requests_office:detail", args=[req.pk])
    url = reverse("requests_office:reissue_code", args=[req.pk])
    page = clerk.get(detail).content.decode()
    assert f'action="{url}"' in page and "确认重新发放" in page
    assert clerk.get(url).status_code == 405
    before = req.tracking_code_hash
    response = clerk.post(url, follow=True)
    text = response.content.decode()
    assert "重新发放查询码" in text and "原查询码已作废" in text
    req.refresh_from_db()
    assert req.tracking_code_hash != before
    code = re.search(r"查询码 ([A-Z2-9]{10})", text).group(1)
    assert actions.verify_tracking_code(req, code)
    # Shown once: the next visit of the page does not show it again.
    assert code not in clerk.get(detail).content.decode()
    supervisor = login(Client(), office["supervisor"])
    assert supervisor.post(url).status_code in (403, 404)
