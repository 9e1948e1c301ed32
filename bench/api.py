"""The API's latency p50/p95, in process: the catalog list (/api/v1/records) and the intake
(POST /api/v1/requests/ with a token: new requests, and the same 工单号 again).

Loads N records into a scratch database with bench/catalog.py's loader (bulk, then indexed),
then times the list through Django's test client, so the figures are the view, its queries and
JSON rendering without a network: the first page, a filtered page (year and type), pages deep in
a cursor walk, a search (q), and 304 answers to If-None-Match. The intake's figures include its
token check, rate count, form validation (one small PDF attachment), registration with the
clock's first step, and the two audit rows (the request and the call). Prints JSON.

Run: ``.venv/bin/python bench/api.py [-n 20000] [--db sqlite|postgres] [--rounds 200]``.
PostgreSQL uses the scratch database ``gk_api_bench`` of the role gongkai (created if missing);
SQLite a file under the temporary directory. The machine is shared: figures are noisy."""

from __future__ import annotations

import argparse
import base64
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


def _intake_body(i: int, received: str) -> dict:
    pdf = base64.b64encode(b"%PDF-1.4\n%bench\n").decode()
    return {
        "agency": "bench", "channel": "hotline_12345", "received_on": received,
        "applicant_type": "natural_person", "applicant_name": "测试申请人", "phone": "13912345678",
        "email": "bench@example.cn", "receive_method": "email",
        "description": f"请公开本县第 {i} 号道路改造工程的招标文件和中标结果。",
        "attachments": [{"name": "身份证明.pdf", "content_base64": pdf}],
    }  # fmt: skip


def measure_intake(rounds: int) -> dict:
    import datetime as dt
    import uuid

    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from gongkai.accounts.system import SYSTEM
    from gongkai.api import actions
    from gongkai.organisations.models import Agency

    settings.GONGKAI_API_CALLS_PER_MINUTE = 10**6  # the limit is not what is measured
    agency = Agency.objects.get(code="bench")
    scopes = ["request.intake", "request.status"]
    _, text = actions.create_token(actor=SYSTEM, agency=agency, name="bench", scopes=scopes)
    client = Client(HTTP_HOST="127.0.0.1")
    received = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    run = uuid.uuid4().hex[:8]

    def post(i: int, expected: int) -> float:
        headers = {"Authorization": f"Bearer {text}", "Idempotency-Key": f"B{run}-{i}"}
        body = json.dumps(_intake_body(i, received))
        start = time.perf_counter()
        response = client.post(
            "/api/v1/requests/", body, content_type="application/json", headers=headers
        )
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == expected, (response.status_code, response.content[:300])
        return elapsed

    post(-1, 201)  # warm the code paths
    new = [post(i, 201) for i in range(rounds)]
    again = [post(i, 200) for i in range(rounds)]
    return {"intake_new_request": _percentiles(new), "intake_same_key_again": _percentiles(again)}


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
    result |= measure_intake(max(10, args.rounds // 2))
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
