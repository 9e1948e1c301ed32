"""gongkai user create."""

from __future__ import annotations

import getpass
import sys

from gongkai.cli import CommandError
from gongkai.cli._django import agency_by_code, run_action, setup_django
from gongkai.organisations.roles import ROLE_LABELS, Role


def register(subparsers) -> None:
    user = subparsers.add_parser(
        "user", help="管理工作人员账号 / manage staff accounts", description="创建账号并分配角色。"
    )
    sub = user.add_subparsers(title="子命令 (subcommands)", metavar="SUBCOMMAND")
    p = sub.add_parser(
        "create",
        help="新建账号 / create an account",
        description="新建工作人员账号；可同时在某个机关分配一个或多个角色。例：gongkai user create "
        "--username zhangsan --name 张三 --agency demo-county --role handler --password-stdin",
    )
    p.add_argument("--username", required=True, help="登录名 / login name")
    p.add_argument("--name", default="", help="姓名 / full name")
    p.add_argument("--email", default="", help="电子邮箱 / email")
    p.add_argument("--agency", help="分配角色的机关简码 / agency code for the roles")
    p.add_argument(
        "--role",
        action="append",
        choices=[r.value for r in Role],
        default=[],
        help="角色，可重复：" + "、".join(f"{r.value}={ROLE_LABELS[r]}" for r in Role),
    )
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="从标准输入读取密码 / read password from stdin",
    )
    p.set_defaults(func=cmd_create)
    user.set_defaults(func=lambda args: user.print_help() or 2)


def cmd_create(args) -> int:
    if args.role and not args.agency:
        raise CommandError("分配角色时必须用 --agency 指明机关。")
    setup_django()
    from django.db import transaction

    from gongkai.accounts.models import User
    from gongkai.accounts.system import SYSTEM
    from gongkai.organisations.actions import assign_role
    from gongkai.organisations.actions.accounts import create_user

    agency = None
    if args.agency:
        agency = agency_by_code(args.agency)
    if User.objects.filter(username=args.username).exists():
        raise CommandError(f"登录名 {args.username} 已存在。")
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif sys.stdin.isatty():
        password = getpass.getpass("密码：")
    else:
        raise CommandError("没有终端可以输入密码；请使用 --password-stdin。")
    with transaction.atomic():
        user = run_action(
            create_user,
            actor=SYSTEM,
            username=args.username,
            password=password,
            full_name=args.name,
            email=args.email,
        )
        for role in args.role:
            run_action(assign_role, actor=SYSTEM, user=user, agency=agency, role=role)
    roles = "、".join(ROLE_LABELS[Role(r)] for r in args.role)
    where = f"，在 {agency.name} 担任 {roles}" if args.role else ""
    print(f"已创建账号 {user.username}{where}。")
    return 0
