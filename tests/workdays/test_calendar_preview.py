"""Before a schedule is saved the administrator sees which open deadlines move; closed
requests keep the deadline recorded when they closed."""

import datetime as dt

import pytest
from django.test import Client
from test_workdays_entry_and_registry import HOLIDAYS_2027

from gongkai.accounts.system import SYSTEM
from gongkai.organisations.actions import assign_role, create_agency
from gongkai.organisations.actions.accounts import create_user
from gongkai.requests import actions
from gongkai.requests.domain.workflow import Event, State
from gongkai.workdays.actions import preview_year, save_year
from gongkai.workdays.calendar import ScheduleError
from gongkai.workdays.entry import parse_entry

D = dt.date
PASSWORD = "correct-horse-battery"
pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    county = create_agency(
        actor=SYSTEM, code="county", name="县政府", level="county", kind="government"
    )
    clerk = create_user(actor=SYSTEM, username="clerk", password=PASSWORD)
    assign_role(actor=SYSTEM, user=clerk, agency=county, role="handler")
    create_user(actor=SYSTEM, username="op", password=PASSWORD, is_superuser=True)

    def register(received_on):
        req, _ = actions.register(
            actor=clerk,
            agency=county,
            data={
                "applicant_type": "natural_person",
                "applicant_name": "张三",
                "description": "某信息",
                "channel": "in_person",
            },
            received_on=received_on,
            now=dt.datetime.combine(received_on, dt.time(9), tzinfo=dt.UTC),
            today=received_on,
        )
        return req

    open_req = register(D(2026, 12, 28))
    closed = register(D(2026, 12, 21))
    actions.transition(
        actor=clerk,
        info_request=closed,
        event=Event.REPLY,
        on=D(2026, 12, 23),
        outcome="disclosed",
        today=D(2026, 12, 23),
    )
    closed.refresh_from_db()
    assert closed.state == State.CLOSED
    return {"clerk": clerk, "open": open_req, "closed": closed}


def test_the_preview_lists_the_open_request_whose_deadline_moves_and_writes_nothing(office):
    schedule = parse_entry(2027, HOLIDAYS_2027, "", "通知")
    before = office["open"].due_on
    (change,) = preview_year(actor=SYSTEM, schedule=schedule, today=D(2026, 12, 30))
    assert change.label == office["open"].number and change.old == before
    assert change.new > before  # 元旦 2027 and 春节 now count as holidays
    office["open"].refresh_from_db()
    assert office["open"].due_on == before


def test_saving_never_moves_a_closed_requests_recorded_deadline(office):
    closed = office["closed"]
    due, used = closed.due_on, closed.days_used
    save_year(
        actor=SYSTEM, schedule=parse_entry(2027, HOLIDAYS_2027, "", "通知"), today=D(2026, 12, 30)
    )
    closed.refresh_from_db()
    assert (closed.due_on, closed.days_used) == (due, used)
    office["open"].refresh_from_db()
    assert office["open"].due_on != due


def test_an_implausible_schedule_is_refused_by_the_action_itself(office):
    with pytest.raises(ScheduleError) as exc:
        save_year(actor=SYSTEM, schedule=parse_entry(2027, "元旦 2027-01-01", "", "x"))
    assert "缺少春节" in str(exc.value)


@pytest.fixture
def today_is_2026_12_30(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2026, 12, 30))


def test_the_page_previews_then_saves_only_what_was_previewed(office, today_is_2026_12_30):
    client = Client()
    client.post("/accounts/login/", {"username": "op", "password": PASSWORD})
    entry = {"year": 2027, "source": "国办发明电〔2026〕X号", "holidays": HOLIDAYS_2027}
    page = client.post("/office/calendar/", entry)
    html = page.content.decode()
    assert "以下 1 件办理中申请的答复期限将改变" in html and office["open"].number in html
    assert office["closed"].number not in html
    confirm = page.context["confirm"]
    # The text changed after the preview: previewed again, nothing saved.
    edited = entry | {"holidays": HOLIDAYS_2027.replace("2027-10-07", "2027-10-08")}
    again = client.post("/office/calendar/", edited | {"confirm": confirm})
    assert again.status_code == 200 and "预览后又有修改" in again.content.decode()
    before = office["open"].due_on
    office["open"].refresh_from_db()
    assert office["open"].due_on == before
    assert client.post("/office/calendar/", entry | {"confirm": confirm}).status_code == 302
    office["open"].refresh_from_db()
    assert office["open"].due_on != before
    refused = client.post(
        "/office/calendar/", {"year": 2028, "source": "x", "holidays": "元旦 2028-01-01"}
    )
    assert "这不像一份完整的放假通知" in refused.content.decode()


def test_a_closed_requests_page_shows_its_recorded_deadline(office, today_is_2026_12_30):
    save_year(
        actor=SYSTEM, schedule=parse_entry(2027, HOLIDAYS_2027, "", "通知"), today=D(2026, 12, 30)
    )
    client = Client()
    client.force_login(office["clerk"])
    html = client.get(f"/office/requests/{office['closed'].pk}/").content.decode()
    assert f"办结时记录的答复期限：<strong>{office['closed'].due_on:%Y-%m-%d}" in html
