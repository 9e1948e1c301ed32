"""The office's queue: most urgent first, filters, search, batch confirmation, the ledger
download, and the dashboard's counts and pending extensions that lead into it."""

import datetime as dt
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.requests import actions
from gongkai.requests.domain.workflow import Event, State
from gongkai.requests.models import InfoRequest

QUEUE = "requests_office:queue"


def numbers(page: str) -> list[str]:
    seen = []
    for n in re.findall(r"county-\d{4}-\d{4}", page):
        if n not in seen:
            seen.append(n)
    return seen


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def mixed(office, registered, applicant_data, today):
    """One request of each kind: long overdue, running, waiting for a correction, and an
    online one nobody has confirmed yet."""
    overdue = registered(received_on=today - dt.timedelta(days=200), applicant_name="甲一")
    running = registered(received_on=today, applicant_name="乙二", description="道路规划图")
    paused = registered(received_on=today - dt.timedelta(days=1), applicant_name="丙三")
    actions.transition(
        actor=office["clerk"],
        info_request=paused,
        event=Event.REQUEST_CORRECTION,
        on=today,
        working_days=15,
    )
    online, _ = actions.submit_online(
        agency=office["county"], data=applicant_data(channel="online", applicant_name="丁四")
    )
    return {"overdue": overdue, "running": running, "paused": paused, "online": online}


@pytest.mark.django_db
def test_the_queue_puts_the_overdue_first_then_the_nearest_date_and_the_paused_last(
    office, mixed, login
):
    page = login(Client(), office["clerk"]).get(reverse(QUEUE)).content.decode()
    order = [mixed[k].number for k in ("overdue", "online", "running", "paused")]
    assert numbers(page) == order
    assert "已等待 0 个工作日" in page and "暂停计时" in page
    assert re.search(r"已超期 \d+ 个工作日", page)


@pytest.mark.django_db
def test_filters_by_state_due_and_handler_and_search(office, mixed, login):
    client = login(Client(), office["clerk"])

    def shown(query):
        return numbers(client.get(reverse(QUEUE) + query).content.decode())

    assert shown("?state=submitted") == [mixed["online"].number]
    assert shown("?due=overdue") == [mixed["overdue"].number]
    assert shown("?due=later") + shown("?due=week") == [mixed["running"].number]
    assert shown("?handler=none") == [
        mixed[k].number for k in ("overdue", "online", "running")
    ]  # the correction notice made the clerk its handler
    assert shown(f"?handler={office['clerk'].pk}") == [mixed["paused"].number]
    assert shown("?q=道路规划") == [mixed["running"].number]
    assert shown(f"?q={mixed['overdue'].number}") == [mixed["overdue"].number]
    assert shown("?q=甲一") == [mixed["overdue"].number]
    # Unknown values are no filter; an overlong search is a clear 400, not a 500.
    assert len(shown("?state=nonsense&due=tomorrow")) == 4
    assert client.get(reverse(QUEUE) + "?q=" + "x" * 101).status_code == 400


@pytest.mark.django_db
def test_a_supervisor_cannot_find_a_request_by_the_applicants_name(office, mixed, login):
    client = login(Client(), office["supervisor"])
    assert numbers(client.get(reverse(QUEUE) + "?q=甲一").content.decode()) == []
    page = client.get(reverse(QUEUE) + "?q=道路规划").content.decode()
    assert numbers(page) == [mixed["running"].number] and "乙二" not in page


@pytest.mark.django_db
def test_the_closed_tab_shows_the_outcome_and_filters_by_it(office, registered, login, today):
    req = registered(received_on=today)
    actions.transition(
        actor=office["clerk"], info_request=req, event=Event.REPLY, on=today, outcome="disclosed"
    )
    client = login(Client(), office["clerk"])
    page = client.get(reverse(QUEUE) + "?show=closed").content.decode()
    assert "办理结果" in page and "予以公开" in page and req.number in page
    other = client.get(
        reverse(QUEUE) + "?show=closed&outcome=unavailable_not_held"
    ).content.decode()
    assert req.number not in other


