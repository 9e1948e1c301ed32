import io
import json

import pytest

from gongkai.accounts.models import User
from gongkai.cli import main
from gongkai.organisations.models import Agency, RoleAssignment


@pytest.fixture
def stdin(monkeypatch):
    def feed(text):
        monkeypatch.setattr("sys.stdin", io.StringIO(text))

    return feed


@pytest.mark.django_db
def test_agency_create_and_list(capsys):
    assert (
        main(
            [
                "agency",
                "create",
                "--code",
                "top",
                "--name",
                "顶级市政府",
                "--level",
                "city",
                "--kind",
                "government",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "agency",
                "create",
                "--code",
                "top-edu",
                "--name",
                "顶级市教育局",
                "--level",
                "city",
                "--parent",
                "top",
            ]
        )
        == 0
    )
    assert Agency.objects.get(code="top-edu").parent.code == "top"
    capsys.readouterr()
    assert main(["agency", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [a["code"] for a in listed] == ["top", "top-edu"]


@pytest.mark.django_db
def test_agency_create_errors_are_one_chinese_line(capsys):
    assert (
        main(
            [
                "agency",
                "create",
                "--code",
                "x1",
                "--name",
                "x",
                "--level",
                "city",
                "--parent",
                "missing",
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "找不到" in err and "Traceback" not in err
    assert main(["agency", "create", "--code", "Bad Code", "--name", "x", "--level", "city"]) == 1
    assert "小写字母" in capsys.readouterr().err


def test_wrong_choices_are_usage_errors(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["agency", "create", "--code", "x", "--name", "x", "--level", "planet"])
    assert exc.value.code == 2


@pytest.mark.django_db
def test_user_create_with_roles(stdin, capsys):
    main(
        [
            "agency",
            "create",
            "--code",
            "top",
            "--name",
            "顶级市政府",
            "--level",
            "city",
            "--kind",
            "government",
        ]
    )
    stdin("a-long-enough-passphrase\n")
    assert (
        main(
            [
                "user",
                "create",
                "--username",
                "zhang",
                "--name",
                "张三",
                "--agency",
                "top",
                "--role",
                "handler",
                "--role",
                "head",
                "--password-stdin",
            ]
        )
        == 0
    )
    user = User.objects.get(username="zhang")
    assert user.check_password("a-long-enough-passphrase")
    assert set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)) == {
        "handler",
        "head",
    }


@pytest.mark.django_db
def test_weak_passwords_are_refused_and_nothing_is_created(stdin, capsys):
    stdin("123\n")
    assert main(["user", "create", "--username", "weak", "--password-stdin"]) == 1
    assert "密码" in capsys.readouterr().err
    assert not User.objects.filter(username="weak").exists()


@pytest.mark.django_db
def test_createadmin(stdin):
    stdin("another-long-passphrase\n")
    assert main(["createadmin", "--username", "root2", "--password-stdin"]) == 0
    assert User.objects.get(username="root2").is_superuser


def test_production_without_secret_key_fails_with_a_clear_message(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "GONGKAI_ENV"}}
    env["GONGKAI_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "agency", "list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "SECRET_KEY" in result.stderr and "Traceback" not in result.stderr


def test_a_bad_database_url_is_explained(tmp_path):
    import os
    import subprocess
    import sys

    env = dict(
        os.environ,
        GONGKAI_ENV="demo",
        GONGKAI_VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://nobody:wrong@127.0.0.1:1/none",
    )
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "agency", "list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "数据库" in result.stderr and "Traceback" not in result.stderr


def test_demo_prepares_data_once(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(GONGKAI_ENV="demo", GONGKAI_VAR_DIR=str(tmp_path))
    first = subprocess.run(
        [sys.executable, "-m", "gongkai", "demo", "--no-serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert first.returncode == 0, first.stderr
    assert "演示数据已载入" in first.stdout and "clerk" in first.stdout
    assert f"演示中发出的短信写在 {tmp_path.resolve() / 'sms'}/ 下" in first.stdout
    second = subprocess.run(
        [sys.executable, "-m", "gongkai", "demo", "--no-serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "未重复载入" in second.stdout
    verify = subprocess.run(
        [sys.executable, "-m", "gongkai", "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert verify.returncode == 0 and "完好" in verify.stdout
