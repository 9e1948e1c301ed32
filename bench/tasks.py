"""Background tasks per second through `gongkai worker`, on the database queue and on Redis.

For each queue (``db``: django-tasks-db in the database; ``redis``: django-tasks-redis streams)
and each kind of task (``trivial``: returns its argument; ``parse``: parses a fixture annual
report from the shared fixtures with the library's parser, no database writes), starts 1 and
then 2 ``gongkai worker`` processes, lets them warm up, enqueues N tasks and times until the
last one has finished. Prints tasks/second (and the enqueue rate) per combination.

The database is a scratch SQLite file, or with ``--pg`` the PostgreSQL database
``gk_redis_bench`` of the role gongkai (created if missing); Redis is database 14 of
``--redis`` (default redis://127.0.0.1:6379/14), whose ``gongkai_tasks:*`` keys are deleted
between runs. The machine is shared, so the figures are noisy: compare them within one run.

Run: ``.venv/bin/python bench/tasks.py [-n N] [--parse-n N] [--pg] [--only db|redis]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = (
    Path(os.environ.get("GONGKAI_SHARED_DIR", "/work/shared")) / "fixtures" / "annual-reports"
)
PG_URL = "postgres://gongkai:gongkai@127.0.0.1:5432/gk_redis_bench"


def _environment(queue: str, database_url: str, redis_url: str, var_dir: str) -> dict:
    env = dict(os.environ)
    env.update(
        GONGKAI_ENV="test",
        GONGKAI_VAR_DIR=var_dir,
        DATABASE_URL=database_url,
        GONGKAI_TASKS_BACKEND=queue,
        GONGKAI_REDIS_URL=redis_url,
        # The workers import this file's tasks as the module ``tasks``.
        PYTHONPATH=str(Path(__file__).resolve().parent),
    )
    return env


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-n", type=int, default=400, help="trivial tasks per run (default 400)")
    p.add_argument("--parse-n", type=int, default=40, help="parse tasks per run (default 40)")
    p.add_argument("--pg", action="store_true", help="the database on PostgreSQL, not SQLite")
    p.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    p.add_argument("--only", choices=["db", "redis"])
    args = p.parse_args()
    var_dir = tempfile.mkdtemp(prefix="gongkai-bench-tasks-")
    database_url = PG_URL if args.pg else f"sqlite:///{var_dir}/bench.sqlite3"
    if args.pg:
        _create_pg_database()
    queues = [args.only] if args.only else ["db", "redis"]
    print(f"database: {'PostgreSQL' if args.pg else 'SQLite'}; redis: {args.redis}")
    for queue in queues:
        env = _environment(queue, database_url, args.redis, var_dir)
        # The measuring side runs in a process of its own, under the queue's settings.
        subprocess.run(
            [sys.executable, __file__, "--measure", str(args.n), str(args.parse_n)],
            env=env,
            check=True,
        )


def _create_pg_database() -> None:
    import psycopg

    with psycopg.connect(PG_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname='gk_redis_bench'").fetchone():
            conn.execute("CREATE DATABASE gk_redis_bench")


def measure(n_trivial: int, n_parse: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings")
    django.setup()
    import tasks  # this file, as the workers import it
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    queue = os.environ["GONGKAI_TASKS_BACKEND"]
    fixture = sorted(FIXTURES.glob("*.txt"))[0]
    for kind, task, arg, count in (
        ("trivial", tasks.trivial, "x", n_trivial),
        ("parse", tasks.parse_report, str(fixture), n_parse),
    ):
        for workers in (1, 2):
            _empty(queue)
            procs = [
                subprocess.Popen(
                    [str(ROOT / ".venv/bin/gongkai"), "worker", "--interval", "0.05"],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                for _ in range(workers)
            ]
            try:
                # Warm-up: every worker has started (Django imported) and run a task.
                _wait([tasks.trivial.enqueue("warm") for _ in range(4 * workers)])
                time.sleep(0.5)
                start = time.perf_counter()
                results = [task.enqueue(arg) for _ in range(count)]
                enqueued = time.perf_counter()
                _wait(results)
                done = time.perf_counter()
            finally:
                for proc in procs:
                    proc.terminate()
                for proc in procs:
                    proc.wait(timeout=30)
            print(
                f"{queue:5} {kind:7} workers={workers}: {count / (done - start):7.1f} tasks/s"
                f"  (enqueue {count / (enqueued - start):7.1f}/s, {count} tasks)",
                flush=True,
            )


def _wait(results) -> None:
    for result in results:
        while True:
            result.refresh()
            if result.is_finished:
                if result.status != "SUCCESSFUL":
                    raise SystemExit(f"task {result.id} {result.status}: {result.errors}")
                break
            time.sleep(0.01)


def _empty(queue: str) -> None:
    from django.tasks import task_backends

    if queue == "db":
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.all().delete()
        return
    client = task_backends["default"].get_client()
    for key in client.scan_iter(match="gongkai_tasks:*", count=1000):
        client.delete(key)


if __name__ == "__main__" and sys.argv[1:2] == ["--measure"]:
    measure(int(sys.argv[2]), int(sys.argv[3]))
elif __name__ == "__main__":
    main()
else:
    # Imported as ``tasks`` (by the measuring process and the workers): the tasks themselves.
    from django.tasks import task

    @task
    def trivial(value: str) -> str:
        return value

    @task
    def parse_report(path: str) -> int:
        from gongkai.parsing import parse_path

        return len(parse_path(path).report)
