"""gongkai audit verify."""

from __future__ import annotations

from gongkai.cli._django import setup_django


def register(subparsers) -> None:
    audit = subparsers.add_parser(
        "audit", help="审计日志 / the audit log", description="检查审计日志是否被篡改。"
    )
    sub = audit.add_subparsers(title="子命令 (subcommands)", metavar="SUBCOMMAND")
    p = sub.add_parser(
        "verify",
        help="校验审计日志的哈希链 / verify the audit log's hash chain",
        description="逐条重算审计日志的哈希链，报告第一处被改动、删除或插入的记录。"
        "完好时退出码为 0，发现问题时为 1。",
    )
    p.set_defaults(func=cmd_verify)
    audit.set_defaults(func=lambda args: audit.print_help() or 2)


def cmd_verify(args) -> int:
    setup_django()
    from gongkai.audit.log import verify
    from gongkai.audit.models import AuditEntry

    count = AuditEntry.objects.count()
    broken = verify()
    if broken is None:
        print(f"审计日志完好：共 {count} 条记录，哈希链全部吻合。")
        return 0
    print(f"审计日志已被篡改：{broken.reason}。请从第 {broken.seq} 条起核查，并从备份恢复。")
    return 1
