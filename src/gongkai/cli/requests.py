"""gongkai requests remind | rekey."""

from __future__ import annotations

from gongkai.cli._common import date_option, print_sent
from gongkai.cli._django import run_action, setup_django
from gongkai.requests.domain.clock import DEFAULT_POLICY


def register(subparsers) -> None:
    requests = subparsers.add_parser(
        "requests",
        help="依申请公开 / requests for information",
        description="依申请公开的定时任务。",
    )
    sub = requests.add_subparsers(title="子命令 (subcommands)", metavar="SUBCOMMAND")
    p = sub.add_parser(
        "remind",
        help="发送到期提醒邮件 / email due-date reminders",
        description="给各机关的申请办理人发送已超期和"
        f" {DEFAULT_POLICY.due_soon_working_days} 个工作日内到期的申请清单，给工作机构负责人"
        "发送待审批的延期。适合每个工作日早上由定时任务（cron）运行。",
    )
    p.add_argument("--date", help="按哪一天计算（YYYY-MM-DD），默认今天 / as of this date")
    p.add_argument("--dry-run", action="store_true", help="只列出将发送的提醒 / list only")
    p.set_defaults(func=cmd_remind)
    p = sub.add_parser(
        "rekey",
        help="用当前密钥重新加密证件号码和电话 / re-encrypt personal data with the current key",
        description="轮换字段加密密钥后运行：把 GONGKAI_FIELD_KEY 中旧密钥加密的（或尚未加密的）"
        "身份证件号码和联系电话用第一个密钥重新加密。完成后即可从 GONGKAI_FIELD_KEY 中去掉旧密钥。"
        "可随时中断、重复运行。",
    )
    p.set_defaults(func=cmd_rekey)
    requests.set_defaults(func=lambda args: requests.print_help() or 2)


def cmd_remind(args) -> int:
    today = date_option(args.date)
    setup_django()
    from django.utils import timezone

    from gongkai.requests.notify import send_reminders

    sent = send_reminders(today=today or timezone.localdate(), dry_run=args.dry_run)
    print_sent(sent, dry_run=args.dry_run, unit=" 件")
    return 0


def cmd_rekey(args) -> int:
    setup_django()
    from gongkai.accounts.system import SYSTEM
    from gongkai.fieldcrypt.fields import keyring
    from gongkai.requests.actions.rekey import reencrypt_other_fields, reencrypt_personal_data

    changed = run_action(reencrypt_personal_data, actor=SYSTEM)
    others = run_action(reencrypt_other_fields, actor=SYSTEM)
    key = keyring().current
    rest = "、".join(f"{n} {name}" for name, n in others.items())
    print(
        f"已用当前密钥 {key.algorithm}:{key.key_id} 重新加密 {changed} 件申请的证件号码和电话"
        f"（以及 {rest}）；所有加密数据现在都由这个密钥加密，旧密钥可以从 GONGKAI_FIELD_KEY "
        "中去掉。"
    )
    return 0
