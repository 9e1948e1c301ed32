"""The public submission limit under real concurrency: several gunicorn worker processes, a
database prepared by ``gongkai migrate``, 20 submissions released at once.

The suite's own database cannot show this: on SQLite it is an in-memory database that a live
server shares through one connection, so nothing runs in parallel. Here the server is the one
production runs, on a scratch database of the session's kind: a SQLite file, or, when
DATABASE_URL names PostgreSQL, a fresh database beside it.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from django.urls import reverse

LIMIT = 5
PARALLEL = 20
PROXY = "127.0.0.1"
UNTRUSTED_PEER = "127.0.0.2"  # any 127/8 address reaches the loopback listener

SEED = """
import django
django.setup()
from gongkai.accounts.system import SYSTEM
from gongkai.organisations.actions import create_agency
create_agency(actor=SYSTEM, code="county", name="示范县人民政府", level="county", kind="government")
"""

FORM = {
    "applicant_type": "natural_person",
    "applicant_name": "李四",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13912345678",
    "email": "lisi@example.com",
    "description": "示范县 2025 年财政预算执行情况",
    "provision_form": "electronic",
    "receive_method": "email",
}


def _run(args, env):
    done = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path_factory.mktemp('limits') / 'gongkai.sqlite3'}"
        return
    import psycopg

    parts = urllib.parse.urlsplit(url)
    scratch = parts.path.lstrip("/") + "_limits_scratch"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.execute(f'CREATE DATABASE "{scratch}"')
    yield parts._replace(path="/" + scratch).geturl()
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((PROXY, 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(database_url, tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    env = os.environ | {
        "GONGKAI_ENV": "test",
        "GONGKAI_VAR_DIR": str(var),
        "DATABASE_URL": database_url,
        "GONGKAI_TRUSTED_PROXIES": PROXY,
        "GONGKAI_SUBMISSIONS_PER_HOUR": str(LIMIT),
    }
    _run(["-m", "gongkai", "migrate"], env)
    _run(["-c", SEED], env)
    port = _free_port()
    log = (Path(var) / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gongkai", "serve", "--host", PROXY, "--port", str(port)]
        + ["--workers", "6"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection((PROXY, port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, (Path(var) / "serve.log").read_text()
                assert time.monotonic() < deadline, "服务未在 60 秒内启动"
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _csrf(port: int, path: str) -> tuple[str, str]:
    conn = http.client.HTTPConnection(PROXY, port, timeout=60)
    conn.request("GET", path)
    response = conn.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie").split(";")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    conn.close()
    return cookie, token


def _parallel_posts(port: int, *, peer: str, forwarded_for) -> list[int]:
    """Status codes of PARALLEL submissions released together; ``forwarded_for(i)`` is the
    X-Forwarded-For header of the i-th (None: no header)."""
    path = reverse("requests_public:apply", args=["county"])
    cookie, token = _csrf(port, path)
    body = urllib.parse.urlencode(FORM | {"csrfmiddlewaretoken": token})
    barrier = threading.Barrier(PARALLEL)
    statuses: list[int] = [0] * PARALLEL

    def post(i: int) -> None:
        conn = http.client.HTTPConnection(PROXY, port, timeout=120, source_address=(peer, 0))
        conn.connect()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
        if forwarded_for(i) is not None:
            headers["X-Forwarded-For"] = forwarded_for(i)
        barrier.wait()
        conn.request("POST", path, body=body, headers=headers)
        statuses[i] = conn.getresponse().status
        conn.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def _accepted_and_refused(statuses: list[int]) -> tuple[int, int]:
    assert set(statuses) <= {200, 429}, statuses
    return statuses.count(200), statuses.count(429)


def test_parallel_submissions_from_one_address_get_exactly_the_limit(server):
    statuses = _parallel_posts(server, peer=PROXY, forwarded_for=lambda i: None)
    assert _accepted_and_refused(statuses) == (LIMIT, PARALLEL - LIMIT)


def test_clients_behind_the_trusted_proxy_each_have_their_own_limit(server):
    statuses = _parallel_posts(server, peer=PROXY, forwarded_for=lambda i: f"198.51.100.{i + 1}")
    assert _accepted_and_refused(statuses) == (PARALLEL, 0)


def test_a_spoofed_forwarded_for_from_an_untrusted_peer_changes_nothing(server):
    # An untrusted client claims a new address on every post: it is still one client.
    statuses = _parallel_posts(
        server, peer=UNTRUSTED_PEER, forwarded_for=lambda i: f"203.0.113.{i + 1}"
    )
    assert _accepted_and_refused(statuses) == (LIMIT, PARALLEL - LIMIT)
