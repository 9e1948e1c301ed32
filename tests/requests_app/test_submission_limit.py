"""The public submission limit and the shared limits cache it counts in.

The parallel tests run the server production runs: several gunicorn worker processes on a
database prepared by ``gongkai migrate``, 20 submissions released at once. The suite's own
database cannot show a race: on SQLite it is an in-memory database that a live server shares
through one connection, so nothing runs in parallel. The scratch database is of the session's
kind: a SQLite file, or, when DATABASE_URL names PostgreSQL, a fresh database beside it.
"""

from __future__ import annotations

import http.client
import itertools
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
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.urls import reverse

from gongkai.requests.models import InfoRequest


def _expires(key: str):
    cache = caches["limits"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT expires FROM {cache._table} WHERE cache_key = %s",
            [cache.make_and_validate_key(key)],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_increments_keep_the_counters_expiry():
    # Django's DatabaseCache.incr rewrites the entry with the default five-minute timeout,
    # which would forget an hourly count early.
    cache = caches["limits"]
    assert cache.add("count", 1, timeout=3600)
    before = _expires("count")
    assert cache.incr("count") == 2
    assert cache.incr("count", 3) == 5
    assert cache.get("count") == 5 and _expires("count") == before


@pytest.mark.django_db
def test_a_missing_or_expired_counter_cannot_be_incremented():
    cache = caches["limits"]
    with pytest.raises(ValueError):
        cache.incr("never-set")
    cache.add("short", 1, timeout=1)
    time.sleep(1.1)
    with pytest.raises(ValueError):
        cache.incr("short")


@pytest.mark.django_db
def test_a_form_sent_back_for_a_mistake_costs_no_submission(office, settings, applicant_data):
    settings.GONGKAI_SUBMISSIONS_PER_HOUR = 2
    client = Client(REMOTE_ADDR="203.0.113.9")
    url = reverse("requests_public:apply", args=["county"])
    for _ in range(3):
        assert (
            "身份证号码不正确" in client.post(url, applicant_data(id_number="1")).content.decode()
        )
    statuses = [
        client.post(url, applicant_data(description=f"材料 {n}")).status_code for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert InfoRequest.objects.count() == 2


@pytest.mark.django_db
def test_clients_behind_the_proxy_have_their_own_allowance(office, settings, applicant_data):
    settings.GONGKAI_SUBMISSIONS_PER_HOUR = 1
    settings.GONGKAI_TRUSTED_PROXIES = ["127.0.0.1/32"]
    url = reverse("requests_public:apply", args=["county"])

    def post(**meta):
        # A new description each time: the same request sent again is a duplicate, not counted.
        text = f"材料 {meta}"
        return Client(**meta).post(url, applicant_data(description=text)).status_code

    assert post(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1") == 302
    assert post(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2") == 302
    assert post(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1") == 429
    # Not through the proxy, a new claim each time is still the same client.
    assert post(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.3") == 302
    assert post(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.4") == 429


@pytest.mark.django_db
def test_one_ipv6_subscriber_prefix_is_one_client(office, settings, applicant_data):
    settings.GONGKAI_SUBMISSIONS_PER_HOUR = 1
    url = reverse("requests_public:apply", args=["county"])
    assert Client(REMOTE_ADDR="2001:db8:5:6::1").post(url, applicant_data()).status_code == 302
    other = applicant_data(description="另一份材料")
    assert Client(REMOTE_ADDR="2001:db8:5:6::2").post(url, other).status_code == 429
    assert Client(REMOTE_ADDR="2001:db8:5:7::1").post(url, other).status_code == 302


@pytest.mark.django_db
def test_serve_refuses_a_database_without_the_limits_table():
    from gongkai.cli import CommandError
    from gongkai.cli.platform import _check_database_ready

    _check_database_ready()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {caches['limits']._table}")  # rolled back with the test
    with pytest.raises(CommandError, match="gongkai migrate"):
        _check_database_ready()


@pytest.mark.django_db
def test_an_unreachable_counter_does_not_refuse_the_citizen(
    office, settings, applicant_data, caplog
):
    settings.CACHES = settings.CACHES | {
        "limits": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    url = reverse("requests_public:apply", args=["county"])
    assert Client().post(url, applicant_data()).status_code == 302
    assert InfoRequest.objects.count() == 1
    assert "限流计数不可用" in caplog.text


# ---- In parallel, through real worker processes ----

LIMIT = 5
PARALLEL = 20
PROXY = "127.0.0.1"
SERIAL = itertools.count()
UNTRUSTED_PEER = "127.0.0.2"  # any 127/8 address reaches the loopback listener

SEED = """
import django
django.setup()
from gongkai.accounts.system import SYSTEM
from gongkai.organisations.actions import create_agency
create_agency(actor=SYSTEM, code="county", name="示范县人民政府", level="county", kind="government")
"""


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


def _parallel_posts(port: int, form: dict, *, peer: str, forwarded_for) -> list[int]:
    """Status codes of PARALLEL submissions released together; ``forwarded_for(i)`` is the
    X-Forwarded-For header of the i-th (None: no header)."""
    path = reverse("requests_public:apply", args=["county"])
    cookie, token = _csrf(port, path)
    # A description of its own per post (and per test, on the shared server): identical
    # posts are one request sent twice, caught before the limit is counted.
    bodies = [
        urllib.parse.urlencode(
            form
            | {"csrfmiddlewaretoken": token, "description": f"{form['description']} {next(SERIAL)}"}
        )
        for i in range(PARALLEL)
    ]
    barrier = threading.Barrier(PARALLEL)
    statuses: list[int] = [0] * PARALLEL

    def post(i: int) -> None:
        conn = http.client.HTTPConnection(PROXY, port, timeout=120, source_address=(peer, 0))
        conn.connect()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
        if forwarded_for(i) is not None:
            headers["X-Forwarded-For"] = forwarded_for(i)
        barrier.wait()
        conn.request("POST", path, body=bodies[i], headers=headers)
        statuses[i] = conn.getresponse().status
        conn.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def _accepted_and_refused(statuses: list[int]) -> tuple[int, int]:
    assert set(statuses) <= {302, 429}, statuses
    return statuses.count(302), statuses.count(429)


def test_parallel_submissions_from_one_address_get_exactly_the_limit(server, applicant_data):
    statuses = _parallel_posts(server, applicant_data(), peer=PROXY, forwarded_for=lambda i: None)
    assert _accepted_and_refused(statuses) == (LIMIT, PARALLEL - LIMIT)


def test_clients_behind_the_trusted_proxy_each_have_their_own_limit(server, applicant_data):
    statuses = _parallel_posts(
        server, applicant_data(), peer=PROXY, forwarded_for=lambda i: f"198.51.100.{i + 1}"
    )
    assert _accepted_and_refused(statuses) == (PARALLEL, 0)


def test_a_spoofed_forwarded_for_from_an_untrusted_peer_changes_nothing(server, applicant_data):
    # An untrusted client claims a new address on every post: it is still one client.
    statuses = _parallel_posts(
        server, applicant_data(), peer=UNTRUSTED_PEER, forwarded_for=lambda i: f"203.0.113.{i + 1}"
    )
    assert _accepted_and_refused(statuses) == (LIMIT, PARALLEL - LIMIT)
