"""Catalog at scale: indexing time, search latency and portal throughput, SQLite and PostgreSQL.

Generates N realistic records (Chinese titles and bodies of typical length) straight into a
scratch database (bulk insert: the bench bypasses the actions on purpose), indexes them with
jieba through the same search backends the portal uses, then prints:
  * indexing time (tokenising in worker processes + writing the index),
  * search latency p50/p95/p99 over a fixed set of typical queries (the full service call:
    parse, backend query with filters and count, records and highlighted snippets), after one
    untimed pass over the same set (whose p50/p95 are printed as ``search_ms_first_pass``),
  * requests per second of the record page (random records, so mostly uncached) and of the list
    page (random pages) under ``wrk`` against ``gongkai serve`` on 127.0.0.1.

Run: ``.venv/bin/python bench/catalog.py [-n N] [--db sqlite|postgres|both]`` (default 1,000,000);
``--stage load`` only generates and indexes, ``--stage measure`` only measures an existing
scratch database (the load's figures are kept beside it). Tokens are kept in a scratch file, so
the second database's indexing time is writing its index only.
PostgreSQL uses a scratch database ``gongkai_bench`` (``--pg-database``; created if missing) of
the role gongkai. The scratch files go to the temporary directory (``TMPDIR``)/gongkai-bench.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_URL = "postgres://gongkai:gongkai@127.0.0.1:5432/{name}"
QUERIES = [
    "政府信息公开", "预算", "义务教育 招生", "行政处罚决定书", "公务员 录用", "道路改造工程",
    "低保", "疫情防控", "土地征收 补偿", "乡村振兴 资金", "食品安全 抽检", "医保 缴费",
    "规范性文件", "采购 中标", "就业补贴", "防汛", "年度报告", "停车场",
]  # fmt: skip
PLACES = ["城关镇", "东河乡", "西山镇", "南湖街道", "清河镇", "柳林乡", "北岗镇", "新华街道"]
SUBJECTS = [
    "城区道路改造工程", "义务教育阶段学校招生", "城乡居民最低生活保障", "政府信息公开工作",
    "部门预算", "部门决算", "行政事业性收费", "公务员考试录用", "土地征收补偿安置",
    "乡村振兴衔接资金", "食品安全监督抽检", "城乡居民医保缴费", "就业创业补贴", "防汛抗旱",
    "老旧小区改造", "生态环境保护督察整改", "安全生产检查", "公共租赁住房分配", "疫情防控",
    "政府采购项目", "重大建设项目", "耕地地力保护补贴", "行政处罚决定书", "双随机一公开抽查",
]  # fmt: skip
KINDS = ["关于印发{s}实施方案的通知", "关于做好{s}工作的通知", "{s}情况公示", "{y}年{s}公告",
         "关于{p}{s}的批复", "{s}工作总结", "{p}{s}结果公示"]  # fmt: skip
SENTENCES = [
    "为深入贯彻落实党中央、国务院关于{s}的决策部署，进一步提升工作质量和水平，结合本县实际，制定本方案。",
    "各乡镇人民政府、街道办事处，县直各有关单位要高度重视{s}工作，明确分管领导和具体承办人员。",
    "{p}要按照属地管理原则，认真组织开展{s}，建立工作台账，确保各项任务按时保质完成。",
    "对涉及群众切身利益的事项，应当在形成或者变更之日起二十个工作日内及时予以公开。",
    "县财政局要统筹安排资金，保障{s}所需经费，严格资金管理，提高资金使用效益。",
    "各单位要加强督促检查，对工作推进不力、群众反映强烈的问题，依法依规严肃问责。",
    "本次{s}共涉及{n}户群众，资金合计{m}万元，已通过“一卡通”发放到户。",
    "如对公示内容有异议，请于公示期内向{p}人民政府或县有关部门反映，联系电话0750-88{n}。",
    "本通知自印发之日起施行，有效期五年。执行中遇到的问题，请及时向县人民政府办公室反映。",
    "附件：{s}情况统计表。",
]  # fmt: skip


def _text(rng: random.Random, template: str, year: int) -> str:
    return template.format(
        s=rng.choice(SUBJECTS), p=rng.choice(PLACES), y=year,
        n=rng.randint(10, 9999), m=rng.randint(5, 900),
    )  # fmt: skip


def make_record(i: int) -> tuple[str, str, int]:
    rng = random.Random(i)
    year = 2016 + i % 10
    title = "示范县" + _text(rng, rng.choice(KINDS), year)
    # Typical notices run 600–1,500 characters.
    body = "".join(
        f"<p>{_text(rng, rng.choice(SENTENCES), year)}</p>" for _ in range(rng.randint(8, 18))
    )
    return title, body, year


def _tokenise(bounds: tuple[int, int]) -> list[tuple[int, str, str, str]]:
    """In a worker: read one range of live versions and tokenise them (the reindex path)."""
    from gongkai.catalog.models import Record
    from gongkai.catalog.search import document_for

    rows = Record.objects.filter(pk__gte=bounds[0], pk__lte=bounds[1]).order_by("pk")
    out = []
    for pk, data in rows.values_list("pk", "live__data").iterator(chunk_size=1000):
        doc = document_for(pk, data)
        out.append(
            (
                pk,
                " ".join(doc.title_tokens),
                " ".join(doc.subject_tokens),
                " ".join(doc.body_tokens),
            )
        )
    return out


# --- one database, in its own process (settings are per process) -----------------------------


def _setup(url: str):
    os.environ["DATABASE_URL"] = url
    os.environ["GONGKAI_ENV"] = "demo"
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    # Also on the measuring run: migration files may have changed since the load.
    call_command("migrate", interactive=False, verbosity=0)


def load(n: int, tokens_cache: Path) -> dict:
    """Insert N records (bulk, bypassing the actions on purpose), then index them all."""
    from datetime import date, datetime, timedelta

    from django.db import connection, transaction

    from gongkai.accounts.system import SYSTEM
    from gongkai.catalog import actions
    from gongkai.catalog.models import Attachment, Category, Record, RecordVersion
    from gongkai.organisations.actions import create_agency
    from gongkai.organisations.models import Agency
    from gongkai.state_guard import transition_writes

    agency = Agency.objects.filter(code="bench").first() or create_agency(
        actor=SYSTEM, code="bench", name="示范县人民政府", level="county", kind="government"
    )
    actions.ensure_catalog(actor=SYSTEM, agency=agency)
    cats = list(Category.objects.filter(agency=agency, children__isnull=True))
    existing = Record.objects.filter(agency=agency).count()
    result: dict = {}
    t0 = time.perf_counter()
    batch = 5000
    for start in range(existing, n, batch):
        rows = []
        for i in range(start, min(n, start + batch)):
            title, body, year = make_record(i)
            published = date(year, 1, 1) + timedelta(days=i % 360)
            cat = cats[i % len(cats)]
            rows.append(
                Record(
                    agency=agency, category=cat, title=title, state="published",
                    index_number=f"01525502-{cat.code}/{year}-{i + 1:07d}",
                    doc_type=("notice", "document", "normative", "other")[i % 4],
                    validity="effective" if i % 4 == 2 else "",
                    body=body, formed_on=published - timedelta(days=3),
                    is_public=True, published_on=published,
                    published_at=datetime(published.year, published.month, published.day, 9, tzinfo=UTC),
                )
            )  # fmt: skip
        # Loading bench data bypasses the actions (and so the state guard) on purpose.
        with transaction.atomic(), transition_writes():
            Record.objects.bulk_create(rows)
            versions = []
            for record in rows:
                # Fresh rows have no attachments: skip version_content's per-record query for them.
                record._prefetched_objects_cache = {"attachments": Attachment.objects.none()}
                data = actions.version_content(record)
                versions.append(
                    RecordVersion(
                        record=record, number=1, data=data, published_at=record.published_at
                    )
                )
            RecordVersion.objects.bulk_create(versions)
            with connection.cursor() as cur:
                cur.execute(
                    "UPDATE catalog_record SET live_id = (SELECT v.id FROM catalog_recordversion v"
                    " WHERE v.record_id = catalog_record.id) WHERE id BETWEEN %s AND %s",
                    [rows[0].pk, rows[-1].pk],
                )
    if existing < n:
        result["insert_seconds"] = round(time.perf_counter() - t0, 1)
    result |= index_all(agency, tokens_cache)
    return result


def index_all(agency, tokens_cache: Path) -> dict:
    """jieba in worker processes over ranges of ids (each reads its own rows), the index
    written by this process in batches. Tokens are kept in ``tokens_cache`` so the second
    database only measures writing its index: jieba's output does not depend on it."""
    import marshal
    from multiprocessing import get_context

    from django.db import connection

    from gongkai.catalog import search
    from gongkai.catalog.models import Record
    from gongkai.catalog.search.base import Document

    partial = tokens_cache.with_suffix(".partial")
    while partial.exists() and not tokens_cache.exists():
        time.sleep(5)  # the other database's run is tokenising these records: wait for it
    t0 = time.perf_counter()
    backend = search.backend()
    backend.clear()
    rows = Record.objects.filter(agency=agency).order_by("pk").values("pk", *search.FACET_FIELDS)
    facets = {row["pk"]: search.facets_of(row) for row in rows.iterator(chunk_size=10000)}
    ids = list(facets)
    step = 1000
    ranges = [(ids[s], ids[min(s + step, len(ids)) - 1]) for s in range(0, len(ids), step)]

    def write(chunk):
        backend.index(
            [Document(pk, t.split(), b.split(), facets[pk], s.split()) for pk, t, s, b in chunk]
        )

    cached = tokens_cache.exists()
    if cached:
        positions = {pk: i for i, pk in enumerate(ids)}
        with tokens_cache.open("rb") as fh:
            for lo, hi in ranges:
                tokens = marshal.load(fh)
                pks = ids[positions[lo] : positions[hi] + 1]
                write([(pk, *tsb) for pk, tsb in zip(pks, tokens, strict=True)])
    else:
        connection.close()  # each worker opens its own
        with get_context("fork").Pool(os.cpu_count()) as pool, partial.open("wb") as fh:
            for chunk in pool.imap(_tokenise, ranges):
                marshal.dump([tsb for _, *tsb in chunk], fh)
                write(chunk)
        partial.rename(tokens_cache)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            # VACUUM too: index-only scans need the visibility map of the fresh rows.
            for table in ("catalog_searchdoc", "catalog_record"):
                cur.execute(f"VACUUM ANALYZE {table}")
    seconds = time.perf_counter() - t0
    return {
        "index_seconds": round(seconds, 1),
        "index_docs_per_second": round(len(ids) / seconds),
        "index_tokens": "reused from the first database (write only)" if cached else "jieba",
    }


