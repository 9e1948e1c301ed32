"""/healthz for a load balancer: 200 when the database answers, every migration is applied and
the search index exists; 503 naming the check that failed. No login, no personal data."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection
from django.test import Client

from gongkai.catalog.search import backend


def health(client=None):
    response = (client or Client()).get("/healthz")
    return response.status_code, json.loads(response.content)


@pytest.mark.django_db
def test_healthy_installation_answers_ok_to_anyone():
    status, body = health()
    assert status == 200
    assert body == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "search_index": "ok"},
    }


@pytest.mark.django_db
def test_healthz_is_never_cached_and_refuses_posts():
    response = Client().get("/healthz")
    assert "no-store" in response["Cache-Control"]
    assert Client().post("/healthz").status_code == 405


@pytest.mark.django_db
def test_an_unapplied_migration_fails_the_check():
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = 'catalog' AND name = "
            "(SELECT MAX(name) FROM django_migrations WHERE app = 'catalog')"
        )
    status, body = health()
    assert status == 503 and body["status"] == "fail"
    assert body["checks"]["database"] == "ok"
    assert "1 个数据库迁移尚未执行" in body["checks"]["migrations"]
    assert "search_index" not in body["checks"]


@pytest.mark.django_db
def test_a_missing_search_table_fails_the_check():
    module = sys.modules[type(backend()).__module__]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {module.TABLE}")
    status, body = health()
    assert status == 503
    assert body["checks"]["migrations"] == "ok"
    assert module.TABLE in body["checks"]["search_index"]


def test_an_unreachable_database_fails_the_check(tmp_path):
    code = (
        "import django, json; django.setup(); from django.test import Client;"
        "r = Client().get('/healthz', HTTP_HOST='127.0.0.1');"
        "print(r.status_code, r.content.decode())"
    )
    env = {
        "PATH": os.environ["PATH"],
        "GONGKAI_ENV": "demo",
        "GONGKAI_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "gongkai.config.settings",
        # Nothing listens on port 1.
        "DATABASE_URL": "postgres://gongkai:x@127.0.0.1:1/gongkai",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    status, body = out.stdout.split(" ", 1)
    assert status == "503", out.stderr
    assert json.loads(body) == {
        "status": "fail",
        "checks": {"database": "数据库无法访问（OperationalError）"},
    }
