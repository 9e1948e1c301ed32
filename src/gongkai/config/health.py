"""/healthz for a load balancer: no login, no personal data, three cheap queries.

200 ``{"status": "ok", "checks": {...}}`` when the database answers, every migration on disk is
applied and the catalog search table exists; otherwise 503 naming the check that failed.
"""

from __future__ import annotations

import importlib
from functools import cache

from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from gongkai.catalog.search import backend


@cache
def _migrations_on_disk() -> frozenset[tuple[str, str]]:
    # The files do not change while the process runs; read them once.

    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _migrations() -> str:

    applied = set(MigrationRecorder(connection).applied_migrations())
    missing = _migrations_on_disk() - applied
    return "ok" if not missing else f"{len(missing)} 个数据库迁移尚未执行（gongkai migrate）"


def _search_index() -> str:

    table = getattr(importlib.import_module(type(backend()).__module__), "TABLE", None)
    if table is None:  # a configured backend keeps its index elsewhere
        return "ok"
    if table in connection.introspection.table_names(include_views=False):
        return "ok"
    return f"全文检索表 {table} 不存在（gongkai migrate 或 gongkai catalog reindex）"


CHECKS = {"database": _database, "migrations": _migrations, "search_index": _search_index}


@never_cache
@require_safe
def healthz(request):
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except DatabaseError as exc:
            results[name] = f"数据库无法访问（{type(exc).__name__}）"
        if results[name] != "ok":
            break  # later checks need what this one found missing
    healthy = len(results) == len(CHECKS) and all(v == "ok" for v in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": results},
        status=200 if healthy else 503,
        json_dumps_params={"ensure_ascii": False},
    )