def measure(n: int, port: int, duration: int) -> dict:
    from django.db import connection
    from django.db.models import Max, Min

    from gongkai.catalog import search
    from gongkai.catalog.models import Record

    result: dict = {"database": connection.vendor, "records": n}
    # One untimed pass first, as a server that has been running for a while would be: the
    # first pass reads the index from disk into the page cache (its figures are kept too).
    first_pass = []
    for round_ in range(5):
        for q in QUERIES:
            filters = search.Filters(year=2020 + round_) if round_ % 2 else search.Filters()
            t0 = time.perf_counter()
            search.search(q, filters, page=1 + round_ % 3)
            first_pass.append((time.perf_counter() - t0) * 1000)
    cold = statistics.quantiles(first_pass, n=100)
    result["search_ms_first_pass"] = {"p50": round(cold[49], 1), "p95": round(cold[94], 1)}
    timings, runs = [], []
    for round_ in range(5):
        for q in QUERIES:
            filters = search.Filters(year=2020 + round_) if round_ % 2 else search.Filters()
            page = 1 + round_ % 3
            t0 = time.perf_counter()
            found = search.search(q, filters, page=page)
            ms = (time.perf_counter() - t0) * 1000
            timings.append(ms)
            runs.append((round(ms, 1), q, filters.year, page, found.total, found.capped))
    timings.sort()
    q = statistics.quantiles(timings, n=100)
    result["search_ms"] = {"p50": round(q[49], 1), "p95": round(q[94], 1), "p99": round(q[98], 1)}
    # The slowest few, to see what to look at: (ms, query, year filter, page, hits, capped).
    result["search_slowest"] = sorted(runs, key=lambda run: run[0], reverse=True)[:6]
    # Not in the typical set: a word in about 1.4 % of the records (each year's number is
    # written in a tenth of the titles), the hardest case for PostgreSQL's choice of plan.
    # Each is searched twice: first as a word nobody asked for yet (its matches are read from
    # disk), then again.
    for label in ("first", "again"):
        middling = []
        for year in range(2016, 2026):
            t0 = time.perf_counter()
            search.search(str(year), search.Filters())
            middling.append((time.perf_counter() - t0) * 1000)
        result[f"search_ms_words_in_1_percent_{label}"] = {
            "median": round(statistics.median(middling), 1),
            "max": round(max(middling), 1),
        }
    ids = Record.objects.aggregate(lo=Min("pk"), hi=Max("pk"))
    connection.close()
    if duration > 0:  # --duration 0: search only, when working on search
        result["http"] = serve_and_load((ids["lo"], ids["hi"]), port, duration)
    return result


