"""gongkai report build: the annual report of one agency and year, from the platform's records."""

from __future__ import annotations

import sys
from pathlib import Path

from gongkai.cli import CommandError
from gongkai.cli._common import date_option, print_sent, read_table_file
from gongkai.cli._django import agency_by_code, setup_django

FORMATS = ("json", "docx", "pdf", "html", "xlsx")
BINARY = {"docx", "pdf", "xlsx"}


def register(subparsers) -> None:
    report = subparsers.add_parser(
        "report",
        help="生成政府信息公开工作年度报告 / build the annual report",
        description="按平台记录生成政府信息公开工作年度报告（国办统一格式）。",
    )
    sub = report.add_subparsers(title="子命令 (subcommands)", metavar="SUBCOMMAND")
    p = sub.add_parser(
        "build",
        help="生成某机关某年度的报告 / build one agency's report on one year",
        description="按依申请公开、复议诉讼记录和主动公开目录生成年度报告，并按年报规则校验。"
        "JSON 默认输出到屏幕；DOCX、PDF、XLSX 须用 -o 指定文件。"
        "退出码：0 成功，1 无法生成（如校验出错误），2 用法错误。",
    )
    p.add_argument("--agency", required=True, help="机关简码 / agency code")
    p.add_argument("--year", type=int, required=True, help="报告年度（统计的年份）/ year covered")
    p.add_argument(
        "--template",
        choices=["2019", "2021"],
        help="表格格式；默认 2019–2020 年度用 2019 格式，2021 年度起用 2021 格式",
    )
    p.add_argument("--format", choices=FORMATS, default="json", help="输出格式（默认 json）")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="输出文件（默认标准输出）")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "figures",
        help="导入平台无法统计的数字 / import the figures the platform cannot count",
        description="从 CSV 或 XLSX 导入行政许可、行政处罚、行政强制决定数和行政事业性收费金额。"
        "表头：项目、数值、来源（项目可写“行政许可”等名称）。没有的事项请填 0。",
    )
    p.add_argument("file", type=Path, help="CSV（UTF-8 或 GB18030）或 XLSX 文件")
    p.add_argument("--agency", required=True, help="机关简码 / agency code")
    p.add_argument("--year", type=int, required=True, help="年度 / year")
    p.set_defaults(func=cmd_figures)

    p = sub.add_parser(
        "remind",
        help="年度报告报送提醒邮件 / email reminders of reports due",
        description="上年度报告截止前 14 天起，给尚未报送的单位的工作机构负责人和管理员发送提醒；"
        "逾期后继续提醒。适合每个工作日由 cron 运行。",
    )
    p.add_argument("--date", help="按哪一天计算（YYYY-MM-DD），默认今天 / as of this date")
    p.add_argument("--dry-run", action="store_true", help="只列出将发送的提醒 / list only")
    p.set_defaults(func=cmd_remind)

    p = sub.add_parser(
        "push",
        help="向上级平台报送年度报告 / submit the report to the supervising installation",
        description="把本平台已报送的年度报告（最新版本，或 --all 每个版本）通过上级平台的接口 "
        "POST /api/v1/annual-reports/ 报送过去；上级平台按年报规则重新校验并收入其报告库。"
        "令牌由上级平台的管理员创建（权限范围 report.submit）。"
        "退出码：0 成功，1 报送失败，2 用法错误。",
    )
    p.add_argument("--agency", required=True, help="机关简码 / agency code")
    p.add_argument("--year", type=int, required=True, help="报告年度 / year covered")
    p.add_argument(
        "--to", required=True, metavar="URL", help="上级平台的地址，如 https://gongkai.city.gov.cn"
    )
    given = p.add_mutually_exclusive_group(required=True)
    given.add_argument("--token", help="上级平台创建的接口令牌 gk_…")
    given.add_argument(
        "--token-file",
        type=Path,
        metavar="FILE",
        help="从文件读取令牌（不在进程列表中显示令牌）/ read the token from a file",
    )
    p.add_argument("--all", action="store_true", help="报送该年度的每个版本（从早到晚）")
    p.add_argument("--timeout", type=float, default=30, help="每次请求的超时秒数（默认 30）")
    p.set_defaults(func=cmd_push)
    report.set_defaults(func=lambda args: report.print_help() or 2)


