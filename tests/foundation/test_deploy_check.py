"""`gongkai check --deploy` passes in the README's production configuration and fails, in
Chinese, on each setting that must not reach production. Each case runs the real command in a
fresh process with only the environment it names."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def readme_production_env() -> dict[str, str]:
    """The variables exported in the README's 生产部署 section, with a real secret key."""
    text = (REPO / "README.md").read_text()
    section = text.split("## 生产部署", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    exports = re.search(r"^export (.*?)(?:\n(?!\s))", block, re.S | re.M).group(1)
    env = dict(re.findall(r"([A-Z_]+)=('[^']*'|\S+)", exports.replace("\\\n", " ")))
    env = {k: v.strip("'") for k, v in env.items()}
    assert env["GONGKAI_ENV"] == "production" and "SECRET_KEY" in env
    assert "GONGKAI_FIELD_KEY" in env
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    env["GONGKAI_FIELD_KEY"] = secrets.token_hex(32)
    return env


@pytest.fixture
def run(tmp_path):
    def go(env: dict[str, str], *, code: str | None = None):
        env = dict(env)
        env["GONGKAI_VAR_DIR"] = str(tmp_path / "var")  # never /var/lib/gongkai on this machine
        full = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), **env}
        args = ["-c", code] if code else ["-m", "gongkai", "check", "--deploy"]
        return subprocess.run(
            [sys.executable, *args], env=full, capture_output=True, text=True, timeout=120
        )

    return go


def without(env, *names):
    return {k: v for k, v in env.items() if k not in names}


def test_the_readme_production_configuration_passes(run):
    result = run(readme_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "正式部署检查通过" in result.stdout


def assert_fails_with(result, check_id, *phrases):
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert f"错误 [{check_id}]" in out
    for phrase in phrases:
        assert phrase in out
    assert "正式部署检查未通过" in result.stderr
    assert "Traceback" not in out


def test_console_mail_in_production_fails_unless_opted_in(run):
    env = without(readme_production_env(), "EMAIL_HOST")
    assert_fails_with(run(env), "gongkai.E005", "没有设置发信服务器", "GONGKAI_EMAIL_CONSOLE=1")
    opted_in = run(env | {"GONGKAI_EMAIL_CONSOLE": "1"})
    assert opted_in.returncode == 0, opted_in.stdout + opted_in.stderr


@pytest.mark.parametrize(
    "change",
    [{"GONGKAI_HSTS_SECONDS": "0"}, {"GONGKAI_HTTPS": "0"}],
    ids=["hsts-zero", "no-https"],
)
def test_hsts_off_fails(run, change):
    assert_fails_with(run(readme_production_env() | change), "gongkai.E004", "未开启 HSTS")


def test_debug_on_fails(run):
    result = run(readme_production_env() | {"GONGKAI_DEBUG": "1"})
    assert_fails_with(result, "gongkai.E002", "调试模式已开启", "GONGKAI_DEBUG")


def test_no_allowed_hosts_fails(run):
    result = run(without(readme_production_env(), "ALLOWED_HOSTS"))
    assert_fails_with(result, "gongkai.E003", "ALLOWED_HOSTS")


def test_no_field_key_fails(run, tmp_path):
    result = run(without(readme_production_env(), "GONGKAI_FIELD_KEY"))
    assert_fails_with(result, "gongkai.E007", "加密", "GONGKAI_FIELD_KEY", "SM4")
    assert not (tmp_path / "var" / "field.key").exists()  # production never makes one


def test_demo_mode_fails(run):
    result = run(readme_production_env() | {"GONGKAI_ENV": "demo"})
    assert_fails_with(result, "gongkai.E001", "GONGKAI_ENV")


def test_missing_cjk_fonts_fail(run, tmp_path):
    result = run(readme_production_env() | {"GONGKAI_FONT_PATHS": str(tmp_path)})
    assert_fails_with(result, "gongkai.E006", "中文", "fonts-wqy-zenhei", "GONGKAI_FONT_PATHS")


def test_uploads_inside_the_static_folder_fail(run, tmp_path):
    # STATIC_ROOT is GONGKAI_VAR_DIR/static; uploads there would be served without a check.
    result = run(readme_production_env() | {"GONGKAI_MEDIA_DIR": str(tmp_path / "var" / "static")})
    assert_fails_with(result, "gongkai.E008", "上传文件目录", "GONGKAI_MEDIA_DIR")


def test_django_warnings_are_said_in_chinese(run):
    result = run(readme_production_env() | {"SECRET_KEY": "short"})
    assert result.returncode == 0  # a warning, not an error
    assert "警告 [security.W009] SECRET_KEY 太短" in result.stdout
    assert "You " not in result.stdout


def test_demo_mail_goes_to_files_under_var_mail(run, tmp_path):
    code = (
        "import django; django.setup();"
        "from django.core.mail import send_mail;"
        "send_mail('提醒', '正文', 'gongkai@localhost', ['clerk@example.gov.cn'])"
    )
    env = {"GONGKAI_ENV": "demo", "DJANGO_SETTINGS_MODULE": "gongkai.config.settings"}
    result = run(env, code=code)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # nothing on the console
    files = list((tmp_path / "var" / "mail").iterdir())
    assert len(files) == 1 and "clerk@example.gov.cn" in files[0].read_text()


def test_production_without_an_sms_gateway_warns_and_passes(run):
    env = readme_production_env()
    result = run(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "gongkai.W001" in result.stdout and "没有配置短信网关" in result.stdout
    with_gateway = run(env | {"GONGKAI_SMS_GATEWAY_URL": "https://sms.example.gov.cn/send"})
    assert with_gateway.returncode == 0 and "gongkai.W001" not in with_gateway.stdout


def test_a_mistyped_sms_backend_fails_the_check(run):
    env = readme_production_env() | {"GONGKAI_SMS_BACKEND": "gongkai.notifications.sms.Gatway"}
    assert_fails_with(run(env), "gongkai.E009", "GONGKAI_SMS_BACKEND", "无法载入")
