"""Django settings, read from the environment with safe defaults.

``GONGKAI_ENV`` is ``production`` (the default), ``demo`` or ``test``. Production refuses to
start without ``SECRET_KEY``; demo and test generate one once and keep it in the var directory,
so sessions survive restarts of the demo.
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from gongkai import keyfiles as _keyfiles
from gongkai.config import logs as _logs
from gongkai.fieldcrypt import cipher as _fieldcrypt

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR", Path.cwd() / "var")).resolve()

ENVIRONMENT = os.environ.get("GONGKAI_ENV", "production").strip().lower()
if ENVIRONMENT not in {"production", "demo", "test"}:
    raise ImproperlyConfigured(
        f"GONGKAI_ENV 只能是 production、demo 或 test，当前为 {ENVIRONMENT!r}。"
    )


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("GONGKAI_DEBUG")


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    if ENVIRONMENT == "production":
        raise ImproperlyConfigured(
            "生产环境必须设置环境变量 SECRET_KEY（一段足够长的随机字符串）。"
            "如只想试用，请设置 GONGKAI_ENV=demo。"
        )
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

# ---- Applicant pseudonyms -------------------------------------------------------------------
# The HMAC key of applicant keys (requests.actions.key_for). A secret of its own, so rotating
# SECRET_KEY does not split every applicant's history; without it, SECRET_KEY is the key.
GONGKAI_PSEUDONYM_SECRET = os.environ.get("GONGKAI_PSEUDONYM_SECRET", "").strip() or SECRET_KEY

# ---- Field encryption (identity numbers, phones) ----------------------------------------------
# The keys of fieldcrypt, never in the database: GONGKAI_FIELD_KEY, comma-separated, the first
# encrypts and all decrypt (rotation); "sm4:" in front of a key selects SM4-GCM. Without it, the
# key file under the var directory: demo and test make it once; production only reads one an
# operator put there, and without either the system check gongkai.E007 (config/checks.py)
# refuses to migrate or serve.
FIELD_KEY_FILE = VAR_DIR / "field.key"


def _field_keys() -> tuple[str, ...]:
    texts = tuple(
        t.strip() for t in os.environ.get("GONGKAI_FIELD_KEY", "").split(",") if t.strip()
    )
    if not texts:
        stored = (
            _keyfiles.read_key(FIELD_KEY_FILE)
            if ENVIRONMENT == "production"
            else _keyfiles.read_or_create_key(FIELD_KEY_FILE)
        )
        texts = (stored.decode("utf-8"),) if stored else ()
    try:
        _fieldcrypt.Keyring(texts)
    except _fieldcrypt.KeyConfigError as exc:
        raise ImproperlyConfigured(f"GONGKAI_FIELD_KEY 不可用：{exc}") from exc
    return texts


FIELD_KEYS = _field_keys()

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "ALLOWED_HOSTS", "127.0.0.1,localhost" if ENVIRONMENT != "production" else ""
    ).split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_prose_editor",
    # Swagger UI's files for the API's docs page (/api/v1/docs), served from here, not a CDN.
    "ninja",
    "gongkai.config",
    "gongkai.accounts",
    "gongkai.organisations",
    "gongkai.audit",
    "gongkai.office",
    "gongkai.portal",
    "gongkai.workdays",
    "gongkai.outbox",
    "gongkai.requests",
    "gongkai.catalog",
    "gongkai.appeals",
    "gongkai.reports",
    "gongkai.api",
    "gongkai.webhooks",
    "django_tasks_db",
    "django.contrib.sitemaps",
    "django_structlog",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Every request past the static files is logged, a refused body included.
    "gongkai.config.middleware.RequestLogMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication (the office limit needs the user), before anything reads the body.
    "gongkai.config.middleware.RequestBodyLimitMiddleware",
    "gongkai.config.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A refusal (gongkai.errors) no view caught: its Chinese page and status, not a 500.
    "gongkai.web.errors.GongkaiErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Lockout checks run after authentication so they see the attempted credentials.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai.config.urls"
WSGI_APPLICATION = "gongkai.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.office.context.office_navigation",
            ],
        },
    },
]

_default_db = f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}"
_database_url = os.environ.get("DATABASE_URL", "").strip() or _default_db
if _database_url.startswith("sqlite:"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
try:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
except Exception as exc:  # dj-database-url raises several types for a malformed URL
    raise ImproperlyConfigured(f"DATABASE_URL 格式不正确（{exc}）。") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets readers proceed while one writer commits; IMMEDIATE takes the write lock at
    # BEGIN so concurrent writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "office:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout: five wrong passwords for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("GONGKAI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False


# ---- Client address behind a reverse proxy --------------------------------------------------
# Addresses (or CIDR ranges) of the reverse proxies in front of the platform. Only when the TCP
# peer is one of them is X-Forwarded-For believed (client_address.py); otherwise anyone
# could claim any address and escape the limits or lock out someone else.
def _trusted_proxies() -> list[str]:

    ranges = []
    for item in os.environ.get("GONGKAI_TRUSTED_PROXIES", "").split(","):
        if item.strip():
            try:
                ranges.append(str(ipaddress.ip_network(item.strip(), strict=False)))
            except ValueError as exc:
                raise ImproperlyConfigured(
                    f"GONGKAI_TRUSTED_PROXIES 中的 {item.strip()!r} 不是有效的 IP 地址或网段"
                    "（如 127.0.0.1、10.0.0.0/8），多个请用逗号分隔。"
                ) from exc
    return ranges


GONGKAI_TRUSTED_PROXIES = _trusted_proxies()
# Lockouts count per real client, and per username *and* address: an attacker's failures lock
# the attacker's address out of that account, never the staff member logging in from elsewhere.
AXES_CLIENT_IP_CALLABLE = "gongkai.client_address.client_address"

SESSION_COOKIE_AGE = int(os.environ.get("GONGKAI_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
_https = _flag("GONGKAI_HTTPS", ENVIRONMENT == "production")
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if _https:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} 必须是整数，当前为 {raw!r}。") from exc


# ---- Security headers: HSTS, CSP, request-body limits (gongkai check --deploy checks these) ----
# HSTS only makes sense where the site is served over HTTPS: a year by default in production.
SECURE_HSTS_SECONDS = _int_env(
    "GONGKAI_HSTS_SECONDS", 365 * 24 * 3600 if ENVIRONMENT == "production" and _https else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("GONGKAI_HSTS_SUBDOMAINS", True)
SILENCED_SYSTEM_CHECKS = [
    # nginx terminates HTTPS and redirects plain HTTP itself (README 生产部署); a redirect here
    # too would also send the load balancer's plain-HTTP /healthz probe away.
    "security.W008",
    # Joining the browsers' HSTS preload list is the domain owner's decision, not the platform's.
    "security.W021",
    # Replaced by gongkai.E005 (config/checks.py), which honours GONGKAI_EMAIL_CONSOLE.
    "mail.E001",
]
# Every script and style is a file of the package; the only inline ones (the editor's import
# map, its base <style>) carry the per-request nonce, so pages cached whole (catalog/cache.py)
# must never use one. Style attributes stay allowed: templates set tree depths and chart widths
# through them, and an attribute cannot run script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Request bodies are refused from their Content-Length before a byte is read
# (config/middleware.py). Anonymous requests carry at most a public submission: five 10 MB
# attachments and the form. Signed-in staff upload more (a release document is up to 250 MB).
GONGKAI_PUBLIC_BODY_BYTES = 52 * 1024 * 1024
GONGKAI_MAX_UPLOAD_BYTES = _int_env("GONGKAI_MAX_UPLOAD_MB", 260) * 1024 * 1024
# A release document to redact (requests/redaction_files.py, Limits): pages per file, and
# pixels per page image (pages are pictured at a lower resolution to stay under it, and refused
# when even 72 dpi would not). Pillow's decompression-bomb bound is set from the same figure.
GONGKAI_RELEASE_MAX_PAGES = 500
GONGKAI_RELEASE_MAX_PAGE_PIXELS = 25_000_000
# ---- end of security headers ----

LANGUAGE_CODE = "zh-hans"
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
try:  # WhiteNoise warns about a missing root even though it serves from the package here.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
except OSError:
    pass
# Serve straight from the package so a fresh checkout needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(os.environ.get("GONGKAI_MEDIA_DIR", VAR_DIR / "media"))
MEDIA_URL = "/media/"

# The audit log's HMAC key and its anchor live outside the database (see docs/ARCHITECTURE.md).
AUDIT_KEY = os.environ.get("GONGKAI_AUDIT_KEY") or None
AUDIT_KEY_FILE = VAR_DIR / "audit.key"
AUDIT_ANCHOR = Path(os.environ.get("GONGKAI_AUDIT_ANCHOR") or VAR_DIR / "audit-anchor.log")

# ---- E-mail (reminders, notices) ----
# SMTP when EMAIL_HOST is set. Without it: the demo writes each message to a file under
# var/mail/ (so they don't bury the demo's account table); tests keep Django's in-memory outbox;
# production prints to the console only when GONGKAI_EMAIL_CONSOLE says that is intended, and
# `gongkai check --deploy` fails otherwise, because mail printed to a server's log reaches nobody.
EMAIL_CONSOLE_OPT_IN = _flag("GONGKAI_EMAIL_CONSOLE")
MAIL_DIR = VAR_DIR / "mail"
if os.environ.get("EMAIL_HOST"):
    _mailer = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ["EMAIL_HOST"],
            "port": _int_env("EMAIL_PORT", 25),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": _flag("EMAIL_USE_TLS"),
        },
    }
elif ENVIRONMENT == "demo" and not EMAIL_CONSOLE_OPT_IN:
    _mailer = {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(MAIL_DIR)},
    }
else:
    _mailer = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
MAILERS = {"default": _mailer}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongkai@localhost")
# ---- end of e-mail ----

# ---- SMS (notices to applicants who gave a mobile number; gongkai/notifications/) ----
# A backend class by dotted path. Without GONGKAI_SMS_BACKEND: the HTTP gateway when its URL is
# set; else the demo and the tests write each message to a file under GONGKAI_SMS_DIR, and
# production sends none ("disabled": a log line per notice; `gongkai check --deploy` warns).
GONGKAI_SMS_DIR = VAR_DIR / "sms"
GONGKAI_SMS_GATEWAY_URL = os.environ.get("GONGKAI_SMS_GATEWAY_URL", "").strip()
GONGKAI_SMS_GATEWAY_TOKEN = os.environ.get("GONGKAI_SMS_GATEWAY_TOKEN", "").strip()
# The carriers require a registered signature 【…】 before every message.
GONGKAI_SMS_SIGN = os.environ.get("GONGKAI_SMS_SIGN", "").strip() or "政府信息公开"
if GONGKAI_SMS_GATEWAY_URL and not GONGKAI_SMS_GATEWAY_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        f"GONGKAI_SMS_GATEWAY_URL 必须以 https:// 或 http:// 开头，当前为 {GONGKAI_SMS_GATEWAY_URL!r}。"
    )
_sms = "gongkai.notifications.sms."
GONGKAI_SMS_BACKEND = os.environ.get("GONGKAI_SMS_BACKEND", "").strip() or (
    _sms + "GatewayBackend"
    if GONGKAI_SMS_GATEWAY_URL
    else _sms + ("DisabledBackend" if ENVIRONMENT == "production" else "FileBackend")
)
if GONGKAI_SMS_BACKEND == _sms + "GatewayBackend" and not GONGKAI_SMS_GATEWAY_URL:
    raise ImproperlyConfigured("短信使用 HTTP 网关时必须设置 GONGKAI_SMS_GATEWAY_URL。")
# ---- end of SMS ----

# ---- Logging: structured (config/logs.py); each request logged by config/middleware.py ----
LOG_FORMAT = (
    os.environ.get("GONGKAI_LOG_FORMAT", "json" if ENVIRONMENT == "production" else "plain")
    .strip()
    .lower()
)
if LOG_FORMAT not in _logs.FORMATS:
    raise ImproperlyConfigured(f"GONGKAI_LOG_FORMAT 只能是 json 或 plain，当前为 {LOG_FORMAT!r}。")
_log_level = os.environ.get("GONGKAI_LOG_LEVEL", "WARNING").strip().upper()
# Production records every request (INFO); elsewhere gunicorn's access log is enough.
LOGGING = _logs.configure(
    LOG_FORMAT, _log_level, "INFO" if ENVIRONMENT == "production" else _log_level
)
DJANGO_STRUCTLOG_STATUS_START_LOG_LEVEL = 10  # DEBUG: one line a request, when it finishes
# An address is personal data, and X-Forwarded-For is only trusted behind a known proxy.
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False
# ---- end of logging ----

# ---- Search backend -------------------------------------------------------------------------
# Dotted path of a catalog.search.base.SearchBackend; empty means the database's own search.
GONGKAI_SEARCH_BACKEND = os.environ.get("GONGKAI_SEARCH_BACKEND", "").strip()

# ---- Webhooks (gongkai.webhooks) -------------------------------------------------------------
# The platform's own address as receivers reach it: links in deliveries (a reply letter, a
# published record) are absolute with it, paths without it.
GONGKAI_SITE_URL = os.environ.get("GONGKAI_SITE_URL", "").strip().rstrip("/")
if GONGKAI_SITE_URL and not re.fullmatch(r"https?://[^/\s?#]+(/[^\s?#]*)?", GONGKAI_SITE_URL):
    raise ImproperlyConfigured(
        f"GONGKAI_SITE_URL 应为平台的网址，如 https://gk.example.gov.cn，收到的是“{GONGKAI_SITE_URL}”。"
    )
# Which receivers a subscription may send to (host names, addresses, networks); empty: any
# but this machine and the link-local/reserved ranges (gongkai/webhooks/targets.py).
GONGKAI_WEBHOOK_HOSTS = [
    h.strip() for h in os.environ.get("GONGKAI_WEBHOOK_HOSTS", "").split(",") if h.strip()
]

# ---- Shared cache and rate limits -----------------------------------------------------------
# Limits must be counted in one place for every worker process: Redis when configured, else a
# table in the platform's database (created by `gongkai migrate`). The page cache ("default")
# stays per process; it is keyed on the catalog's generation, so it needs no sharing, and its
# many pages must not crowd the counters out of the limits table.
_redis_url = os.environ.get("GONGKAI_REDIS_URL", "").strip()
if _redis_url:
    import importlib.util

    if importlib.util.find_spec("redis") is None:
        raise ImproperlyConfigured(
            "已设置 GONGKAI_REDIS_URL，但未安装 redis 客户端：请运行 pip install 'gongkai[redis]'。"
        )
    _limits_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _redis_url,
    }
else:
    _limits_cache = {
        "BACKEND": "gongkai.config.cache.AtomicDatabaseCache",
        "LOCATION": "gongkai_limits",
        # Past this many entries the cache culls, and a cull deletes live counters too.
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    }
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "limits": _limits_cache,
}
RATELIMIT_USE_CACHE = "limits"
# A counter that cannot be read lets the request through (requests/submission_limit.py says why).
RATELIMIT_FAIL_OPEN = True
RATELIMIT_IP_META_KEY = "gongkai.client_address.client_address"

# ---- Background work (issue 14): django.tasks, queued in the platform's own database ----
# "db" (django-tasks-db: rows in the same database, run by `gongkai worker`) needs nothing more
# on an intranet; "redis" (django-tasks-redis: Redis streams at GONGKAI_REDIS_URL) lets workers
# on several machines share one queue; "immediate" runs each task inside the enqueueing process
# (tests, a one-off script). The test environment defaults to immediate so a test sees a
# task's effect at once.
_TASK_BACKENDS = {
    "db": "django_tasks_db.DatabaseBackend",
    "redis": "django_tasks_redis.RedisTaskBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
_task_backend = os.environ.get("GONGKAI_TASKS_BACKEND", "").strip().lower() or (
    "immediate" if ENVIRONMENT == "test" else "db"
)
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"GONGKAI_TASKS_BACKEND 只能是 db、redis 或 immediate，当前为 {_task_backend!r}。"
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend]}}
# django-tasks-db leaves a task RUNNING for ever when its worker dies (no lease); `gongkai
# worker` puts a RUNNING task older than this back in the queue (gongkai/config/worker.py).
# On Redis it is the claim timeout after which another worker takes over a dead one's task.
GONGKAI_TASK_LEASE_SECONDS = _int_env("GONGKAI_TASK_LEASE_SECONDS", 15 * 60)
# The periodic jobs (reminders, the audit check) run by `gongkai worker` (config/schedule.py);
# off for an installation that keeps its own cron lines, or whose second worker should not.
GONGKAI_SCHEDULE = _flag("GONGKAI_SCHEDULE", True)


def _redis_url_problem(url: str) -> str | None:
    """What is wrong with a Redis URL's form, or None. Only the form: settings never connect,
    a worker started before Redis is up keeps retrying and says so in its log."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "格式无法识别"
    if parts.scheme == "unix":
        return None if parts.path else "unix:// 之后缺少套接字路径"
    if parts.scheme not in ("redis", "rediss"):
        return "应以 redis://、rediss:// 或 unix:// 开头"
    if not parts.hostname:
        return "缺少主机名"
    if port == 0:
        return "端口不能为 0"
    db = parts.path.strip("/")
    if db and not db.isdigit():
        return f"数据库编号应为整数（如 /0），当前为 {db!r}"
    return None