def cmd_build(args) -> int:
    if args.format in BINARY and args.output is None:
        raise CommandError(
            f"{args.format.upper()} 是二进制文件，不能输出到屏幕；请用 -o 指定输出文件。", 2
        )
    if args.year < 2019:
        raise CommandError(
            f"{args.year} 年的报告适用 2008 年旧条例，没有统一表格，平台不生成；请填写 2019 年或以后的年度。",
            2,
        )
    setup_django()
    from django.utils import timezone

    from gongkai.documents import annual_report
    from gongkai.reports.builder import build_report

    agency = agency_by_code(args.agency)
    today = timezone.localdate()
    if args.year > today.year:
        raise CommandError(f"{args.year} 年还没有到，不能生成该年度的报告。", 2)
    report = build_report(agency, args.year, template=args.template, today=today)
    errors = [f for f in report.findings if f.severity == "error"]
    for finding in report.findings:
        label = {"error": "错误", "warning": "注意", "info": "提示"}[finding.severity]
        print(f"{label}：{finding.message}", file=sys.stderr)
    if errors:
        # The generator must never publish a report that breaks an error rule.
        raise CommandError(f"报告有 {len(errors)} 处错误，未输出。请核对上面列出的数据。")
    if args.format == "json":
        data = (report.to_json() + "\n").encode("utf-8")
    elif args.format == "xlsx":
        data = annual_report.render_xlsx(report)
    else:
        data = getattr(annual_report, f"render_{args.format}")(report)
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    args.output.write_bytes(data)
    print(f"已生成 {agency.name} {args.year} 年度报告：{args.output}", file=sys.stderr)
    return 0


def cmd_figures(args) -> int:
    setup_django()
    from django.utils import timezone

    from gongkai.accounts.system import SYSTEM
    from gongkai.reports.actions.drafts import save_draft
    from gongkai.reports.domain.build import template_for
    from gongkai.reports.domain.drafting import DraftError
    from gongkai.reports.domain.figures_import import figures_from_rows
    from gongkai.reports.drafts import draft_for
    from gongkai.table_files import TableError

    agency = agency_by_code(args.agency)
    rows = read_table_file(args.file)
    try:
        figures = figures_from_rows(rows, template_for(args.year))
        draft = draft_for(agency, args.year)
        save_draft(
            actor=SYSTEM,
            agency=agency,
            year=args.year,
            manual=draft.manual | figures,
            narrative=draft.narrative,
            today=timezone.localdate(),
        )
    except (DraftError, TableError) as exc:
        raise CommandError(str(exc)) from exc
    print(f"已导入 {agency.name} {args.year} 年度的 {len(figures)} 项数字。")
    return 0


def cmd_remind(args) -> int:
    today = date_option(args.date)
    setup_django()
    from django.utils import timezone

    from gongkai.reports.notify import send_report_reminders

    sent = send_report_reminders(today=today or timezone.localdate(), dry_run=args.dry_run)
    print_sent(sent, dry_run=args.dry_run)
    return 0


def cmd_push(args) -> int:
    from gongkai.cli import _push

    endpoint = _push.endpoint(args.to)
    token = args.token or _push.read_token(args.token_file)
    setup_django()
    from gongkai.reports import published

    agency = agency_by_code(args.agency)
    versions = published.submitted_versions(agency, [args.year])
    if not versions:
        raise CommandError(
            f"{agency.name}尚未在本平台报送 {args.year} 年度报告（先在“年度报告”页报送）。"
        )
    for kept in versions if args.all else versions[-1:]:
        answer = _push.push(endpoint, token, _push.body(agency, kept), timeout=args.timeout)
        print(_push.describe(agency, kept, answer))
    return 0
