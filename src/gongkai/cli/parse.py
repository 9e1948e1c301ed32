"""``gongkai parse``: read published annual reports (text, HTML, PDF, DOCX) into the report model."""

from __future__ import annotations

import io
import json
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from gongkai.cli import CommandError

SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".doc", ".wps", ".xlsx", ".xls", ".et")
FORMATS = ("json", "jsonl", "csv", "xlsx")

_previous_index: dict[tuple[str, int], dict] = {}


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "parse",
        help="读取已发布的政府信息公开工作年度报告（txt/html/pdf/docx/doc/wps/xls/et），输出结构化数据 / read published annual reports into data",
        description="读取其他机关发布的年度报告（文本、HTML、PDF、Word、WPS、Excel；旧版 .doc/.wps/.xls/.et 需安装 LibreOffice），输出与年报 JSON 格式一致的数据及校验发现。"
        "退出码：0 全部读取成功，1 有文件无法读取，2 用法错误。",
    )
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="文件或文件夹（递归查找 .txt .md .html .htm .pdf .docx .doc .wps .xlsx .xls .et）",
    )
    p.add_argument("--format", choices=FORMATS, help="输出格式：单个文件默认 json，多个默认 jsonl")
    p.add_argument("-o", "--output", metavar="OUT", help="输出文件（默认标准输出；xlsx 必须指定）")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="并行进程数（默认 1）")
    p.add_argument("--previous", metavar="DIR", help="上一年度报告所在文件夹，用于跨年度校验")
    p.add_argument(
        "--explain",
        action="store_true",
        help="逐格列出数值及其来源（页码与位置或行号，以及推算所用的规则），只用于单个文件",
    )
    p.set_defaults(func=run)


def collect_inputs(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            )
        else:
            found.append(path)  # a missing file is reported as unreadable, and the batch goes on
    return found


def parse_one(path: str) -> dict:
    """One input to one output record; never raises, so one bad file cannot stop a batch."""
    from gongkai.parsing import UnreadableReport, parse_path

    lookup = (lambda agency, year: _previous_index.get((agency, year))) if _previous_index else None
    try:
        result = parse_path(path, previous=lookup)
    except UnreadableReport as exc:
        return {"source": path, "error": exc.reason}
    except RecursionError:
        return {"source": path, "error": "文件结构嵌套过深，无法读取"}
    except MemoryError:
        return {"source": path, "error": "文件过大，读取时内存不足"}
    except Exception as exc:  # the batch must go on; the reason still reaches the clerk
        return {"source": path, "error": f"无法读取（内部错误 {type(exc).__name__}：{exc}）"}
    return {"source": path, **result.report}


def _init_worker(index: dict) -> None:
    global _previous_index
    _previous_index = index