if _task_backend == "redis":
    _tasks_redis_url = _redis_url or "redis://127.0.0.1:6379/0"
    _problem = _redis_url_problem(_tasks_redis_url)
    if _problem:
        raise ImproperlyConfigured(
            f"GONGKAI_TASKS_BACKEND=redis 需要有效的 GONGKAI_REDIS_URL（如 "
            f"redis://127.0.0.1:6379/0）：{_tasks_redis_url!r} {_problem}。"
        )
    TASKS["default"] = {
        "BACKEND": _TASK_BACKENDS["redis"],
        "OPTIONS": {
            "REDIS_URL": _tasks_redis_url,
            "REDIS_KEY_PREFIX": "gongkai_tasks",
            # The same lease as the database backend's: a message a worker has held this long
            # unacknowledged is taken to be a dead worker's, and run by another.
            "REDIS_CLAIM_TIMEOUT": GONGKAI_TASK_LEASE_SECONDS,
        },
    }


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip() or str(default)
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ImproperlyConfigured(f"{name} 必须是正整数，当前为 {raw!r}。")
    return value


# Online requests accepted from one client address per hour.
GONGKAI_SUBMISSIONS_PER_HOUR = _positive_int("GONGKAI_SUBMISSIONS_PER_HOUR", 5)
# Calls one API token may make per minute (gongkai.api.auth).
GONGKAI_API_CALLS_PER_MINUTE = _positive_int("GONGKAI_API_CALLS_PER_MINUTE", 120)
