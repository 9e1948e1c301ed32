"""gongkai agency create|list."""

from __future__ import annotations

import json

from gongkai.cli import CommandError
from gongkai.cli._django import run_action, setup_django

LEVELS = {"province": "省级", "city": "市级", "county": "县级", "township": "乡镇（街道）"}
KINDS = {"government": "人民政府", "department": "政府部门", "other": "其他"}


def register(subparsers) -> None:
    agency = subparsers.add_parser(
        "agency", help="管理行政机关 / manage agencies", description="创建和列出行政机关。"
    )
    sub = agency.add_subparsers(title="子命令 (subcommands)", metavar="SUBCOMMAND")

    p = sub.add_parser(
        "create",
        help="新建机关 / create an agency",
        description="新建一个行政机关。例：gongkai agency create --code demo-edu --name 示范县教育局 "
        "--parent demo-county --level county --kind department",
    )
    p.add_argument("--code", required=True, help="机构简码（小写字母、数字、连字符）/ short code")
    p.add_argument("--name", required=True, help="机构全称 / full name")
    p.add_argument("--short-name", default="", help="简称 / short name")
    p.add_argument("--parent", help="上级机关的简码 / parent agency code")
    p.add_argument(
        "--level",
        choices=list(LEVELS),
        required=True,
        help="层级：" + "、".join(f"{k}={v}" for k, v in LEVELS.items()),
    )
    p.add_argument(
        "--kind",
        choices=list(KINDS),
        default="department",
        help="类别：" + "、".join(f"{k}={v}" for k, v in KINDS.items()) + "（默认 department）",
    )
    p.add_argument(
        "--org-code", default="", help="统一社会信用代码或组织机构代码 / organisation code"
    )
    p.set_defaults(func=cmd_create)

    p = sub.add_parser("list", help="列出机关 / list agencies", description="按层级列出所有机关。")
    p.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")
    p.set_defaults(func=cmd_list)
    agency.set_defaults(func=lambda args: agency.print_help() or 2)


def cmd_create(args) -> int:
    setup_django()
    from gongkai.accounts.system import SYSTEM
    from gongkai.organisations.actions import create_agency
    from gongkai.organisations.models import Agency

    parent = None
    if args.parent:
        parent = Agency.objects.filter(code=args.parent).first()
        if parent is None:
            raise CommandError(
                f"找不到简码为 {args.parent} 的上级机关（可用 gongkai agency list 查看）。"
            )
    if Agency.objects.filter(code=args.code).exists():
        raise CommandError(f"简码 {args.code} 已被使用，请换一个。")
    agency = run_action(
        create_agency,
        actor=SYSTEM,
        code=args.code,
        name=args.name,
        short_name=args.short_name,
        level=args.level,
        kind=args.kind,
        org_code=args.org_code,
        parent=parent,
    )
    print(f"已创建机关 {agency.name}（{agency.code}）。")
    return 0


def cmd_list(args) -> int:
    setup_django()
    from gongkai.organisations.models import Agency

    agencies = list(Agency.objects.order_by("path"))
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "code": a.code,
                        "name": a.name,
                        "level": a.level,
                        "kind": a.kind,
                        "parent": a.parent.code if a.parent_id else None,
                        "active": a.is_active,
                    }
                    for a in Agency.objects.select_related("parent").order_by("path")
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    if not agencies:
        print("还没有任何机关。可用 gongkai agency create 新建，或运行 gongkai demo 载入演示数据。")
        return 0
    for a in agencies:
        indent = "  " * a.depth
        inactive = "（停用）" if not a.is_active else ""
        print(f"{indent}{a.name}{inactive}  [{a.code}] {LEVELS[a.level]}·{KINDS[a.kind]}")
    return 0
