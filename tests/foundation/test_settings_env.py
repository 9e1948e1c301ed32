"""Every environment variable the README's configuration table documents reaches the settings
and changes what the table says it changes.

The variables are read from the README itself (section 配置（环境变量）), and each needs an
entry in ``CHECKS``: a documented variable without one fails, and so does a check for a
variable the README no longer documents. Each check loads a fresh copy of the settings module
under the environment it chooses (``load``), so nothing leaks into the running settings.
"""

from __future__ import annotations

import importlib.util
import json
import re
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings

import gongkai.config

REPO_ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = Path(gongkai.config.__file__).with_name("settings.py")
SECTION = "## 配置（环境变量）"


def documented_variables() -> list[str]:
    """The variable names in the first column of the README's configuration table (a row may
    name several, e.g. the EMAIL_* row)."""
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert SECTION in text, f"README.md 缺少“{SECTION}”一节"
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    names = []
    for line in section.splitlines():
        if line.startswith("|"):
            names += re.findall(r"`([A-Z][A-Z0-9_]*)`", line.strip("|").split("|")[0])
    return names


Load = Callable[..., object]


@pytest.fixture
def load(monkeypatch, tmp_path) -> Load:
    """``load(NAME="value", …)``: the settings module as it comes out of that environment, on
    top of a test environment with every documented variable unset."""

    def do(**env: str):
        for name in documented_variables():
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("GONGKAI_ENV", "test")
        monkeypatch.setenv("GONGKAI_VAR_DIR", str(tmp_path / "var"))
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        spec = importlib.util.spec_from_file_location(
            f"settings_probe_{uuid.uuid4().hex}", SETTINGS_FILE
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return do


SMTP = {"EMAIL_HOST": "smtp.example.gov.cn"}
IDENTITY = {"applicant_name": "李四", "id_number": "11010519491231002X"}
KEY_A, KEY_B = "a" * 50, "b" * 50


def _mailer(module) -> dict:
    return module.MAILERS["default"]


def _pseudonym(module) -> str:
    from gongkai.requests.actions import key_for

    with override_settings(
        SECRET_KEY=module.SECRET_KEY, GONGKAI_PSEUDONYM_SECRET=module.GONGKAI_PSEUDONYM_SECRET
    ):
        return key_for(IDENTITY)


def _address_behind(module, peer: str, forwarded: str) -> str:
    from gongkai.client_address import client_address

    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(GONGKAI_TRUSTED_PROXIES=module.GONGKAI_TRUSTED_PROXIES):
        return client_address(request)


def check_environment(load):
    assert load(GONGKAI_ENV="demo").ENVIRONMENT == "demo"
    production = load(GONGKAI_ENV="production", SECRET_KEY=KEY_A)
    assert production.ENVIRONMENT == "production"
    assert production.ALLOWED_HOSTS == [] and production.SESSION_COOKIE_SECURE
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        load(GONGKAI_ENV="production")
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_ENV"):
        load(GONGKAI_ENV="staging")


def check_secret_key(load):
    assert load(SECRET_KEY=KEY_A).SECRET_KEY == KEY_A
    generated = load().SECRET_KEY
    assert generated != KEY_A and len(generated) >= 50


def check_database_url(load):
    db = load(DATABASE_URL="postgres://gk:pw@db.example:5433/gongkai").DATABASES["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "gongkai",
        "gk",
        "pw",
        "db.example",
        5433,
    )
    assert load().DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        load(DATABASE_URL="nosuchdb://x")


def check_allowed_hosts(load):
    assert load(ALLOWED_HOSTS="gk.example.gov.cn, 10.0.0.5").ALLOWED_HOSTS == [
        "gk.example.gov.cn",
        "10.0.0.5",
    ]


def check_csrf_trusted_origins(load):
    origins = load(CSRF_TRUSTED_ORIGINS="https://gk.example.gov.cn").CSRF_TRUSTED_ORIGINS
    assert origins == ["https://gk.example.gov.cn"]


def check_https(load):
    on = load(GONGKAI_HTTPS="1")
    assert on.SESSION_COOKIE_SECURE and on.CSRF_COOKIE_SECURE
    assert on.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    off = load(GONGKAI_ENV="production", SECRET_KEY=KEY_A, GONGKAI_HTTPS="0")
    assert not off.SESSION_COOKIE_SECURE and not off.CSRF_COOKIE_SECURE


def check_email_host(load):
    mailer = _mailer(load(**SMTP))
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"]["host"] == "smtp.example.gov.cn"
    assert "smtp" not in _mailer(load())["BACKEND"]


def check_email_port(load):
    assert _mailer(load(**SMTP, EMAIL_PORT="587"))["OPTIONS"]["port"] == 587


def check_email_host_user(load):
    assert _mailer(load(**SMTP, EMAIL_HOST_USER="gk"))["OPTIONS"]["username"] == "gk"


def check_email_host_password(load):
    assert _mailer(load(**SMTP, EMAIL_HOST_PASSWORD="pw"))["OPTIONS"]["password"] == "pw"


def check_email_use_tls(load):
    assert _mailer(load(**SMTP, EMAIL_USE_TLS="true"))["OPTIONS"]["use_tls"] is True
    assert _mailer(load(**SMTP))["OPTIONS"]["use_tls"] is False


def check_default_from_email(load):
    assert load(DEFAULT_FROM_EMAIL="gk@example.gov.cn").DEFAULT_FROM_EMAIL == "gk@example.gov.cn"


def check_var_dir(load, tmp_path):
    module = load(GONGKAI_VAR_DIR=str(tmp_path / "data"))
    assert module.VAR_DIR == tmp_path / "data"
    assert Path(module.DATABASES["default"]["NAME"]).parent == tmp_path / "data"
    assert (tmp_path / "data" / "secret_key").read_text() == module.SECRET_KEY


def check_media_dir(load, tmp_path):
    assert load(GONGKAI_MEDIA_DIR=str(tmp_path / "uploads")).MEDIA_ROOT == tmp_path / "uploads"
    assert load(GONGKAI_VAR_DIR=str(tmp_path / "data")).MEDIA_ROOT == tmp_path / "data" / "media"


def check_debug(load):
    assert load(GONGKAI_DEBUG="1").DEBUG is True
    assert load().DEBUG is False


def check_login_failure_limit(load):
    assert load(GONGKAI_LOGIN_FAILURE_LIMIT="9").AXES_FAILURE_LIMIT == 9


def check_session_seconds(load):
    assert load(GONGKAI_SESSION_SECONDS="600").SESSION_COOKIE_AGE == 600


def check_pseudonym_secret(load):
    own = _pseudonym(load(SECRET_KEY=KEY_A, GONGKAI_PSEUDONYM_SECRET="p" * 40))
    # Rotating SECRET_KEY keeps every applicant's key; another pseudonym secret changes it.
    assert _pseudonym(load(SECRET_KEY=KEY_B, GONGKAI_PSEUDONYM_SECRET="p" * 40)) == own
    assert _pseudonym(load(SECRET_KEY=KEY_A, GONGKAI_PSEUDONYM_SECRET="q" * 40)) != own
    # Unset, SECRET_KEY is the key.
    fallback = _pseudonym(load(SECRET_KEY=KEY_A))
    assert fallback == _pseudonym(load(SECRET_KEY=KEY_B, GONGKAI_PSEUDONYM_SECRET=KEY_A))
    assert fallback != _pseudonym(load(SECRET_KEY=KEY_B)) and fallback != own


def check_field_key(load, tmp_path):
    from gongkai.fieldcrypt.cipher import Keyring

    key_1, key_2 = "1" * 40, "sm4:" + "2" * 40
    assert load(GONGKAI_FIELD_KEY=f" {key_1} , {key_2} ").FIELD_KEYS == (key_1, key_2)
    ring = Keyring(load(GONGKAI_FIELD_KEY=f"{key_2},{key_1}").FIELD_KEYS)
    assert ring.encrypt("13812345678", "c").startswith("gk1:sm4:")
    # Without it: demo and test make the key file once, with mode 0600, and keep using it.
    made = load().FIELD_KEYS
    key_file = tmp_path / "var" / "field.key"
    assert made == (key_file.read_text().strip(),) and key_file.stat().st_mode & 0o777 == 0o600
    assert load().FIELD_KEYS == made and load(GONGKAI_FIELD_KEY=key_1).FIELD_KEYS == (key_1,)
    # Production reads a key file an operator put there, but never makes one.
    production = {"GONGKAI_ENV": "production", "SECRET_KEY": KEY_A}
    assert load(**production).FIELD_KEYS == made
    key_file.unlink()
    assert load(**production).FIELD_KEYS == () and not key_file.exists()
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_FIELD_KEY"):
        load(GONGKAI_FIELD_KEY="too-short")


def check_trusted_proxies(load):
    behind = load(GONGKAI_TRUSTED_PROXIES="127.0.0.1, 10.0.0.0/8")
    assert _address_behind(behind, "10.1.2.3", "198.51.100.4") == "198.51.100.4"
    assert _address_behind(load(), "10.1.2.3", "198.51.100.4") == "10.1.2.3"
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_TRUSTED_PROXIES"):
        load(GONGKAI_TRUSTED_PROXIES="nginx.local")


def check_submissions_per_hour(load):
    from gongkai.requests import submission_limit

    module = load(GONGKAI_SUBMISSIONS_PER_HOUR="7")
    with override_settings(GONGKAI_SUBMISSIONS_PER_HOUR=module.GONGKAI_SUBMISSIONS_PER_HOUR):
        assert submission_limit._rate(submission_limit.GROUP, None) == "7/h"
    assert load().GONGKAI_SUBMISSIONS_PER_HOUR == 5
    for bad in ("0", "五"):
        with pytest.raises(ImproperlyConfigured, match="GONGKAI_SUBMISSIONS_PER_HOUR"):
            load(GONGKAI_SUBMISSIONS_PER_HOUR=bad)


def check_api_calls_per_minute(load):
    assert load(GONGKAI_API_CALLS_PER_MINUTE="30").GONGKAI_API_CALLS_PER_MINUTE == 30
    assert load().GONGKAI_API_CALLS_PER_MINUTE == 120
    for bad in ("0", "-3", "百"):
        with pytest.raises(ImproperlyConfigured, match="GONGKAI_API_CALLS_PER_MINUTE"):
            load(GONGKAI_API_CALLS_PER_MINUTE=bad)


def check_redis_url(load, monkeypatch):
    limits = load(GONGKAI_REDIS_URL="redis://cache.example:6379/2").CACHES["limits"]
    assert limits["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert limits["LOCATION"] == "redis://cache.example:6379/2"
    assert load().CACHES["limits"]["BACKEND"] == "gongkai.config.cache.AtomicDatabaseCache"
    # The same Redis queues the background tasks when they are on Redis.
    module = load(GONGKAI_TASKS_BACKEND="redis", GONGKAI_REDIS_URL="rediss://:pw@cache.example/3")
    assert module.TASKS["default"]["OPTIONS"]["REDIS_URL"] == "rediss://:pw@cache.example/3"
    assert module.CACHES["limits"]["LOCATION"] == "rediss://:pw@cache.example/3"
    unix = load(GONGKAI_TASKS_BACKEND="redis", GONGKAI_REDIS_URL="unix:///run/redis.sock?db=1")
    assert unix.TASKS["default"]["OPTIONS"]["REDIS_URL"].startswith("unix:///run/redis.sock")
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    with pytest.raises(ImproperlyConfigured, match=r"gongkai\[redis\]"):
        load(GONGKAI_REDIS_URL="redis://cache.example:6379/2")


def check_search_backend(load):
    from django.db import connection

    from gongkai.catalog import search
    from gongkai.catalog.search.postgres import PostgresBackend
    from gongkai.catalog.search.sqlite import SqliteBackend

    # The database's own backend unless told otherwise: name the other one.
    other = SqliteBackend if connection.vendor == "postgresql" else PostgresBackend
    module = load(GONGKAI_SEARCH_BACKEND=f"{other.__module__}.{other.__name__}")
    with override_settings(GONGKAI_SEARCH_BACKEND=module.GONGKAI_SEARCH_BACKEND):
        assert isinstance(search.backend(), other)
    with override_settings(GONGKAI_SEARCH_BACKEND=load().GONGKAI_SEARCH_BACKEND):
        assert not isinstance(search.backend(), other)


def check_hsts_seconds(load):
    assert load(GONGKAI_HSTS_SECONDS="600").SECURE_HSTS_SECONDS == 600
    production = load(GONGKAI_ENV="production", SECRET_KEY=KEY_A)
    assert production.SECURE_HSTS_SECONDS == 365 * 24 * 3600
    assert load().SECURE_HSTS_SECONDS == 0
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_HSTS_SECONDS"):
        load(GONGKAI_HSTS_SECONDS="一年")


def check_hsts_subdomains(load):
    assert load().SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    assert load(GONGKAI_HSTS_SUBDOMAINS="0").SECURE_HSTS_INCLUDE_SUBDOMAINS is False


def check_max_upload_mb(load):
    assert load(GONGKAI_MAX_UPLOAD_MB="20").GONGKAI_MAX_UPLOAD_BYTES == 20 * 1024 * 1024
    assert load().GONGKAI_MAX_UPLOAD_BYTES == 260 * 1024 * 1024


def check_email_console(load):
    assert "filebased" in _mailer(load(GONGKAI_ENV="demo"))["BACKEND"]
    opted_in = load(GONGKAI_ENV="demo", GONGKAI_EMAIL_CONSOLE="1")
    assert opted_in.EMAIL_CONSOLE_OPT_IN is True
    assert _mailer(opted_in)["BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert load(GONGKAI_ENV="production", SECRET_KEY=KEY_A).EMAIL_CONSOLE_OPT_IN is False


def check_log_format(load):
    assert load(GONGKAI_LOG_FORMAT="json").LOG_FORMAT == "json"
    assert load().LOG_FORMAT == "plain"
    assert load(GONGKAI_ENV="production", SECRET_KEY=KEY_A).LOG_FORMAT == "json"
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_LOG_FORMAT"):
        load(GONGKAI_LOG_FORMAT="xml")


def check_log_level(load):
    assert load(GONGKAI_LOG_LEVEL="debug").LOGGING["root"]["level"] == "DEBUG"
    assert load().LOGGING["root"]["level"] == "WARNING"


def check_font_paths(load, monkeypatch, tmp_path):
    from gongkai.documents import fonts

    monkeypatch.setenv("GONGKAI_FONT_PATHS", f"{tmp_path}/a.ttf:{tmp_path}/fonts")
    assert fonts.search_paths() == [tmp_path / "a.ttf", tmp_path / "fonts"]
    monkeypatch.setenv("GONGKAI_FONT_PATHS", str(tmp_path))
    fonts.find_cjk_font.cache_clear()
    try:
        assert fonts.find_cjk_font() is None and str(tmp_path) in fonts.missing_fonts_message()
    finally:
        fonts.find_cjk_font.cache_clear()


SMS = "gongkai.notifications.sms."
GATEWAY = {"GONGKAI_SMS_GATEWAY_URL": "https://sms.example.gov.cn/send"}


def _sms_posted(module, monkeypatch):
    """The HTTP request the gateway backend makes under ``module``'s settings (urlopen
    replaced: no network)."""
    from gongkai.notifications import sms

    posted = []

    class Answer:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self):
            return b"{}"

    def urlopen(request, timeout):
        posted.append(request)
        return Answer()

    monkeypatch.setattr(sms.urllib.request, "urlopen", urlopen)
    names = (
        "GONGKAI_SMS_BACKEND",
        "GONGKAI_SMS_GATEWAY_URL",
        "GONGKAI_SMS_GATEWAY_TOKEN",
        "GONGKAI_SMS_SIGN",
    )
    with override_settings(**{name: getattr(module, name) for name in names}):
        sms.get_backend().send("13912345678", "测试")
    return posted[0]


def check_sms_backend(load, tmp_path):
    from gongkai.notifications import sms

    assert load().GONGKAI_SMS_BACKEND == SMS + "FileBackend"
    assert load(GONGKAI_ENV="demo").GONGKAI_SMS_BACKEND == SMS + "FileBackend"
    production = load(GONGKAI_ENV="production", SECRET_KEY=KEY_A)
    assert production.GONGKAI_SMS_BACKEND == SMS + "DisabledBackend"
    assert load(**GATEWAY).GONGKAI_SMS_BACKEND == SMS + "GatewayBackend"
    chosen = load(**GATEWAY, GONGKAI_SMS_BACKEND=SMS + "ConsoleBackend")
    with override_settings(GONGKAI_SMS_BACKEND=chosen.GONGKAI_SMS_BACKEND):
        assert isinstance(sms.get_backend(), sms.ConsoleBackend)
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_SMS_GATEWAY_URL"):
        load(GONGKAI_SMS_BACKEND=SMS + "GatewayBackend")
    with override_settings(
        GONGKAI_SMS_BACKEND=load().GONGKAI_SMS_BACKEND, GONGKAI_SMS_DIR=tmp_path / "sms-out"
    ):
        sms.get_backend().send("13912345678", "测试")
    assert [p.read_text("utf-8") for p in (tmp_path / "sms-out").iterdir()] == [
        "To: 13912345678\n\n【政府信息公开】测试\n"
    ]


def check_sms_gateway_url(load, monkeypatch):
    assert _sms_posted(load(**GATEWAY), monkeypatch).full_url == GATEWAY["GONGKAI_SMS_GATEWAY_URL"]
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_SMS_GATEWAY_URL"):
        load(GONGKAI_SMS_GATEWAY_URL="sms.example.gov.cn/send")


def check_sms_gateway_token(load, monkeypatch):
    posted = _sms_posted(load(**GATEWAY, GONGKAI_SMS_GATEWAY_TOKEN="t0k"), monkeypatch)
    assert posted.get_header("Authorization") == "Bearer t0k"
    assert _sms_posted(load(**GATEWAY), monkeypatch).get_header("Authorization") is None


def check_sms_sign(load, monkeypatch):
    posted = _sms_posted(load(**GATEWAY, GONGKAI_SMS_SIGN="示范市人民政府"), monkeypatch)
    assert json.loads(posted.data)["sign"] == "示范市人民政府"
    assert json.loads(_sms_posted(load(**GATEWAY), monkeypatch).data)["sign"] == "政府信息公开"


def check_tasks_backend(load):
    assert load().TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    assert load(GONGKAI_ENV="demo").TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert (
        load(GONGKAI_TASKS_BACKEND="db").TASKS["default"]["BACKEND"].startswith("django_tasks_db")
    )
    assert (
        load(GONGKAI_ENV="demo", GONGKAI_TASKS_BACKEND="immediate")
        .TASKS["default"]["BACKEND"]
        .endswith("ImmediateBackend")
    )
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_TASKS_BACKEND"):
        load(GONGKAI_TASKS_BACKEND="celery")
    # Redis: the URL's form is checked, nothing is connected to (no server runs here).
    tasks = load(GONGKAI_TASKS_BACKEND="redis").TASKS["default"]
    assert tasks["BACKEND"] == "django_tasks_redis.RedisTaskBackend"
    assert tasks["OPTIONS"]["REDIS_URL"] == "redis://127.0.0.1:6379/0"
    for bad in ("http://redis.example:6379/0", "redis://", "redis://host:port/0", "redis://h/x"):
        with pytest.raises(
            ImproperlyConfigured, match="GONGKAI_TASKS_BACKEND=redis.*GONGKAI_REDIS_URL"
        ):
            load(GONGKAI_TASKS_BACKEND="redis", GONGKAI_REDIS_URL=bad)


def check_task_lease_seconds(load):
    assert load().GONGKAI_TASK_LEASE_SECONDS == 900
    assert load(GONGKAI_TASK_LEASE_SECONDS="60").GONGKAI_TASK_LEASE_SECONDS == 60
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_TASK_LEASE_SECONDS"):
        load(GONGKAI_TASK_LEASE_SECONDS="soon")
    # On Redis the lease is the claim timeout after which another worker takes a task over.
    redis = load(GONGKAI_TASKS_BACKEND="redis", GONGKAI_TASK_LEASE_SECONDS="60")
    assert redis.TASKS["default"]["OPTIONS"]["REDIS_CLAIM_TIMEOUT"] == 60


def check_schedule(load):
    assert load().GONGKAI_SCHEDULE is True
    assert load(GONGKAI_SCHEDULE="0").GONGKAI_SCHEDULE is False


# One entry per documented variable. A check takes ``load`` and may ask for ``tmp_path`` or
# ``monkeypatch`` too (by parameter name).
def check_site_url(load):
    from gongkai.webhooks import payloads

    module = load(GONGKAI_SITE_URL="https://gk.example.gov.cn/")
    with override_settings(GONGKAI_SITE_URL=module.GONGKAI_SITE_URL):
        assert payloads.link("/info/7/") == "https://gk.example.gov.cn/info/7/"
    with override_settings(GONGKAI_SITE_URL=load().GONGKAI_SITE_URL):
        assert payloads.link("/info/7/") == "/info/7/"
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_SITE_URL"):
        load(GONGKAI_SITE_URL="gk.example.gov.cn")


def check_webhook_hosts(load):
    from gongkai.webhooks import targets

    listed = load(GONGKAI_WEBHOOK_HOSTS="127.0.0.1, 10.20.0.0/16").GONGKAI_WEBHOOK_HOSTS
    assert targets.refusal("http://127.0.0.1:8080/hook", allowed=listed) is None
    assert targets.refusal("http://10.30.0.1/hook", allowed=listed)  # not in the list
    unset = load().GONGKAI_WEBHOOK_HOSTS
    assert targets.refusal("http://10.30.0.1/hook", allowed=unset) is None
    assert targets.refusal("http://127.0.0.1:8080/hook", allowed=unset)  # the machine itself


CHECKS: dict[str, Callable[..., None]] = {
    "GONGKAI_ENV": check_environment,
    "SECRET_KEY": check_secret_key,
    "DATABASE_URL": check_database_url,
    "ALLOWED_HOSTS": check_allowed_hosts,
    "CSRF_TRUSTED_ORIGINS": check_csrf_trusted_origins,
    "GONGKAI_HTTPS": check_https,
    "EMAIL_HOST": check_email_host,
    "EMAIL_PORT": check_email_port,
    "EMAIL_HOST_USER": check_email_host_user,
    "EMAIL_HOST_PASSWORD": check_email_host_password,
    "EMAIL_USE_TLS": check_email_use_tls,
    "DEFAULT_FROM_EMAIL": check_default_from_email,
    "GONGKAI_SMS_BACKEND": check_sms_backend,
    "GONGKAI_SMS_GATEWAY_URL": check_sms_gateway_url,
    "GONGKAI_SMS_GATEWAY_TOKEN": check_sms_gateway_token,
    "GONGKAI_SMS_SIGN": check_sms_sign,
    "GONGKAI_VAR_DIR": check_var_dir,
    "GONGKAI_MEDIA_DIR": check_media_dir,
    "GONGKAI_DEBUG": check_debug,
    "GONGKAI_LOGIN_FAILURE_LIMIT": check_login_failure_limit,
    "GONGKAI_SESSION_SECONDS": check_session_seconds,
    "GONGKAI_PSEUDONYM_SECRET": check_pseudonym_secret,
    "GONGKAI_FIELD_KEY": check_field_key,
    "GONGKAI_TRUSTED_PROXIES": check_trusted_proxies,
    "GONGKAI_SUBMISSIONS_PER_HOUR": check_submissions_per_hour,
    "GONGKAI_API_CALLS_PER_MINUTE": check_api_calls_per_minute,
    "GONGKAI_REDIS_URL": check_redis_url,
    "GONGKAI_TASKS_BACKEND": check_tasks_backend,
    "GONGKAI_TASK_LEASE_SECONDS": check_task_lease_seconds,
    "GONGKAI_SCHEDULE": check_schedule,
    "GONGKAI_SEARCH_BACKEND": check_search_backend,
    "GONGKAI_HSTS_SECONDS": check_hsts_seconds,
    "GONGKAI_HSTS_SUBDOMAINS": check_hsts_subdomains,
    "GONGKAI_MAX_UPLOAD_MB": check_max_upload_mb,
    "GONGKAI_EMAIL_CONSOLE": check_email_console,
    "GONGKAI_LOG_FORMAT": check_log_format,
    "GONGKAI_LOG_LEVEL": check_log_level,
    "GONGKAI_FONT_PATHS": check_font_paths,
    "GONGKAI_SITE_URL": check_site_url,
    "GONGKAI_WEBHOOK_HOSTS": check_webhook_hosts,
}


def test_the_table_and_the_checks_name_the_same_variables():
    documented = documented_variables()
    assert len(documented) == len(set(documented)), "README 的配置表中有重复的变量"
    unchecked = [name for name in documented if name not in CHECKS]
    assert not unchecked, f"README 记载了这些变量，但 CHECKS 中没有对应的检查：{unchecked}"
    stale = [name for name in CHECKS if name not in documented]
    assert not stale, f"CHECKS 检查的这些变量在 README 的配置表中没有记载：{stale}"


@pytest.mark.parametrize("name", documented_variables())
def test_the_variable_changes_what_the_readme_says(name, load, request):
    check = CHECKS.get(name)
    if check is None:
        pytest.fail(f"README 记载了 {name}，但 CHECKS 中没有它的检查")
    extras = check.__code__.co_varnames[1 : check.__code__.co_argcount]
    check(load, **{extra: request.getfixturevalue(extra) for extra in extras})