def run_one(n: int, url: str, port: int, duration: int, stage: str, scratch: Path) -> dict:
    _setup(url)
    from django.db import connection

    result: dict = {"database": connection.vendor, "records": n}
    loaded = scratch / f"load-{connection.vendor}-{n}.json"
    if stage in ("all", "load"):
        # -v2: head, subject line and body (catalog migration 0009); older files lack the subject.
        result |= load(n, scratch / f"tokens-{n}-v2.marshal")
        loaded.write_text(json.dumps(result, ensure_ascii=False))
    elif loaded.exists():
        result |= json.loads(loaded.read_text())
    if stage in ("all", "measure"):
        result |= measure(n, port, duration)
    return result


def serve_and_load(ids: tuple[int, int], port: int, duration: int) -> dict:
    if not shutil.which("wrk"):
        return {"error": "wrk 未安装（apt-get install wrk）"}
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gongkai"), "serve", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(max(2, os.cpu_count()))],
        env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        out = {}
        with tempfile.TemporaryDirectory() as tmp:
            scripts = {
                "record_page": f'request = function() return wrk.format("GET", "/info/" .. '
                f'math.random({ids[0]}, {ids[1]}) .. "/") end',
                "list_page": 'request = function() return wrk.format("GET", '
                '"/agencies/bench/catalog/?page=" .. math.random(1, 50)) end',
                "search_page": 'local q = {"%E9%A2%84%E7%AE%97", "%E4%BD%8E%E4%BF%9D", '
                '"%E9%98%B2%E6%B1%9B"}\nrequest = function() return wrk.format("GET", '
                '"/search/?q=" .. q[math.random(1, 3)]) end',
            }
            for name, lua in scripts.items():
                path = Path(tmp) / f"{name}.lua"
                path.write_text(lua)
                for seconds in (3, duration):  # 3 s untimed to warm the workers and cache
                    run = subprocess.run(
                        ["wrk", "-t2", "-c16", f"-d{seconds}s", "-s", str(path),
                         f"http://127.0.0.1:{port}/"],
                        capture_output=True, text=True,
                    )  # fmt: skip
                rps = [line for line in run.stdout.splitlines() if "Requests/sec" in line]
                bad = [line.strip() for line in run.stdout.splitlines() if "Non-2xx" in line]
                out[name] = {
                    "rps": float(rps[0].split()[-1]) if rps else None,
                    "non_2xx": bad[0] if bad else "",
                }
        return out
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def main() -> int:
    parser = argparse.ArgumentParser(description="主动公开目录的性能测试")
    parser.add_argument("-n", type=int, default=1_000_000, help="记录条数（默认 1,000,000）")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--duration", type=int, default=10, help="每个页面压测秒数（0：只测检索）")
    parser.add_argument(
        "--stage", choices=["all", "load", "measure"], default="all",
        help="load：生成并索引；measure：只测检索与页面（用已有的测试库）",
    )  # fmt: skip
    parser.add_argument(
        "--pg-database", default="gongkai_bench", help="PostgreSQL 测试库名（默认 gongkai_bench）"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        url, port = args.child.rsplit("|", 1)
        scratch = Path(os.environ["GONGKAI_VAR_DIR"])
        result = run_one(args.n, url, int(port), args.duration, args.stage, scratch)
        print(json.dumps(result, ensure_ascii=False))
        return 0
    scratch = Path(tempfile.gettempdir()) / "gongkai-bench"
    scratch.mkdir(exist_ok=True)
    targets = []
    if args.db in ("sqlite", "both"):
        targets.append(f"sqlite:///{scratch / f'catalog-{args.n}.sqlite3'}")
    if args.db in ("postgres", "both"):
        _ensure_pg_database(args.pg_database)
        targets.append(PG_URL.format(name=args.pg_database))
    env = os.environ | {"GONGKAI_VAR_DIR": str(scratch)}
    for i, url in enumerate(targets):
        run = subprocess.run(
            [sys.executable, __file__, "-n", str(args.n), "--duration", str(args.duration),
             "--stage", args.stage,
             "--child", f"{url}|{18700 + i}"],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        if run.returncode:
            print(run.stderr[-3000:], file=sys.stderr)
            return 1
        print(run.stdout.strip().splitlines()[-1])
    return 0


def _ensure_pg_database(name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        "host=127.0.0.1 user=gongkai password=gongkai dbname=gongkai", autocommit=True
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


if __name__ == "__main__":
    sys.exit(main())
