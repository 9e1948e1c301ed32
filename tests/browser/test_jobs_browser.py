"""The operator's 后台任务 page in a browser: a mail that failed through an SMTP outage is shown
with its error (without the address) and goes back into the queue with 重试."""

import pytest

from gongkai.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser
ADDRESS = "wangwu@example.com"


def _failed_mail():
    from gongkai.outbox.models import IndexChange, IndexStatus, Mail, MailKind, MailStatus

    IndexChange.objects.create(
        record_id=1, op="index", status=IndexStatus.QUEUED, attempts=2,
        last_error="OperationalError: database is locked",
    )  # fmt: skip
    return Mail.objects.create(
        kind=MailKind.APPLICANT,
        recipient=ADDRESS,
        subject="您的政府信息公开申请已答复（demo-county-2026-0042）",
        body="王五：……",
        status=MailStatus.FAILED,
        attempts=8,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed（〔收件人〕）",
    )


def test_the_operator_sees_a_failed_mail_and_retries_it(demo_data, live_server, page, shot):
    from gongkai.outbox.models import IndexChange, Mail, MailStatus

    row = _failed_mail()
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("登录名").fill("operator")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{base}/office/jobs/")
    page.wait_for_selector("text=待发邮件")
    assert "发送失败" in page.content() and ADDRESS not in page.content()
    shot(page, "jobs-failed-mail")
    page.get_by_role("button", name="重试").click()
    page.wait_for_selector("text=已重新排队")
    row.refresh_from_db()
    assert row.status != MailStatus.FAILED  # queued again (and sent: the demo's mail is a file)
    shot(page, "jobs-after-retry")
    # The demo is shared by the browser tests: leave it as it was.
    Mail.objects.filter(pk=row.pk).delete()
    IndexChange.objects.filter(record_id=1, attempts=2).delete()
