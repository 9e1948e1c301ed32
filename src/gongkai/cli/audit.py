"""gongkai audit verify | anchor | harden-postgres."""

from __future__ import annotations

import re

from gongkai.cli._django import setup_django

_ROLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def register(subparsers) -> None:
    audit = subparsers.add_parser(
        "audit", help="审计日志 / the audit log", description="检查审计日志是否被篡改。"
    )
    sub = audit.add_subparsers(title="子命令 (subcommands)", metavar="SUBCOMMAND")
    p = sub.add_parser(
        "verify",
        help="校验审计日志的哈希链和锚点 / verify the audit log's chain and anchor",
        description="逐条重算审计日志带密钥的哈希链，并与数据库之外的锚点文件核对，"
        "报告第一处被改动、删除、插入或截断的记录。完好时退出码为 0，发现问题时为 1。"
        "结果记入数据库，审计日志页面显示最近一次的结果。",
    )
    p.add_argument(
        "--against",
        metavar="LINE",
        help="再与一行公布过或会签过的锚点（gongkai audit anchor 打印的那一行）核对",
    )
    p.set_defaults(func=cmd_verify)
    p = sub.add_parser(
        "anchor",
        help="打印可公布、可会签的锚点行 / print a line to publish or countersign",
        description="先校验审计日志；完好时把当前的条数与链头哈希记入锚点文件，"
        "并打印一行（条数、链头哈希、时间），可以公布在政府网站上或交上级机关会签。"
        "日后用 gongkai audit verify --against '这一行' 核对。",
    )
    p.add_argument(
        "--restored",
        metavar="原因",
        help="从备份恢复数据库之后使用：旧锚点文件改名留存，恢复连同原因记入审计日志，"
        "再从当前链头重新锚定（哈希链本身必须完好）",
    )
    p.set_defaults(func=cmd_anchor)
    p = sub.add_parser(
        "harden-postgres",
        help="打印让审计表归另一个角色所有的 SQL / print SQL that hands the audit tables "
        "to another role",
        description="打印 SQL：审计表改归 --owner 角色所有，应用角色只能 SELECT 和 INSERT，"
        "因此无法 UPDATE、DELETE、TRUNCATE，也无法 DISABLE TRIGGER。"
        "请以数据库超级用户或表的现属主执行打印出的 SQL。",
    )
    p.add_argument("--owner", required=True, metavar="ROLE", help="审计表的新属主角色")
    p.add_argument(
        "--app-role", metavar="ROLE", help="应用连接数据库所用的角色（默认取 DATABASE_URL 的用户）"
    )
    p.set_defaults(func=cmd_harden_postgres)
    audit.set_defaults(func=lambda args: audit.print_help() or 2)


def cmd_verify(args) -> int:
    setup_django()
    from gongkai.audit.verification import verify

    outcome = verify(by="命令行 gongkai audit verify", against=args.against)
    print(outcome.summary())
    if not outcome.ok:
        start = f"从第 {outcome.first_bad_seq} 条起" if outcome.first_bad_seq else ""
        print(f"请{start}核查，并从备份恢复；锚点文件与密钥文件请保持原样留作证据。")
        return 1
    return 0


def cmd_anchor(args) -> int:
    setup_django()
    from gongkai.audit import anchor
    from gongkai.audit.models import ChainHead
    from gongkai.audit.verification import published_line, verify

    if args.restored is not None:
        from gongkai.accounts.system import SYSTEM
        from gongkai.audit.verification import reanchor_after_restore

        try:
            kept = reanchor_after_restore(actor=SYSTEM, reason=args.restored)
        except ValueError as exc:
            print(str(exc))
            return 1
        if kept:
            print(f"旧锚点文件已留存为 {kept}。")
    outcome = verify(by="命令行 gongkai audit anchor")
    if not outcome.ok:
        print(outcome.summary())
        print("日志有问题时不打印锚点：公布一个被篡改的状态没有意义。")
        return 1
    head = ChainHead.objects.filter(id=1).first()
    count, digest = (head.seq, head.hash) if head else (0, "0" * 64)
    at = anchor.append(count, digest).split(" ")[2]
    print(published_line(count, digest, at))
    return 0


def cmd_harden_postgres(args) -> int:
    setup_django()
    from django.conf import settings

    from gongkai.audit.triggers import harden_postgres_sql

    app_role = args.app_role or settings.DATABASES["default"].get("USER") or ""
    for label, role in (("--owner", args.owner), ("--app-role", app_role)):
        if not _ROLE_NAME.match(role):
            print(
                f"角色名 {role!r}（{label}）不合规：只能由字母、数字和下划线组成，且不以数字开头。"
            )
            return 2
    if args.owner == app_role:
        print("--owner 不能是应用自己的角色：属主可以 DISABLE TRIGGER，审计表就不再只能追加。")
        return 2
    print(harden_postgres_sql(owner=args.owner, app_role=app_role))
    return 0
