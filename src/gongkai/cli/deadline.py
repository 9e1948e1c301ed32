"""``gongkai deadline``: the reply deadline for a request received on a given day.

Needs no database and imports no Django: the calendar comes from chinesecalendar and the
project's data file only, so schedules an administrator entered in the platform are not seen
here (the warning for an unknown year says so).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date

from gongkai.cli import CommandError

_DATE = re.compile(r"^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*$")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "deadline",
        help="计算依申请公开的答复期限（按工作日，含节假日和调休）/ reply deadline in working days",
        description="从收到申请之日的次日起按工作日计算期限（第三十三条：20 个工作日），"
        "节假日顺延、调休上班日计入。只输出到期日；--json 输出计算过程。"
        "某年的节假日安排尚未录入时，按普通周末计算并在标准错误输出提示。",
    )
    p.add_argument("received", metavar="RECEIVED", help="收到申请之日，YYYY-MM-DD，例如 2025-09-26")
    p.add_argument(
        "--working-days",
        "-n",
        type=_working_days,
        default=20,
        metavar="N",
        help="期限的工作日数（默认 20；补正通知 7，征求意见 15，延期最多再加 20）",
    )
    p.add_argument("--json", action="store_true", help="以 JSON 输出到期日、计算步骤、提示和说明")
    p.set_defaults(func=run)


def _working_days(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"工作日数应为整数，而不是“{text}”") from None
    if not 0 <= n <= 1000:
        raise argparse.ArgumentTypeError(f"工作日数应在 0 到 1000 之间，而不是 {n}")
    return n


def parse_date(text: str) -> date:
    match = _DATE.match(text)
    if match:
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise CommandError(f"无法识别的日期“{text}”：请写成 YYYY-MM-DD，例如 2025-09-26。")


def run(args) -> int:
    from gongkai.workdays import WorkdayCalendar, add_working_days, explain

    received = parse_date(args.received)
    deadline = add_working_days(WorkdayCalendar(), received, args.working_days)
    for warning in deadline.warnings:
        print(f"注意：{warning}", file=sys.stderr)
    if args.json:
        data = deadline.to_dict()
        data["explanation"] = explain(deadline)
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        print(deadline.due.isoformat())
    return 0