@pytest.mark.django_db
def test_batch_confirmation_confirms_each_ticked_request_and_says_which(
    office, mixed, applicant_data, login, today
):
    second, _ = actions.submit_online(
        agency=office["county"],
        # Another request of the same person: the same text again would be a resubmission.
        data=applicant_data(channel="online", applicant_name="戊五", description="另一项信息"),
    )
    client = login(Client(), office["clerk"])
    queue = client.get(reverse(QUEUE) + "?state=submitted").content.decode()
    assert "确认收到所选申请" in queue and f'value="{second.pk}"' in queue
    response = client.post(
        reverse("requests_office:confirm_batch"),
        {"pk": [mixed["online"].pk, second.pk, mixed["running"].pk], "back": "state=submitted"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse(QUEUE) + "?state=submitted"
    text = response.content.decode()
    assert "已确认收到 2 件申请" in text and "1 件未能确认" in text
    assert mixed["running"].number in text  # named with why it could not be confirmed
    for req in (mixed["online"], second):
        req.refresh_from_db()
        assert req.state == State.PROCESSING and req.received_on == today
        assert req.clock.filter(kind=Event.CONFIRM_RECEIPT).count() == 1


@pytest.mark.django_db
def test_batch_confirmation_refuses_what_one_may_not_handle(office, mixed, login):
    url = reverse("requests_office:confirm_batch")
    head = login(Client(), office["head"])  # a head approves, it does not handle requests
    assert head.post(url, {"pk": [mixed["online"].pk]}).status_code == 403
    other = login(Client(), office["otherclerk"])
    response = other.post(url, {"pk": [mixed["online"].pk]}, follow=True)
    assert "不存在或您无权查看" in response.content.decode()
    assert other.post(url, {"pk": ["1; drop"]}).status_code == 400
    mixed["online"].refresh_from_db()
    assert mixed["online"].state == State.SUBMITTED


@pytest.mark.django_db
def test_the_ledger_downloads_as_xlsx_with_names_masked_for_a_supervisor(
    office, mixed, login, today
):
    url = reverse("requests_office:ledger_xlsx") + f"?year={today.year}"
    response = login(Client(), office["clerk"]).get(url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = {row[4] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {"乙二", "丙三"} <= names
    supervisor = login(Client(), office["supervisor"])
    supervisor.post(reverse("office:switch"), {"agency": office["county"].code})
    sheet = load_workbook(io.BytesIO(supervisor.get(url).content)).active
    names = {row[4] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names and not names & {"乙二", "丙三"} and "乙*" in names
    assert supervisor.get(reverse("requests_office:ledger_xlsx") + "?year=20x6").status_code == 400


@pytest.mark.django_db
def test_every_dashboard_count_leads_to_the_same_requests_in_the_queue(office, mixed, login):
    client = login(Client(), office["clerk"])
    dashboard = client.get(reverse("office:dashboard")).content.decode()
    links = re.findall(r'href="(/office/requests/\?[^"]+)"><span class="n">(\d+)</span>', dashboard)
    assert len(links) >= 4
    for href, count in links:
        page = client.get(href.replace("&amp;", "&")).content.decode()
        assert len(numbers(page)) == int(count), href


@pytest.mark.django_db
def test_the_head_sees_each_pending_extension_with_its_reason_and_new_due_date(
    office, registered, login, today
):
    req = registered(received_on=today - dt.timedelta(days=7))
    actions.transition(
        actor=office["clerk"],
        info_request=req,
        event=Event.REQUEST_EXTENSION,
        on=today,
        note="涉及档案量大，需调阅三年档案",
    )
    req.refresh_from_db()
    head = login(Client(), office["head"])
    dashboard = head.get(reverse("office:dashboard")).content.decode()
    assert "待您审批的延期" in dashboard and "涉及档案量大" in dashboard and req.number in dashboard
    assert "延长 20 个工作日" in dashboard and req.due_on.isoformat() in dashboard
    approve = reverse("requests_office:detail", args=[req.pk]) + "?step=approve_extension"
    assert approve in dashboard
    detail = head.get(approve).content.decode()
    assert 'id="step-approve_extension" open' in detail
    # A clerk does not approve, so the clerk's dashboard lists no extensions to approve.
    clerk = login(Client(), office["clerk"])
    assert "待您审批的延期" not in clerk.get(reverse("office:dashboard")).content.decode()
    assert InfoRequest.objects.get(pk=req.pk).state == State.EXTENSION_PENDING
