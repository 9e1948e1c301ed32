"""`gongkai serve` in production mode, as a load balancer and an attacker meet it: the body
limit answers before the body is sent, the instance has its own control socket, /healthz
answers, HSTS is sent over HTTPS, and each request is one JSON line on stderr."""

import json
import os
import secrets
import socket
import subprocess
import sys
import time

import pytest

PORT = int(os.environ.get("GONGKAI_TEST_PORT", "8203"))
MB = 1024 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("served")
    var = home / "var"
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "GONGKAI_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "GONGKAI_FIELD_KEY": secrets.token_hex(32),
        "ALLOWED_HOSTS": "127.0.0.1",
        "GONGKAI_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}",
    }
    gongkai = [sys.executable, "-m", "gongkai"]
    migrated = subprocess.run(
        [*gongkai, "migrate"], env=env, capture_output=True, text=True, timeout=300
    )
    assert migrated.returncode == 0, migrated.stderr
    log = home / "stderr.log"
    with open(log, "w") as err:
        proc = subprocess.Popen(
            [*gongkai, "serve", "--port", str(PORT), "--workers", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gongkai serve did not start: " + log.read_text())
        yield {"home": home, "var": var, "log": log, "proc": proc}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def exchange(head: bytes, body: bytes = b"", timeout: float = 10) -> bytes:
    """Send a raw request and read the whole answer."""
    with socket.create_connection(("127.0.0.1", PORT), timeout=timeout) as s:
        s.sendall(head + body)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def get(path: str, extra: str = "") -> bytes:
    return exchange(
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}Connection: close\r\n\r\n".encode()
    )


def test_a_300_mb_anonymous_post_is_refused_before_its_body_is_sent(server):
    head = (
        "POST /agencies/none/apply/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {300 * MB}\r\n\r\n"
    ).encode()
    # Five bytes of the 300 MB, then only waiting: a server that read the body first would
    # never answer (the socket times out). gunicorn drains at most 64 KB before closing.
    answer = exchange(head, b"--x\r\n")
    assert answer.startswith(b"HTTP/1.1 413")
    assert "超过了 52 MB 的上限" in answer.decode()


def test_a_chunked_post_without_length_is_refused(server):
    head = (
        b"POST /track/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
        b"Connection: close\r\n\r\n"
    )
    answer = exchange(head, b"5\r\nhello\r\n0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 411")


def test_the_instance_has_its_own_control_socket(server):
    sock = server["var"] / "run" / f"gunicorn-{PORT}.ctl"
    assert sock.is_socket()
    assert not (server["home"] / ".gunicorn").exists()


def test_healthz_answers_ok_without_login(server):
    answer = get("/healthz")
    assert answer.startswith(b"HTTP/1.1 200")
    body = json.loads(answer.split(b"\r\n\r\n", 1)[1])
    assert body == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "search_index": "ok"},
    }


def test_hsts_is_sent_behind_the_https_proxy(server):
    answer = get("/", "X-Forwarded-Proto: https\r\n").decode()
    assert "Strict-Transport-Security: max-age=31536000; includeSubDomains" in answer
    assert "Strict-Transport-Security" not in get("/").decode()  # not over plain HTTP


def test_each_request_is_one_json_line_on_stderr(server):
    get("/accounts/login/")
    time.sleep(0.5)
    lines = [json.loads(line) for line in server["log"].read_text().splitlines() if line[:1] == "{"]
    finished = [e for e in lines if e.get("event") == "request_finished"]
    login = next(e for e in finished if e["request"] == "GET /accounts/login/")
    assert login["code"] == 200 and login["view"] == "accounts:login"
    assert login["level"] == "info" and login["user_id"] is None
    assert isinstance(login["duration_ms"], float)
    assert len(login["request_id"]) == 36
    refused = next(e for e in lines if e.get("event") == "request_body_refused")
    assert refused["content_length"] == 300 * MB
