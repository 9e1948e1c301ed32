import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from gongkai.cli import main
from gongkai.requests import actions
from gongkai.requests.domain.workflow import Event
from gongkai.requests.stats import timeliness

D = dt.date


@pytest.fixture
def emails(office):
    for name in ("clerk", "head"):
        office[name].email = f"{name}@county.example.gov.cn"
        office[name].save()


@pytest.mark.django_db
def test_dashboard_shows_overdue_and_due_soon(office, registered, login):
    registered(received_on=D(2025, 9, 26))  # long overdue by now
    page = login(Client(), office["clerk"]).get(reverse("office:dashboard")).content.decode()
    assert "件已超期" in page and "county-2025-0001" in page


@pytest.mark.django_db
def test_unit_timeliness_counts_on_time_and_average_days(office, registered):
    on_time = registered(received_on=D(2025, 9, 26))
    actions.transition(
        actor=office["clerk"],
        info_request=on_time,
        event=Event.REPLY,
        on=D(2025, 10, 20),
        outcome="disclosed",
        today=D(2025, 10, 20),
    )
    late = registered(received_on=D(2025, 9, 1))
    actions.transition(
        actor=office["clerk"],
        info_request=late,
        event=Event.REPLY,
        on=D(2025, 11, 3),
        outcome="disclosed",
        today=D(2025, 11, 3),
    )
    registered(received_on=D(2025, 11, 3))
    figures = timeliness([office["county"]], year=2025, today=D(2025, 12, 31))[office["county"].pk]
    assert figures["received"] == 3 and figures["closed"] == 2
    assert figures["on_time_share"] == 0.5
    assert figures["open"] == 1 and figures["overdue"] == 1
    assert 10 < figures["avg_days"] < 30


@pytest.mark.django_db
def test_supervisor_sees_each_units_timeliness(office, registered, login):
    registered(received_on=D(2025, 9, 26))
    page = login(Client(), office["supervisor"]).get(reverse("office:units") + "?year=2025")
    text = page.content.decode()
    assert "按期办结率" in text and office["county"].name in text
    assert "张三" not in text  # statistics, no applicants


@pytest.mark.django_db
def test_remind_emails_handlers_and_heads(
    office, registered, emails, capsys, django_capture_on_commit_callbacks
):
    req = registered(received_on=D(2025, 9, 26))
    actions.transition(
        actor=office["clerk"],
        info_request=req,
        event=Event.REQUEST_EXTENSION,
        on=D(2025, 10, 20),
        note="档案量大",
        today=D(2025, 10, 20),
    )
    registered(received_on=D(2025, 9, 29))
    # Reminders go through the outbox: delivered once their rows have committed.
    with django_capture_on_commit_callbacks(execute=True):
        assert main(["requests", "remind", "--date", "2025-10-28"]) == 0
    to = {m.to[0]: m for m in mail.outbox}
    assert set(to) == {"clerk@county.example.gov.cn", "head@county.example.gov.cn"}
    clerk_mail = to["clerk@county.example.gov.cn"].body
    # 0001 is due 2025-10-30; 0002, received 29 Sep, only on 3 Nov (National Day in between).
    assert "county-2025-0001" in clerk_mail and "county-2025-0002" not in clerk_mail
    assert "待您审批" in to["head@county.example.gov.cn"].body


@pytest.mark.django_db
def test_remind_dry_run_sends_nothing_and_bad_dates_are_explained(
    office, registered, emails, capsys
):
    registered(received_on=D(2025, 9, 26))
    assert main(["requests", "remind", "--date", "2025-10-28", "--dry-run"]) == 0
    assert mail.outbox == [] and "将发送" in capsys.readouterr().out
    assert main(["requests", "remind", "--date", "28/10/2025"]) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.django_db
def test_one_email_per_person_and_run_listing_all_their_requests(
    office, registered, emails, capsys, django_capture_on_commit_callbacks
):
    due = [registered(received_on=D(2025, 9, 26)) for _ in range(16)]
    actions.transition(
        actor=office["clerk"],
        info_request=due[0],
        event=Event.REQUEST_EXTENSION,
        on=D(2025, 10, 20),
        note="档案量大",
        today=D(2025, 10, 20),
    )
    assert main(["requests", "remind", "--date", "2025-10-28", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.count("clerk@county.example.gov.cn") == 1
    assert out.count("head@county.example.gov.cn") == 1
    assert "共将发送 2 封提醒" in out and "（16 件）" in out
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        assert main(["requests", "remind", "--date", "2025-10-28"]) == 0
    assert sorted(m.to[0] for m in mail.outbox) == [
        "clerk@county.example.gov.cn",
        "head@county.example.gov.cn",
    ]
    clerk_mail = next(m for m in mail.outbox if m.to[0].startswith("clerk"))
    assert all(req.number in clerk_mail.body for req in due)
    assert "答复期限 2025-10-30" in clerk_mail.body and "北京时间" in clerk_mail.body
    head_mail = next(m for m in mail.outbox if m.to[0].startswith("head"))
    assert due[0].number in head_mail.body and due[1].number not in head_mail.body


@pytest.mark.django_db
def test_a_clerk_alone_with_sixteen_due_requests_gets_one_email(office, registered, emails, capsys):
    for _ in range(16):
        registered(received_on=D(2025, 9, 26))
    assert main(["requests", "remind", "--date", "2025-10-28", "--dry-run"]) == 0
    assert "共将发送 1 封提醒" in capsys.readouterr().out
