"""Entering next year's schedule in the platform, and what it does to open requests."""

import datetime as dt

import pytest

from gongkai.workdays.calendar import ScheduleError
from gongkai.workdays.entry import entry_text, parse_entry

D = dt.date
# Shaped like a notice (the seven holidays); the dates are the test's, not the real notice's.
HOLIDAYS_2027 = """元旦 2027-01-01 至 2027-01-03
春节 2027-02-06 至 2027-02-13
清明节 2027-04-03 至 2027-04-05
劳动节 2027-05-01 至 2027-05-05
端午节 2027-06-09
中秋节 2027-09-15
国庆节 2027-10-01 至 2027-10-07"""


def test_entry_reads_spans_single_days_and_chinese_dates():
    schedule = parse_entry(
        2027, HOLIDAYS_2027 + "\n清明节：2027年4月5日", "2027-02-14，2027/02/20", "测试通知"
    )
    assert schedule.holidays[D(2027, 2, 9)] == "春节"
    assert schedule.holidays[D(2027, 4, 5)] == "清明节"
    assert schedule.workdays == {D(2027, 2, 14), D(2027, 2, 20)}
    holidays, workdays = entry_text(schedule)
    assert parse_entry(2027, holidays, workdays, "测试通知") == schedule


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("春节", "没有日期"),
        ("2027-02-06 至 2027-02-13", "没有写节日名称"),
        ("春节 2027-02-30", "不是有效的日期"),
        ("春节 2027-02-06 2027-02-07 2027-02-08", "每行只写一个节日"),
        ("", "至少填写一个节日"),
    ],
)
def test_entry_errors_say_what_to_fix(text, message):
    with pytest.raises(ScheduleError) as exc:
        parse_entry(2027, text, "", "x")
    assert message in str(exc.value)


@pytest.mark.django_db
def test_saving_a_year_recomputes_open_requests_and_records_it():
    from gongkai.accounts.system import SYSTEM
    from gongkai.audit.log import entries_for
    from gongkai.organisations.actions import assign_role, create_agency
    from gongkai.organisations.actions.accounts import create_user
    from gongkai.organisations.policy import Denied
    from gongkai.requests import actions
    from gongkai.workdays.actions import save_year
    from gongkai.workdays.registry import current_calendar

    county = create_agency(
        actor=SYSTEM, code="county", name="县政府", level="county", kind="government"
    )
    clerk = create_user(actor=SYSTEM, username="clerk", password="correct-horse-battery")
    assign_role(actor=SYSTEM, user=clerk, agency=county, role="handler")
    data = {
        "applicant_type": "natural_person",
        "applicant_name": "张三",
        "description": "某信息",
        "channel": "in_person",
    }
    req, _ = actions.register(
        actor=clerk,
        agency=county,
        data=data,
        received_on=D(2026, 12, 28),
        now=dt.datetime(2026, 12, 28, 9, tzinfo=dt.UTC),
        today=D(2026, 12, 28),
    )
    before = req.due_on
    assert not current_calendar().knows(2027)
    with pytest.raises(Denied):
        save_year(actor=clerk, schedule=parse_entry(2027, HOLIDAYS_2027, "", "通知"))
    save_year(
        actor=SYSTEM,
        schedule=parse_entry(2027, HOLIDAYS_2027, "", "国办发明电〔2026〕X号"),
        today=D(2026, 12, 30),
    )
    assert current_calendar().holiday_name(D(2027, 1, 1)) == "元旦"
    req.refresh_from_db()
    assert req.due_on > before  # 元旦 2027 now counts as a holiday
    change = entries_for(req).filter(action="request.recompute_due").get()
    assert change.changes["due_on"] == [before.isoformat(), req.due_on.isoformat()]
    assert "2027" in change.note


@pytest.mark.django_db
def test_the_calendar_page_is_for_operators_only():
    from django.test import Client

    from gongkai.accounts.system import SYSTEM
    from gongkai.organisations.actions import assign_role, create_agency
    from gongkai.organisations.actions.accounts import create_user

    county = create_agency(
        actor=SYSTEM, code="county", name="县政府", level="county", kind="government"
    )
    admin = create_user(actor=SYSTEM, username="admin", password="correct-horse-battery")
    assign_role(actor=SYSTEM, user=admin, agency=county, role="admin")
    create_user(actor=SYSTEM, username="op", password="correct-horse-battery", is_superuser=True)
    client = Client()
    client.post("/accounts/login/", {"username": "admin", "password": "correct-horse-battery"})
    assert client.get("/office/calendar/").status_code == 403
    client = Client()
    client.post("/accounts/login/", {"username": "op", "password": "correct-horse-battery"})
    page = client.get("/office/calendar/").content.decode()
    assert "尚未录入" in page
    response = client.post(
        "/office/calendar/",
        {"year": 2027, "source": "通知", "holidays": "春节 2027-02-30", "workdays": ""},
    )
    assert "不是有效的日期" in response.content.decode()
    entry = {"year": 2027, "source": "通知", "holidays": HOLIDAYS_2027, "workdays": "2027-02-14"}
    preview = client.post("/office/calendar/", entry)
    assert preview.status_code == 200 and "保存前请核对" in preview.content.decode()
    confirm = preview.context["confirm"]
    assert client.post("/office/calendar/", entry | {"confirm": confirm}).status_code == 302


@pytest.mark.django_db
def test_one_calendar_holds_the_calendar_for_its_block_only():
    from gongkai.workdays import registry

    with registry.one_calendar() as held:
        assert registry.current_calendar() is held
        with registry.one_calendar() as inner:
            assert inner is held
    assert registry.current_calendar() is not held
