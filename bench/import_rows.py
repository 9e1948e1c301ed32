"""Imports at the size an office brings: 20,000 ledger or catalog rows, time and peak memory.

Writes a CSV of N rows (default 20,000), then runs what ``gongkai ledger import requests`` and
``gongkai catalog import`` run — read the file, check the rows, import them through the actions
in one transaction — against a scratch database, and prints per import the seconds, rows per
second, the CPU seconds of the importing process (on a shared machine the wall clock also waits
for others; PostgreSQL's own work is in its server's processes) and the peak memory Python
allocated (tracemalloc). Each import runs twice, in fresh databases: once timed and once under
tracemalloc for the peak, because tracing every allocation slows the import several times over
(``--no-memory`` skips it). SQLite always (a file in a temporary folder); PostgreSQL too when
DATABASE_URL is set (a scratch database of that server, ``--pg-database``, default
``gongkai_bench_import``, created and dropped; the role needs CREATEDB).

Run: ``.venv/bin/python bench/import_rows.py [-n N] [--only requests|catalog] [--no-memory]``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AGENCY = "bench-county"


def write_requests_csv(path: Path, n: int) -> None:
    outcomes = [
        "予以公开",
        "部分公开",
        "不予公开-保护第三方合法权益",
        "无法提供-本机关不掌握相关政府信息",
        "",
    ]
    kinds = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    start = dt.date(2025, 1, 2)
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["申请编号", "收到日期", "申请方式", "申请人类型", "申请人", "申请内容"]
                     + ["办理结果", "答复日期", "延期"])  # fmt: skip
        for i in range(n):
            received = start + dt.timedelta(days=i % 300)
            outcome = outcomes[i % len(outcomes)]
            replied = received + dt.timedelta(days=10) if outcome else None
            out.writerow(
                [f"2025-{i:06d}", received.isoformat(), "网络", kinds[i % len(kinds)],
                 f"申请人{i}", f"请公开本县{i % 97}号道路改造工程的预算和招标文件。", outcome,
                 replied.isoformat() if replied else "", "是" if i % 11 == 0 else "否"]
            )  # fmt: skip


def write_catalog_csv(path: Path, n: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["索引号", "标题", "公开目录", "文件类型", "文号", "成文日期", "发布日期",
                      "内容概述", "正文"])  # fmt: skip
        for i in range(n):
            day = dt.date(2024, 1, 1) + dt.timedelta(days=i % 600)
            out.writerow(
                [f"BENCH-2024-{i:06d}", f"关于做好第{i}批道路改造工程的通知", "通知公告", "",
                 f"县政办〔2024〕{i}号", day.isoformat(), day.isoformat(), "道路改造工程安排。",
                 "为进一步提升道路通行能力，现将有关事项通知如下。\n一、工程范围。\n二、工作要求。"]
            )  # fmt: skip


def child(kind: str, n: int, memory: bool) -> None:
    """One import in this process (Django configured from the environment), figures as JSON."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from gongkai.accounts.system import SYSTEM
    from gongkai.organisations.actions import create_agency
    from gongkai.table_files import read_table

    agency = create_agency(
        actor=SYSTEM, code=AGENCY, name="基准县人民政府", level="county", kind="government"
    )
    folder = Path(os.environ["BENCH_DIR"])
    path = folder / f"{kind}.csv"
    (write_requests_csv if kind == "requests" else write_catalog_csv)(path, n)
    if memory:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    if kind == "requests":
        from gongkai.requests.actions.ledger import import_requests
        from gongkai.requests.domain.ledger import parse_request_rows

        records, errors = parse_request_rows(read_table(path))
        result = import_requests(
            actor=SYSTEM, agency=agency, records=records, errors=errors, good_rows_only=False
        )
    else:
        from gongkai.catalog.actions.imports import import_records
        from gongkai.catalog.domain.table_io import parse_rows

        rows, errors = parse_rows(read_table(path), today=timezone.localdate())
        result = import_records(actor=SYSTEM, agency=agency, rows=rows, errors=errors)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    # The CPU time of this process as well: on a shared machine the wall clock waits for others.
    figures = {"seconds": round(seconds, 1), "cpu": round(cpu, 1)}
    if memory:
        figures["peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    assert not result.errors, result.errors[:3]
    assert result.imported == n, result.imported
    print(json.dumps(figures))


def run(kind: str, n: int, database_url: str, memory: bool) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, GONGKAI_ENV="test", BENCH_DIR=folder, GONGKAI_VAR_DIR=folder)
        env["DATABASE_URL"] = database_url or f"sqlite:///{folder}/bench.sqlite3"
        env.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings")
        out = subprocess.run(
            [sys.executable, __file__, "--child", kind, "-n", str(n)]
            + (["--memory"] if memory else []),
            env=env,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if out.returncode:
            sys.exit(out.stderr)
        return json.loads(out.stdout.strip().splitlines()[-1])


def postgres_scratch(url: str, name: str, create: bool) -> str:
    import psycopg
    from psycopg import sql

    base = url.rsplit("/", 1)[0]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        if create:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"{base}/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20_000)
    parser.add_argument("--only", choices=["requests", "catalog"])
    parser.add_argument("--no-memory", action="store_true", help="只计时，不测峰值内存")
    parser.add_argument(
        "--pg-database",
        default="gongkai_bench_import",
        help="PostgreSQL 临时库名（每次新建、用后删除；默认 gongkai_bench_import）",
    )
    parser.add_argument("--child", choices=["requests", "catalog"], help=argparse.SUPPRESS)
    parser.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.n, args.memory)
        return
    kinds = [args.only] if args.only else ["requests", "catalog"]
    databases = {"sqlite": ""}
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        databases["postgresql"] = os.environ["DATABASE_URL"]
    for name, url in databases.items():
        for kind in kinds:
            figures = {}
            for memory in [False] if args.no_memory else [False, True]:
                scratch = postgres_scratch(url, args.pg_database, create=True) if url else ""
                try:
                    figures |= run(kind, args.n, scratch, memory)
                finally:
                    if url:
                        postgres_scratch(url, args.pg_database, create=False)
            rate = args.n / max(figures["seconds"], 0.1)
            peak = (
                f"，峰值内存 {figures['peak_mb']} MB（tracemalloc）" if "peak_mb" in figures else ""
            )
            print(
                f"{name:10} {kind:8} {args.n:,} 行：{figures['seconds']} 秒（本进程 CPU "
                f"{figures['cpu']} 秒），每秒 {rate:,.0f} 行" + peak
            )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