def _map(paths: list[str], jobs: int, index: dict):
    if jobs <= 1 or len(paths) <= 1:
        _init_worker(index)
        yield from (parse_one(p) for p in paths)
        return
    chunk = max(1, min(16, len(paths) // (jobs * 8)))
    # Forking a process that runs threads (a test runner, a progress bar) can deadlock the
    # child; a fork server starts workers from a clean single-threaded process instead.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_init_worker, initargs=(index,), mp_context=context
    ) as pool:
        yield from pool.map(parse_one, paths, chunksize=chunk)


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\r解析 [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _load_previous(directory: str, jobs: int) -> dict:
    base = Path(directory)
    if not base.is_dir():
        raise CommandError(f"--previous 需要一个文件夹：{directory}", exit_code=2)
    index = {}
    for record in _map([str(p) for p in collect_inputs([directory])], jobs, {}):
        if "error" not in record and record.get("agency"):
            report = {k: v for k, v in record.items() if k not in ("source", "findings")}
            index[(record["agency"], record["year"])] = report
    return index


def run(args) -> int:
    if args.jobs < 1:
        raise CommandError("-j 必须是正整数", exit_code=2)
    inputs = [str(p) for p in collect_inputs(args.paths)]
    if not inputs:
        raise CommandError(
            "没有找到可解析的文件（.txt .md .html .htm .pdf .docx .doc .wps .xlsx .xls .et）",
            exit_code=2,
        )
    if args.explain:
        if len(inputs) != 1:
            raise CommandError("--explain 只能用于单个文件", exit_code=2)
        return explain(inputs[0])
    fmt = args.format or ("json" if len(inputs) == 1 else "jsonl")
    if fmt == "xlsx" and not args.output:
        raise CommandError("xlsx 格式需要用 -o 指定输出文件", exit_code=2)
    index = _load_previous(args.previous, args.jobs) if args.previous else {}
    show = sys.stderr.isatty()
    records = []
    for i, record in enumerate(_map(inputs, args.jobs, index), 1):
        records.append(record)
        if "error" in record:
            if show:
                sys.stderr.write("\n")
            print(f"无法读取 {record['source']}：{record['error']}", file=sys.stderr)
        if show:
            _progress(i, len(inputs))
    _write(records, fmt, args.output)
    return 1 if any("error" in r for r in records) else 0


def _write(records: list[dict], fmt: str, output: str | None) -> None:
    if fmt == "xlsx":
        _write_xlsx(records, output)  # type: ignore[arg-type]
        return
    buffer = io.StringIO()
    if fmt == "json":
        if len(records) == 1:
            record = records[0]
            if "error" not in record:
                record = {k: v for k, v in record.items() if k != "source"}
            json.dump(record, buffer, ensure_ascii=False, indent=1)
        else:
            json.dump(records, buffer, ensure_ascii=False, indent=1)
        buffer.write("\n")
    elif fmt == "jsonl":
        for record in records:
            buffer.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        from gongkai.table_files import csv_text

        buffer.write(csv_text(*table_rows(records)))
    text = buffer.getvalue()
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"无法写入输出文件 {output}：{exc.strerror or exc}") from None
    else:
        sys.stdout.write(text)


def table_rows(records: list[dict]) -> tuple[list[str], list[list]]:
    """One row per report, one column per cell (dotted keys), in the templates' printed order."""
    from gongkai.annual_report.tables import cell_paths

    templates = [
        t for t in ("2019", "2021", "legacy") if any(r.get("template") == t for r in records)
    ]
    columns: list[str] = []
    for template in templates:
        for path in cell_paths(template):
            if path not in columns:
                columns.append(path)
    header = ["source", "template", "year", "agency", "title", *columns, "findings", "error"]
    rows = []
    for record in records:
        row = [
            record.get("source"),
            record.get("template"),
            record.get("year"),
            record.get("agency"),
            record.get("title"),
        ]
        for path in columns:
            node = record
            for part in path.split("."):
                node = node.get(part) if isinstance(node, dict) else None
            row.append(node)
        row.append(len(record.get("findings") or []) if "error" not in record else None)
        row.append(record.get("error"))
        rows.append(row)
    return header, rows


def _write_xlsx(records: list[dict], output: str) -> None:
    from openpyxl import Workbook

    from gongkai.table_files import append_row

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("年度报告")
    header, rows = table_rows(records)
    append_row(sheet, header)
    for row in rows:
        append_row(sheet, row)
    try:
        workbook.save(output)
    except OSError as exc:
        raise CommandError(f"无法写入输出文件 {output}：{exc.strerror or exc}") from None


def explain(path: str) -> int:
    """The parsed tables cell by cell with where each value came from, then the findings."""
    from gongkai.annual_report.tables import cell_paths, label_of
    from gongkai.parsing import UnreadableReport, parse_path

    try:
        result = parse_path(path)
    except UnreadableReport as exc:
        print(f"无法读取 {path}：{exc.reason}", file=sys.stderr)
        return 1
    report = result.report
    out = [
        f"文件：{path}（{result.source_format}）",
        f"标题：{report.get('title') or '（未找到）'}",
        f"机关：{report.get('agency') or '（未找到）'}　年度：{report['year']}　模板：{report['template']}",
    ]
    if report["template"] == "legacy":
        for key, value in (report.get("legacy") or {}).items():
            out.append(f"  {label_of('legacy.' + key)}：{_shown(value)}")
    doubtful = {c for f in report.get("findings") or [] for c in f.get("cells") or []}
    section = None
    for cell in cell_paths(report["template"]):
        name = cell.split(".")[0]
        if name == "legacy":
            continue
        if name != section:
            section = name
            out.append(
                {
                    "proactive": "二、主动公开政府信息情况",
                    "requests": "三、收到和处理政府信息公开申请情况",
                    "appeals": "四、行政复议、行政诉讼情况",
                }[name]
            )
        node = report.get(name) or {}
        value = (node.get(cell.split(".")[1]) or {}).get(cell.split(".")[2])
        mark = "！" if cell in doubtful else "　"
        source = result.provenance.get(cell, "原文为空" if value is None else "")
        out.append(f" {mark}{label_of(cell, short=True)} = {_shown(value)}　← {source}")
    findings = report.get("findings") or []
    out.append(f"发现（{len(findings)}）：" if findings else "发现：无")
    for f in findings:
        out.append(f"  [{f['severity']}] {f['rule']}：{f['message']}")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


def _shown(value) -> str:
    return "空" if value is None else str(value)
