import pytest
from django.core import mail

from gongkai.cli import main


@pytest.fixture
def editors(region, password):
    from gongkai.accounts.system import SYSTEM
    from gongkai.organisations.actions import assign_role
    from gongkai.organisations.actions.accounts import create_user

    for username, agency in [("officehead", "office"), ("cityhead", "city")]:
        user = create_user(
            actor=SYSTEM, username=username, password=password, email=f"{username}@example.gov.cn"
        )
        assign_role(actor=SYSTEM, user=user, agency=region[agency], role="head")


@pytest.mark.django_db
def test_departments_are_reminded_in_january_and_governments_in_march(
    region, editors, capsys, django_capture_on_commit_callbacks
):
    # Reminders go through the outbox: delivered once their rows have committed.
    with django_capture_on_commit_callbacks(execute=True):
        assert main(["report", "remind", "--date", "2026-01-20"]) == 0
    assert [m.to for m in mail.outbox] == [["officehead@example.gov.cn"]]  # due 31 January
    assert "应于" in mail.outbox[0].subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert main(["report", "remind", "--date", "2026-03-01"]) == 0
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == ["cityhead@example.gov.cn", "officehead@example.gov.cn"]  # city due 10 March
    assert any("逾期" in m.subject for m in mail.outbox)


@pytest.mark.django_db
def test_remind_dry_run(region, editors, capsys):
    assert main(["report", "remind", "--date", "2026-01-20", "--dry-run"]) == 0
    assert mail.outbox == [] and "将发送" in capsys.readouterr().out
