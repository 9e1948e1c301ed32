"""Two running installations: a county's (its own SQLite file) pushes its submitted annual
report with `gongkai report push` to a city's `gongkai serve`; the city keeps it in its library
as 下级平台报送 with the county's version number, the same push again is the same row, and a
bad token or an unreachable city is one Chinese line, exit code 1."""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time

import pytest

GONGKAI = [sys.executable, "-m", "gongkai"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(home) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GONGKAI_ENV")}
    return env | {"GONGKAI_ENV": "demo", "GONGKAI_VAR_DIR": str(home / "var"), "HOME": str(home)}


def _run(home, *args, check=True):
    done = subprocess.run(
        [*GONGKAI, *args], env=_env(home), cwd=home, capture_output=True, text=True, timeout=300
    )
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def _received(home):
    with sqlite3.connect(home / "var" / "gongkai.sqlite3") as db:
        return db.execute(
            "SELECT r.id, a.code, r.year, r.remote_version FROM reports_publishedreport r "
            "JOIN organisations_agency a ON a.id = r.agency_id WHERE r.source = 'received'"
        ).fetchall()


@pytest.fixture(scope="module")
def installations(tmp_path_factory):
    city, county = tmp_path_factory.mktemp("city"), tmp_path_factory.mktemp("county")
    for home in (city, county):
        _run(home, "demo", "--no-serve")
    made = _run(city, "api", "token", "create", "--agency", "demo-city", "--scope",
                "report.submit", "--name", "示范县平台")  # fmt: skip
    token = re.search(r"gk_\S+", made.stdout).group(0)
    port = _free_port()
    log = city / "serve.log"
    with open(log, "w") as err:
        server = subprocess.Popen(
            [*GONGKAI, "serve", "--port", str(port), "--workers", "1"],
            env=_env(city), cwd=city, stdout=subprocess.DEVNULL, stderr=err,
        )  # fmt: skip
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("city's gongkai serve did not start: " + log.read_text())
        yield {"city": city, "county": county, "token": token, "url": f"http://127.0.0.1:{port}"}
    finally:
        server.terminate()
        server.wait(timeout=30)


def _year(home) -> int:
    with sqlite3.connect(home / "var" / "gongkai.sqlite3") as db:
        (year,) = db.execute(
            "SELECT max(year) FROM reports_publishedreport WHERE source = 'platform'"
        ).fetchone()
    return year


def push(installations, token=None, url=None):
    county = installations["county"]
    # The county keeps the city's token in a file: it never shows in the process list.
    secret = county / "city-token"
    secret.write_text(token or installations["token"])
    return _run(county, "report", "push", "--agency", "demo-county",
                "--year", str(_year(county)), "--to", url or installations["url"],
                "--token-file", str(secret), check=False)  # fmt: skip


def test_county_pushes_to_city_and_the_city_keeps_it_once(installations):
    first = push(installations)
    assert first.returncode == 0, first.stderr
    assert "上级平台新收录" in first.stdout
    rows = _received(installations["city"])
    assert len(rows) == 1
    _, code, year, version = rows[0]
    assert code == "demo-county" and year == _year(installations["county"]) and version

    again = push(installations)
    assert again.returncode == 0, again.stderr
    assert "此前已收录" in again.stdout
    assert _received(installations["city"]) == rows
    # --token works as well as --token-file.
    county = installations["county"]
    third = _run(county, "report", "push", "--agency", "demo-county", "--year",
                 str(_year(county)), "--to", installations["url"], "--token",
                 installations["token"])  # fmt: skip
    assert "此前已收录" in third.stdout
    # The county's own library holds no received report: it only sent one.
    assert _received(installations["county"]) == []


def test_a_bad_token_is_refused_in_chinese(installations):
    done = push(installations, token="gk_00000000_notatoken")
    assert done.returncode == 1
    assert "令牌" in done.stderr and "Traceback" not in done.stderr


def test_an_unreachable_city_is_said_in_chinese(installations):
    done = push(installations, url=f"http://127.0.0.1:{_free_port()}")
    assert done.returncode == 1
    assert "无法连接上级平台" in done.stderr and "Traceback" not in done.stderr
