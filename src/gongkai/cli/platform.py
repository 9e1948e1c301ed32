"""Running the platform: serve, migrate, demo, createadmin."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

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

    call_command("migrate", interactive=False, verbosity=1)
    return 0


def cmd_serve(args) -> int:
    setup_django()
    _check_database_ready()
    _serve(args.host, args.port, args.workers)
    return 0


def cmd_demo(args) -> int:
    os.environ.setdefault("GONGKAI_ENV", "demo")
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from gongkai.demo import DEMO_PASSWORD, DEMO_USERS, seed_if_empty

    created = seed_if_empty()
    print("演示数据已载入。" if created else "数据库已有数据，未重复载入演示数据。")
    print(
        f"\n网址：http://{args.host}:{args.port}/   工作后台：http://{args.host}:{args.port}/office/"
    )
    print(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
    for username, role_label, agency_label in DEMO_USERS:
        print(f"  {username:<12} {role_label}（{agency_label}）")
    sys.stdout.flush()
    if not args.no_serve:
        _serve(args.host, args.port, args.workers)
    return 0


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


def _check_database_ready() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandError("数据库尚未初始化或需要升级：请先运行 `gongkai migrate`。")


def _serve(host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    from gongkai.config.wsgi import application

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", max(1, workers))
            self.cfg.set("threads", 4)
            self.cfg.set("accesslog", "-")
            self.cfg.set("timeout", 120)

        def load(self):
            return application

    Server().run()
