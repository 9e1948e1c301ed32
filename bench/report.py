"""Building annual reports at scale: one agency-year with 100,000 requests, and a region.

Rows are bulk-inserted straight into a scratch database (the bench bypasses the actions on
purpose: it measures reading and counting, not intake). Then it times
  * ``reports.builder.build_report`` for the one agency (100,000 requests, 200 appeal cases,
    1,000,000 catalog records of which a few percent are rules and normative documents),
    and rendering that report to JSON, DOCX, PDF, HTML and XLSX;
  * the report of every unit of a region of 1,000 units (each a few hundred requests).

Run: ``.venv/bin/python bench/report.py [--requests N] [--units U] [--per-unit K]
[--catalog M] [--db sqlite|postgres]``. SQLite is a file in a temporary directory; PostgreSQL uses the
scratch database ``gongkai_bench`` of the role gongkai (created if missing, its tables reset).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
import time
from pathlib import Path

PG_URL = "postgres://gongkai:gongkai@127.0.0.1:5432/gongkai_bench"
YEAR = 2025
TODAY = dt.date(2026, 3, 1)


def setup(db: str, scratch: Path) -> None:
    os.environ["GONGKAI_ENV"] = "demo"
    os.environ["GONGKAI_VAR_DIR"] = str(scratch)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.config.settings"
    if db == "postgres":
        import psycopg

        with psycopg.connect(PG_URL.rsplit("/", 1)[0] + "/gongkai", autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS gongkai_bench")
            conn.execute("CREATE DATABASE gongkai_bench")
        os.environ["DATABASE_URL"] = PG_URL
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def fill(agency, n: int, rng: random.Random, cases: int = 0) -> None:
    from django.utils import timezone

    from gongkai.annual_report.tables import APPLICANT_PARTS, OUTCOME_ROWS
    from gongkai.appeals.models import AppealCase
    from gongkai.requests.models import InfoRequest
    from gongkai.state_guard import transition_writes

    outcomes = OUTCOME_ROWS["2021"]
    rows = []
    for i in range(n):
        received = dt.date(YEAR - 1, 7, 1) + dt.timedelta(days=rng.randrange(0, 548))
        closed = None
        if rng.random() < 0.9:
            closed = received + dt.timedelta(days=rng.randrange(1, 45))
            if closed > TODAY:
                closed = None
        rows.append(
            InfoRequest(
                agency=agency,
                number=f"{agency.code}-{i:06d}",
                tracking_code_hash="0" * 64,
                state="closed" if closed else "processing",
                channel="online",
                submitted_at=timezone.make_aware(dt.datetime.combine(received, dt.time(9))),
                received_on=received,
                applicant_type=rng.choice(APPLICANT_PARTS),
                applicant_name="某",
                description="某信息",
                outcome=rng.choice(outcomes) if closed else "",
                closed_on=closed,
            )
        )
    with transition_writes():  # bench data, loaded past the actions on purpose
        InfoRequest.objects.bulk_create(rows, batch_size=5000)
    kinds = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
    appeal_rows = []
    for i in range(cases):
        filed = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(0, 365))
        decided = rng.random() < 0.7
        closed_on = filed + dt.timedelta(days=rng.randrange(20, 120)) if decided else None
        appeal_rows.append(
            AppealCase(
                agency=agency,
                number=f"{YEAR}-{i:04d}",
                kind=rng.choice(kinds),
                filed_on=filed,
                result=rng.choice(["upheld", "corrected", "other"]) if decided else "pending",
                closed_on=closed_on,
            )
        )
    AppealCase.objects.bulk_create(appeal_rows)


def fill_catalog(agency, n: int, rng: random.Random) -> None:
    """``n`` published catalog records of the agency, most of them notices and news and a few
    percent the rules and normative documents the report counts (with validity dates)."""
    from django.utils import timezone

    from gongkai.catalog.models import Record
    from gongkai.state_guard import transition_writes

    kinds = ["notice", "document", "news", "plan", "budget", "normative", "regulation"]
    weights = [40, 20, 20, 8, 6, 5, 1]
    now = timezone.now()
    batch = []
    for i in range(n):
        doc_type = rng.choices(kinds, weights=weights)[0]
        formed = dt.date(YEAR - 8, 1, 1) + dt.timedelta(days=rng.randrange(0, 9 * 365))
        ruled = doc_type in ("normative", "regulation")
        ended = (
            formed + dt.timedelta(days=rng.randrange(200, 3000))
            if ruled and rng.random() < 0.3
            else None
        )
        batch.append(
            Record(
                agency=agency,
                title=f"关于第{i}号事项的通知",
                index_number=f"{agency.code}-{i:08d}",
                state="published",
                doc_type=doc_type,
                formed_on=formed,
                validity=("repealed" if ended else "effective") if ruled else "",
                effective_from=formed if ruled else None,
                ended_on=ended,
                is_public=True,
                published_at=now,
                published_on=formed,
            )
        )
        if len(batch) == 20_000:
            with transition_writes():  # bench data, loaded past the actions on purpose
                Record.objects.bulk_create(batch)
            batch = []
    with transition_writes():
        Record.objects.bulk_create(batch)


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--per-unit", type=int, default=300)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--catalog", type=int, default=1_000_000, help="catalog records of the one agency"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(args.db, Path(tmp))
        from gongkai.accounts.system import SYSTEM
        from gongkai.documents import annual_report
        from gongkai.organisations.actions import create_agency
        from gongkai.reports.builder import build_report

        rng = random.Random(2025)
        big = create_agency(
            actor=SYSTEM, code="big", name="示范市人民政府", level="city", kind="government"
        )
        _, seconds = timed(fill, big, args.requests, rng, cases=200)
        print(f"[{args.db}] inserted {args.requests:,} requests + 200 cases in {seconds:.1f} s")
        _, seconds = timed(fill_catalog, big, args.catalog, rng)
        print(f"[{args.db}] inserted {args.catalog:,} catalog records in {seconds:.1f} s")
        build_report(big, YEAR, today=TODAY)  # warm-up: imports, fonts, first queries
        report, seconds = timed(build_report, big, YEAR, today=TODAY)
        total = report.requests["results_total"]["total"]
        print(
            f"[{args.db}] one agency-year, {args.requests:,} requests and {args.catalog:,} catalog "
            "records: build_report "
            f"{seconds:.2f} s ({total:,} replied in {YEAR}, "
            f"{len([f for f in report.findings if f.severity == 'error'])} errors)"
        )
        for fmt in ("json", "docx", "pdf", "html", "xlsx"):
            render = report.to_json if fmt == "json" else getattr(annual_report, f"render_{fmt}")
            _, seconds = timed(render) if fmt == "json" else timed(render, report)
            print(f"[{args.db}]   render {fmt}: {seconds * 1000:.0f} ms")

        region = create_agency(
            actor=SYSTEM, code="region", name="示范省人民政府", level="province", kind="government"
        )
        units = []
        start = time.perf_counter()
        for i in range(args.units):
            unit = create_agency(
                actor=SYSTEM,
                code=f"u{i:04d}",
                name=f"单位{i:04d}",
                level="county",
                kind="government",
                parent=region,
            )
            fill(unit, rng.randrange(args.per_unit // 2, args.per_unit * 3 // 2), rng, cases=2)
            units.append(unit)
        print(
            f"[{args.db}] region: {args.units:,} units filled in {time.perf_counter() - start:.1f} s"
        )
        start = time.perf_counter()
        requests = 0
        for unit in units:
            requests += build_report(unit, YEAR, today=TODAY).requests["results_total"]["total"]
        seconds = time.perf_counter() - start
        print(
            f"[{args.db}] region: {args.units:,} reports built in {seconds:.1f} s "
            f"({seconds / args.units * 1000:.1f} ms per unit, {requests:,} replied in {YEAR})"
        )


if __name__ == "__main__":
    main()
