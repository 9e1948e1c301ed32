"""gongkai catalog import|export|reindex — the catalog (政府信息公开目录) as a table."""

from __future__ import annotations

import sys
from pathlib import Path

from gongkai.cli import CommandError
from gongkai.cli._common import finish_import, read_table_file
from gongkai.cli._django import agency_by_code, setup_django


def register(subparsers) -> None:
    catalog = subparsers.add_parser(
        "catalog",
        help="导入、导出政府信息公开目录 / import and export the disclosure catalog",
        description="导入已有的政府信息公开目录，或导出某机关的目录（CSV 或 XLSX）。",
    )
    sub = catalog.add_subparsers(title="子命令 (subcommands)", metavar="SUBCOMMAND")
    p = sub.add_parser(
        "import",
        help="导入目录 / import a catalog",
        description="导入目录。任何一行有错误时默认什么也不导入，并逐行列出错误；"
        "加 --good-rows-only 则只导入正确的行。表头：索引号、标题、公开目录、文件类型、文号、"
        "成文日期、发布日期、主题词……",
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
        "export", help="导出目录 / export a catalog", description="导出已公开的信息。"
    )
    p.add_argument("--agency", required=True, help="机关简码 / agency code")
    p.add_argument("--year", type=int, help="只导出该年发布的信息 / publication year")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出文件（.csv 或 .xlsx）")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser(
        "reindex",
        help="重建全文检索索引 / rebuild the search index",
        description="按已公开信息重建全文检索索引（更换检索后端或恢复数据库后使用）。",
    )
    p.set_defaults(func=cmd_reindex)
    catalog.set_defaults(func=lambda args: catalog.print_help() or 2)


def cmd_import(args) -> int:
    setup_django()
    from django.utils import timezone

    from gongkai.accounts.system import SYSTEM
    from gongkai.catalog.actions.imports import import_records
    from gongkai.catalog.domain.table_io import parse_rows
    from gongkai.cli._django import run_action
    from gongkai.table_files import TableError

    agency = agency_by_code(args.agency)
    table = read_table_file(args.file)
    try:
        rows, errors = parse_rows(table, today=timezone.localdate())
    except TableError as exc:
        raise CommandError(str(exc)) from exc
    result = run_action(
        import_records,
        actor=SYSTEM,
        agency=agency,
        rows=rows,
        errors=errors,
        good_rows_only=args.good_rows_only,
    )
    return finish_import(
        result,
        what="目录",
        agency_name=agency.name,
        noun="条政府信息",
        good_rows_only=args.good_rows_only,
        items="信息",
    )


def cmd_export(args) -> int:
    setup_django()
    from gongkai.catalog.export import export_rows, write_csv, write_xlsx

    suffix = args.output.suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        raise CommandError("输出文件名须以 .csv 或 .xlsx 结尾。")
    rows = export_rows(agency_by_code(args.agency), args.year)
    args.output.write_bytes(write_xlsx(rows) if suffix == ".xlsx" else write_csv(rows))
    print(f"已导出 {len(rows)} 条到 {args.output}。", file=sys.stderr)
    return 0


def cmd_reindex(args) -> int:
    setup_django()
    from gongkai.catalog import search
    from gongkai.catalog.models import Record

    search.backend().clear()
    ids = list(Record.objects.filter(is_public=True).values_list("pk", flat=True))
    for start in range(0, len(ids), 1000):
        search.index_records(ids[start : start + 1000])
    print(f"已重建索引：{len(ids)} 条。")
    return 0
