"""``gongkai validate``: check annual reports already in JSON form against the consistency rules.

Needs no database and imports no Django, so it runs anywhere the package is installed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from gongkai.cli import CommandError

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "validate",
        help="校验 JSON 格式的年度报告（表内勾稽关系、跨年度衔接）/ check annual reports in JSON",
        description="按年报格式的勾稽关系校验已转换为 JSON 的政府信息公开工作年度报告，列出发现的问题。"
        "退出码：0 全部文件均已读取（无论有无问题），1 有文件无法读取，2 用法错误。",
    )
    p.add_argument("files", nargs="+", metavar="FILE.json", help="年度报告 JSON 文件")
    p.add_argument(
        "--previous",
        metavar="FILE_OR_DIR",
        help="上一年度的报告：一个 JSON 文件，或一个文件夹（按机关名称和年份自动匹配）",
    )
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="输出格式：text 中文文字（默认），json 每个文件的 {source, findings}",
    )
    p.set_defaults(func=run)


class Unreadable(Exception):
    """An input that is not a report in the shared JSON form; the message says why, in Chinese."""


def read_report(path: Path) -> tuple[Any, list[str]]:
    """The Report in ``path`` and notes on rows its template lacks; raises Unreadable."""
    from gongkai.annual_report.report import Report, schema_errors, template_errors

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise Unreadable("找不到文件") from None
    except IsADirectoryError:
        raise Unreadable("这是文件夹，不是 JSON 文件") from None
    except OSError as exc:
        raise Unreadable(f"无法读取文件（{exc.strerror or exc}）") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable("不是 UTF-8 编码的文本") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Unreadable(
            f"不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）"
        ) from None
    errors = schema_errors(data)
    if errors:
        more = f"（另有 {len(errors) - 1} 处）" if len(errors) > 1 else ""
        raise Unreadable(f"不符合年度报告 JSON 格式：{errors[0]}{more}")
    return Report.from_dict(data), template_errors(data)


def previous_reports(option: str | None) -> tuple[Any, dict[tuple[str, int], Any]]:
    """One report to compare every input with, or an index of a folder by (agency, year)."""
    if option is None:
        return None, {}
    path = Path(option)
    if path.is_dir():
        index = {}
        for candidate in sorted(path.rglob("*.json")):
            try:
                report, _ = read_report(candidate)
            except Unreadable as exc:
                print(f"提示：跳过上年报告文件夹中的 {candidate}：{exc}", file=sys.stderr)
                continue
            index[(report.agency, report.year)] = report
        return None, index
    if not path.exists():
        raise CommandError(f"--previous 指定的 {option} 不存在。", exit_code=2)
    try:
        report, _ = read_report(path)
    except Unreadable as exc:
        raise CommandError(f"上年报告 {option} 无法读取：{exc}") from None
    return report, {}


def _heading(source: str, report: Any) -> str:
    return f"== {source}：{report.agency} {report.year} 年度报告（{report.template} 格式）"


def _text_block(source: str, report: Any, findings: list, notes: list[str], prev: Any) -> str:
    lines = [_heading(source, report)]
    if prev is not None and prev.year == report.year - 1:
        lines.append(f"   （已与 {prev.year} 年报告对照）")
    elif prev is not None:
        lines.append(f"   （上年报告是 {prev.year} 年的，与本报告不衔接，未做跨年度校验）")
    lines.extend(f"   注意：{note}（校验时不计）" for note in notes)
    if not findings:
        lines.append("   未发现问题。")
        return "\n".join(lines)
    for finding in findings:
        lines.append(f"   [{SEVERITY_NAMES[finding.severity]}] {finding.message}")
        lines.append(f"       规则 {finding.rule}；单元格 {'、'.join(finding.cells) or '—'}")
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITY_NAMES}
    summary = "、".join(f"{n} 个{SEVERITY_NAMES[s]}" for s, n in counts.items() if n)
    lines.append(f"   共 {summary}。")
    return "\n".join(lines)


def run(args) -> int:
    from gongkai.annual_report.validation import validate

    single_previous, index = previous_reports(args.previous)
    results: list[dict[str, Any]] = []
    unreadable = 0
    for source in args.files:
        try:
            report, notes = read_report(Path(source))
        except Unreadable as exc:
            unreadable += 1
            print(f"错误：{source}：{exc}", file=sys.stderr)
            results.append({"source": source, "error": str(exc)})
            continue
        prev = single_previous or index.get((report.agency, report.year - 1))
        findings = validate(report, previous=prev)
        if args.format == "text":
            print(_text_block(source, report, findings, notes, prev))
        entry: dict[str, Any] = {"source": source, "findings": [f.to_dict() for f in findings]}
        if notes:
            entry["notes"] = notes
        results.append(entry)
    if args.format == "json":
        print(json.dumps(results, ensure_ascii=False, indent=1))
    return 1 if unreadable else 0
