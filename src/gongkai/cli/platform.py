"""Running the platform: serve, migrate, demo, createadmin."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import subprocess
import sys
from pathlib import Path

from gongkai.cli import CommandError
from gongkai.cli._django import run_action, setup_django


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "serve",
        help="启动网站服务（生产用 WSGI 服务器 gunicorn）/ start the web server",
        description="用 gunicorn 启动平台网站。生产环境请先设置 SECRET_KEY、ALLOWED_HOSTS、DATABASE_URL。",
    )
    _server_options(p)
    p.set_defaults(func=cmd_serve)

    p = subparsers.add_parser(
        "migrate",
        help="创建或升级数据库表 / create or upgrade the database tables",
        description="按 DATABASE_URL 指定的数据库创建或升级表结构。可重复运行。",
    )
    p.set_defaults(func=cmd_migrate)

    p = subparsers.add_parser(
        "demo",
        help="用演示数据启动平台（SQLite）/ start the platform with demo data",
        description="准备数据库、在数据库为空时载入演示数据，然后启动网站。演示账号会打印在屏幕上。",
    )
    _server_options(p)
    p.add_argument(
        "--no-serve", action="store_true", help="只准备数据，不启动网站 / prepare data only"
    )
    p.set_defaults(func=cmd_demo)

    p = subparsers.add_parser(
        "createadmin",
        help="创建平台管理员账号 / create a platform administrator",
        description="创建一个可以管理所有机关和账号的平台管理员。不给 --password 时会提示输入。",
    )
    p.add_argument("--username", required=True, help="登录名 / login name")
    p.add_argument("--name", default="", help="姓名 / full name")
    p.add_argument("--email", default="", help="电子邮箱 / email")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="从标准输入读取密码 / read the password from standard input",
    )
    p.set_defaults(func=cmd_createadmin)


def _server_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="监听地址，默认 127.0.0.1 / bind address")
    p.add_argument("--port", type=int, default=8000, help="端口，默认 8000 / port")
    p.add_argument("--workers", type=int, default=2, help="工作进程数，默认 2 / worker processes")


def cmd_migrate(args) -> int:
    setup_django()
    from django.core.management import call_command

    _refuse_bad_configuration()
    # Also creates the limits' cache table (requests/apps.py, after migrate).
    call_command("migrate", interactive=False, verbosity=1)
    return 0


def cmd_serve(args) -> int:
    setup_django()
    _refuse_bad_configuration()
    _check_database_ready()
    _serve(args.host, args.port, args.workers)
    return 0


def cmd_demo(args) -> int:
    # The demo creates an operator and six office accounts with the public demo password.
    if os.environ.get("GONGKAI_ENV", "demo").strip().lower() == "production":
        raise CommandError(
            "生产环境（GONGKAI_ENV=production）不能载入演示数据：演示账号使用公开的密码。"
            "试用请设置 GONGKAI_ENV=demo 并使用单独的数据库。"
        )
    os.environ.setdefault("GONGKAI_ENV", "demo")
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from gongkai.demo import DEMO_PASSWORD, DEMO_USERS, seed_if_empty

    created = seed_if_empty()
    print("演示数据已载入。" if created else "数据库已有数据，未重复载入演示数据。")
    from django.conf import settings

    if settings.MAILERS["default"]["BACKEND"].endswith("filebased.EmailBackend"):
        print(f"演示中发出的邮件写在 {settings.MAIL_DIR}/ 下，不打印在屏幕上。")
    if settings.GONGKAI_SMS_BACKEND.endswith(".FileBackend"):
        print(f"演示中发出的短信写在 {settings.GONGKAI_SMS_DIR}/ 下，每条一个文件。")
    print(
        f"\n网址：http://{args.host}:{args.port}/   工作后台：http://{args.host}:{args.port}/office/"
    )
    print(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
    for username, role_label, agency_label in DEMO_USERS:
        print(f"  {username:<12} {role_label}（{agency_label}）")
    sys.stdout.flush()
    if not args.no_serve:
        with _background_worker():
            _serve(args.host, args.port, args.workers)
    return 0


@contextlib.contextmanager
def _background_worker():
    """One `gongkai worker` beside the demo's server, stopped when the server stops. gunicorn's
    forked workers leave through SystemExit as well: only the process that started the worker
    stops it."""
    from django.conf import settings

    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db."):
        yield
        return
    owner = os.getpid()
    worker = subprocess.Popen([sys.executable, "-m", "gongkai", "worker"])
    print(f"后台任务进程已启动（pid {worker.pid}）。")
    try:
        yield
    finally:
        if os.getpid() == owner:
            worker.terminate()
            worker.wait(timeout=60)


def cmd_createadmin(args) -> int:
    setup_django()
    from gongkai.accounts.system import SYSTEM
    from gongkai.organisations.actions.accounts import create_user

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        if not sys.stdin.isatty():
            raise CommandError("没有终端可以输入密码；请使用 --password-stdin。")
        password = getpass.getpass("密码：")
        if getpass.getpass("再次输入密码：") != password:
            raise CommandError("两次输入的密码不一致。")
    run_action(
        create_user,
        actor=SYSTEM,
        username=args.username,
        password=password,
        full_name=args.name,
        email=args.email,
        is_superuser=True,
    )
    print(f"已创建平台管理员 {args.username}。")
    return 0


def _refuse_bad_configuration() -> None:
    """The platform's own non-deploy checks (config/checks.py: the field encryption key), said
    in Chinese before anything is migrated or served; gunicorn itself runs no checks."""
    from django.core import checks

    from gongkai.cli.check import describe
    from gongkai.config.checks import TAG

    errors = [m for m in checks.run_checks(tags=[TAG]) if m.is_serious() and not m.is_silenced()]
    if errors:
        raise CommandError("\n".join(describe(m) for m in errors))


def _check_database_ready() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandError("数据库尚未初始化或需要升级：请先运行 `gongkai migrate`。")
    if _missing_cache_tables(connection):
        raise CommandError("数据库缺少限流计数表：请先运行 `gongkai migrate`。")


def _missing_cache_tables(connection) -> list[str]:
    from django.conf import settings
    from django.core.cache import caches
    from django.core.cache.backends.db import BaseDatabaseCache

    tables = set(connection.introspection.table_names())
    return [
        caches[alias]._table
        for alias in settings.CACHES
        if isinstance(caches[alias], BaseDatabaseCache) and caches[alias]._table not in tables
    ]


# A Unix socket path is limited to 108 bytes; a longer one cannot be created at all.
_MAX_SOCKET_PATH = 100


def control_socket(port: int) -> Path | None:
    """This instance's own gunicorn control socket, under the var directory and named by port
    (gunicorn's default, ~/.gunicorn/gunicorn.ctl, is shared by every instance of the user).
    None, and so no control socket, when the path would be too long for a socket."""
    from django.conf import settings

    path = settings.VAR_DIR / "run" / f"gunicorn-{port}.ctl"
    if len(str(path).encode()) > _MAX_SOCKET_PATH:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _serve(host: str, port: int, workers: int) -> None:
    from django.conf import settings
    from gunicorn.app.base import BaseApplication

    from gongkai.config.wsgi import application

    socket_path = control_socket(port)

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", max(1, workers))
            self.cfg.set("threads", 4)
            # gunicorn's largest request line, not its default 4 KB: the API's filters, each
            # within the length its OpenAPI document allows, fill up to ~8 KB percent-encoded.
            self.cfg.set("limit_request_line", 8190)
            # In JSON logging every request is already one structured line on stderr.
            if settings.LOG_FORMAT == "plain":
                self.cfg.set("accesslog", "-")
            # Parsing uploaded reports, burning in redactions, mail and search indexing run in
            # the worker (issue 14), so a request that takes 30 s is stuck. Only with the
            # immediate backend (no worker) does that work still run in the request.
            in_line = settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
            self.cfg.set("timeout", 120 if in_line else 30)
            if socket_path is None:
                self.cfg.set("control_socket_disable", True)
            else:
                self.cfg.set("control_socket", str(socket_path))

        def load(self):
            return application

    Server().run()
