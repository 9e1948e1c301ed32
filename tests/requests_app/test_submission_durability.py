"""A submission killed half-way leaves the whole request or nothing (never a request without
its attachments, or attachments without their request)."""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

SETUP = textwrap.dedent(
    """
    import django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from gongkai.accounts.system import SYSTEM
    from gongkai.organisations.actions import create_agency
    create_agency(actor=SYSTEM, code="county", name="示范县人民政府", level="county",
                  kind="government")
    """
)

SUBMIT = textwrap.dedent(
    """
    import sys, time
    import django
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from gongkai.requests import models

    if sys.argv[1] == "pause":
        create = models.Attachment.objects.create

        def create_then_stall(*args, **kwargs):
            attachment = create(*args, **kwargs)
            print("PAUSED", flush=True)  # the request and one attachment are written, uncommitted
            time.sleep(120)
            return attachment

        models.Attachment.objects.create = create_then_stall
    files = [SimpleUploadedFile(f"{n}.pdf", b"%PDF-1.4 test", "application/pdf") for n in "ab"]
    response = Client().post("/agencies/county/apply/", {
        "applicant_type": "natural_person", "applicant_name": "李四", "id_type": "passport",
        "id_number": "E12345678", "phone": "13912345678", "email": "lisi@example.com",
        "description": "某信息", "provision_form": "electronic", "receive_method": "email",
        "attachments": files,
    })
    print("STATUS", response.status_code, flush=True)
    """
)


def _env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        GONGKAI_ENV="demo",
        GONGKAI_VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="gongkai.config.settings",
    )
    return env


def _counts(tmp_path):
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        requests = db.execute("SELECT count(*) FROM requests_inforequest").fetchone()[0]
        attachments = db.execute("SELECT count(*) FROM requests_attachment").fetchone()[0]
    return requests, attachments


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_mid_submission_leaves_nothing_and_a_full_one_leaves_everything(tmp_path):
    env = _env(tmp_path)
    subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, timeout=120)

    child = subprocess.Popen(
        [sys.executable, "-c", SUBMIT, "pause"], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        line = child.stdout.readline()
        assert line.strip() == "PAUSED"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert _counts(tmp_path) == (0, 0)

    done = subprocess.run(
        [sys.executable, "-c", SUBMIT, "run"], env=env, capture_output=True, text=True, timeout=120
    )
    assert "STATUS 302" in done.stdout, done.stderr
    assert _counts(tmp_path) == (1, 2)
