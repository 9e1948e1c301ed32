"""gongkai api token create|list|revoke: the API's tokens for other systems."""

from __future__ import annotations

from gongkai.cli import CommandError
from gongkai.cli._django import agency_by_code, run_action, setup_django
from gongkai.organisations.roles import TOKEN_SCOPES

SCOPES = "、".join(f"{a.value}（{label}）" for a, label in TOKEN_SCOPES.items())


def register(subparsers) -> None:
    api = subparsers.add_parser(
        "api",
        help="数据接口的令牌 / API tokens",
        description="管理数据接口的令牌（供其他系统调用）。",
    )
    groups = api.add_subparsers(title="子命令 (subcommands)", metavar="SUBCOMMAND")
    token = groups.add_parser("token", help="接口令牌 / API tokens")
    sub = token.add_subparsers(title="子命令 (subcommands)", metavar="SUBCOMMAND")
    p = sub.add_parser(
        "create",
        help="创建令牌 / create a token",
        description="创建令牌，只显示这一次（平台只保存其摘要）。例：gongkai api token create "
        "--agency demo-county --scope request.intake --scope request.status --name 12345热线",
    )
    p.add_argument("--agency", required=True, help="令牌所属机关的简码（含其下级机关）")
    p.add_argument(
        "--scope", action="append", required=True, default=[], help=f"权限范围，可重复：{SCOPES}"
    )
    p.add_argument("--name", required=True, help="使用令牌的系统 / the system using it")
    p.add_argument("--expires", type=int, default=365, help="有效天数（默认 365，最多 730）")
    p.set_defaults(func=cmd_create)
    p = sub.add_parser("list", help="列出令牌 / list tokens")
    p.set_defaults(func=cmd_list)
    p = sub.add_parser("revoke", help="吊销令牌 / revoke a token")
    p.add_argument("id", type=int, help="令牌编号（gongkai api token list 的第一列）")
    p.set_defaults(func=cmd_revoke)
    token.set_defaults(func=lambda args: token.print_help() or 2)
    api.set_defaults(func=lambda args: api.print_help() or 2)


def cmd_create(args) -> int:
    setup_django()
    from gongkai.accounts.system import SYSTEM
    from gongkai.api import actions

    agency = agency_by_code(args.agency)
    try:
        token, text = run_action(
            actions.create_token, actor=SYSTEM, agency=agency, name=args.name,
            scopes=args.scope, days=args.expires,
        )  # fmt: skip
    except actions.TokenError as exc:
        raise CommandError(str(exc)) from exc
    print(f"已创建令牌 {token.pk}（{token.name}，{agency.name}及下级机关，"
          f"有效期至 {token.expires_at:%Y-%m-%d}）：")  # fmt: skip
    print(text)
    print("令牌只显示这一次，请立即交给对方系统保存；遗失后只能吊销并重新创建。")
    return 0


def cmd_list(args) -> int:
    setup_django()
    from gongkai.api.models import ApiToken

    rows = ApiToken.objects.select_related("agency").order_by("pk")
    if not rows:
        print("还没有令牌。")
    for token in rows:
        print(
            f"{token.pk}\t{token.prefix}\t{token.status_label}\t{token.agency.code}\t"
            f"{token.expires_at:%Y-%m-%d}\t{','.join(token.scopes)}\t{token.name}"
        )
    return 0


def cmd_revoke(args) -> int:
    setup_django()
    from gongkai.accounts.system import SYSTEM
    from gongkai.api import actions
    from gongkai.api.models import ApiToken

    token = ApiToken.objects.filter(pk=args.id).first()
    if token is None:
        raise CommandError(f"没有编号为 {args.id} 的令牌（可用 gongkai api token list 查看）。")
    try:
        run_action(actions.revoke_token, actor=SYSTEM, token=token)
    except actions.TokenError as exc:
        raise CommandError(str(exc)) from exc
    print(f"已吊销令牌 {token.pk}（{token.name}）。")
    return 0
