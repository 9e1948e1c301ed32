"""The open-data API's catalog list (/api/v1/records): latency p50/p95, in process.

Loads N records into a scratch database with bench/catalog.py's loader (bulk, then indexed),
then times the list through Django's test client, so the figures are the view, its queries and
JSON rendering without a network: the first page, a filtered page (year and type), pages deep in
a cursor walk, a search (q), and 304 answers to If-None-Match. Prints JSON.

Run: ``.venv/bin/python bench/api.py [-n 20000] [--db sqlite|postgres] [--rounds 200]``.
PostgreSQL uses the scratch database ``gk_api_bench`` of the role gongkai (created if missing);
SQLite a file under the temporary directory. The machine is shared: figures are noisy."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import catalog as catalog_bench  # the sibling bench script's loader, found through sys.path

PG_URL = "postgres://gongkai:gongkai@127.0.0.1:5432/gk_api_bench"


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 2),
        "n": len(ordered),
    }


def _timed(client, url: str, **headers) -> tuple[float, object]:
    start = time.perf_counter()
    response = client.get(url, headers=headers)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code in (200, 304), (url, response.status_code, response.content[:200])
    return elapsed, response


def measure(rounds: int) -> dict:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")  # an allowed host of the demo settings
    base = "/api/v1/records?agency=bench"
    _timed(client, base)  # warm the connection and the code paths
    first = [_timed(client, base)[0] for _ in range(rounds)]
    filtered = [_timed(client, f"{base}&year=2022&type=notice&limit=50")[0] for _ in range(rounds)]
    deep, url, walked = [], f"{base}&limit=100", 0
    while url and walked < rounds:
        elapsed, response = _timed(client, url)
        deep.append(elapsed)
        url, walked = response.json()["next"], walked + 1
    search = [_timed(client, f"{base}&q=义务教育 招生")[0] for _ in range(max(10, rounds // 4))]
    etag = _timed(client, base)[1]["ETag"]
    not_modified = [_timed(client, base, if_none_match=etag)[0] for _ in range(rounds)]
    return {
        "first_page_20": _percentiles(first),
        "year_and_type_50": _percentiles(filtered),
        "cursor_walk_100_per_page": _percentiles(deep),
        "search_q": _percentiles(search),
        "if_none_match_304": _percentiles(not_modified),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    scratch = Path(tempfile.gettempdir()) / "gongkai-bench-api"
    scratch.mkdir(exist_ok=True)
    os.environ.setdefault("GONGKAI_VAR_DIR", str(scratch))
    if args.db == "postgres":
        url = PG_URL
        catalog_bench._ensure_pg_database(url.rsplit("/", 1)[1])
    else:
        url = f"sqlite:///{scratch / 'api.sqlite3'}"
    catalog_bench._setup(url)
    from gongkai.catalog.models import Record

    loaded = {}
    if Record.objects.filter(agency__code="bench").count() < args.n:
        loaded = catalog_bench.load(args.n, scratch / f"tokens-{args.n}.pickle")
    result = {"db": args.db, "records": Record.objects.filter(agency__code="bench").count()}
    result |= {"load": loaded} if loaded else {}
    result |= measure(args.rounds)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
