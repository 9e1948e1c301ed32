"""gongkai ledger import requests|appeals, gongkai ledger export requests."""

from __future__ import annotations

import sys
from pathlib import Path

from gongkai.cli import CommandError
from gongkai.cli._common import finish_import, read_table_file
from gongkai.cli._django import agency_by_code, setup_django


def register(subparsers) -> None:
    ledger = subparsers.add_parser(
        "ledger",
        help="导入、导出台账 / import and export ledgers",
        description="按 ledgers.md 的格式导入、导出依申请公开台账和行政复议、行政诉讼台账（CSV 或 XLSX）。",
    )
    sub = ledger.add_subparsers(title="子命令 (subcommands)", metavar="SUBCOMMAND")
    p = sub.add_parser(
        "import",
        help="导入台账 / import a ledger",
        description="导入台账。任何一行有错误时默认什么也不导入，并逐行列出错误；"
        "加 --good-rows-only 则只导入正确的行。",
    )
    p.add_argument(
        "kind",
        choices=["requests", "appeals"],
        help="台账类型：requests = 依申请公开台账，appeals = 行政复议、行政诉讼台账"
        "（先导入依申请公开台账，案件才能关联申请编号）",
    )
    p.add_argument("file", type=Path, help="CSV（UTF-8 或 GB18030）或 XLSX 文件")
    p.add_argument("--agency", required=True, help="机关简码 / agency code")
    p.add_argument(
        "--good-rows-only",
        action="store_true",
        help="只导入正确的行，跳过有错误的行 / import the good rows only",
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "export",
        help="导出台账 / export a ledger",
        description="导出某机关某年度的台账：当年收到的申请和上年结转的申请。",
    )
    p.add_argument("kind", choices=["requests"], help="台账类型：requests = 依申请公开台账")
    p.add_argument("--agency", required=True, help="机关简码 / agency code")
    p.add_argument("--year", type=int, required=True, help="年度 / year")
    p.add_argument(
        "-o", "--output", type=Path, help="输出文件（.csv 或 .xlsx）；不给则输出 CSV 到屏幕"
    )
    p.add_argument(
        "--for-user",
        metavar="USERNAME",
        help="导出给该账号使用：该账号无权查看申请人个人信息时，姓名和申请内容中的身份证号码、"
        "电话、邮箱等按页面上的方式隐去",
    )
    p.set_defaults(func=cmd_export)
    ledger.set_defaults(func=lambda args: ledger.print_help() or 2)


def cmd_import(args) -> int:
    setup_django()
    from django.utils import timezone

    from gongkai.accounts.system import SYSTEM
    from gongkai.appeals.actions.imports import import_appeals
    from gongkai.appeals.domain.ledger import parse_appeal_rows
    from gongkai.requests.actions.ledger import import_requests
    from gongkai.requests.domain.ledger import parse_request_rows

    agency = agency_by_code(args.agency)
    rows = read_table_file(args.file)
    if args.kind == "appeals":
        records, errors = parse_appeal_rows(rows)
        importer, noun = import_appeals, "件复议诉讼案件"
        extra = {"today": timezone.localdate()}
    else:
        records, errors = parse_request_rows(rows)
        importer, noun, extra = import_requests, "条申请", {}
    result = importer(
        actor=SYSTEM,
        agency=agency,
        records=records,
        errors=errors,
        good_rows_only=args.good_rows_only,
        **extra,
    )
    return finish_import(
        result,
        what="台账",
        agency_name=agency.name,
        noun=noun,
        good_rows_only=args.good_rows_only,
    )


def cmd_export(args) -> int:
    setup_django()
    from gongkai.requests.ledger_export import export_rows, write_csv, write_xlsx

    agency = agency_by_code(args.agency)
    personal = True
    if args.for_user:
        from gongkai.accounts.models import User
        from gongkai.requests.presentation import may_see_personal_data

        reader = User.objects.filter(username=args.for_user).first()
        if reader is None:
            raise CommandError(f"找不到账号 {args.for_user}（请核对 --for-user 的用户名）。")
        personal = may_see_personal_data(reader, agency)
    rows = export_rows(agency, args.year, personal=personal)
    if args.output is None:
        sys.stdout.write(write_csv(rows).decode("utf-8-sig"))
        return 0
    suffix = args.output.suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        raise CommandError("输出文件名须以 .csv 或 .xlsx 结尾。")
    args.output.write_bytes(write_xlsx(rows) if suffix == ".xlsx" else write_csv(rows))
    print(f"已导出 {len(rows)} 条到 {args.output}。", file=sys.stderr)
    return 0
