import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("GONGKAI_SHARED_DIR", REPO_ROOT.parent / "shared"))
SPEC_DIR = SHARED_DIR / "spec"
FIXTURES_DIR = SHARED_DIR / "fixtures" / "annual-reports"


@pytest.fixture(scope="session")
def spec_dir() -> Path:
    return SPEC_DIR


@pytest.fixture(scope="session")
def report_fixtures_dir() -> Path:
    return FIXTURES_DIR


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (len(marker.args) > 0 and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _audit_triggers_around_flush(request):
    """Transactional tests end with a flush, which the audit log's append-only triggers rightly
    refuse. Lift them for the flush only, and put them back for the next test."""
    if not _is_transactional(request):
        yield
        return
    request.getfixturevalue("transactional_db")
    from django.db import connection

    from gongkai.audit import triggers

    triggers.install(connection)
    yield
    triggers.drop(connection)


@pytest.fixture(autouse=True)
def _limits_forgotten_after_flush(request):
    """The limits' cache table is no model, so a transactional test's flush keeps its counts,
    and later tests would find their client's hourly allowance used up. Clear it too. (Other
    tests write it inside their transaction, which is rolled back.)"""
    if not _is_transactional(request):
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from django.core.cache import caches

    caches["limits"].clear()


@pytest.fixture(autouse=True)
def _audit_key_and_anchor(settings, tmp_path_factory):
    """The audit key file and the anchor live outside the database: give every test its own,
    so no test sees another's anchor (or a developer's var/)."""
    where = tmp_path_factory.mktemp("audit")
    settings.AUDIT_KEY = None
    settings.AUDIT_KEY_FILE = where / "audit.key"
    settings.AUDIT_ANCHOR = where / "audit-anchor.log"


@pytest.fixture(autouse=True)
def _sms_dir(settings, tmp_path_factory):
    """SMS go to files in the tests (the file backend): every test its own folder, never the
    checkout's var/."""
    settings.GONGKAI_SMS_DIR = tmp_path_factory.mktemp("sms")


# Every test account uses this password; logging in goes through the real login form.
PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    """Argon2 is deliberately slow; tests use a fast hasher (the production setting is
    checked in tests/foundation/test_pages.py)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _live_server_one_request_at_a_time():
    """On SQLite the tests' database lives in memory, so Django hands the live server's request
    threads the test thread's one connection. Two requests at once (a page and the images it
    loads) then share one transaction state, and a run of the suite hung in CI with two request
    threads stuck on that connection. Requests take turns here, as they do on one connection
    anyway; PostgreSQL gives each thread its own connection and keeps the threads' concurrency.
    """
    import threading

    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test.testcases import LiveServerThread

    class TakingTurns(ThreadedWSGIServer):
        # Per request, not per connection: a browser keeps its connections alive, and a
        # thread serves one connection's requests until it closes.
        turn = threading.Lock()

        def set_app(self, application):
            if not self.connections_override:
                return super().set_app(application)

            def one_at_a_time(environ, start_response):
                with self.turn:
                    return application(environ, start_response)

            return super().set_app(one_at_a_time)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveServerThread, "server_class", TakingTurns)
        yield


@pytest.fixture(autouse=True)
def _no_periodic_jobs(settings):
    """The worker queues the periodic jobs due by the wall clock (reminders at 8:00, the audit
    check at 2:30, Beijing time): a test that drains a queue would find them there or not by
    the hour it runs. Tests of the schedule switch it on and pass their own "now"."""
    settings.GONGKAI_SCHEDULE = False


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def login():
    """Sign a test client in through the login form, as a person would."""
    from django.urls import reverse

    def do(client, user):
        response = client.post(
            reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
        )
        assert response.status_code == 302, "login failed"
        return client

    return do


@pytest.fixture(autouse=True)
def _portal_cache_emptied():
    """The portal's page cache is keyed by the catalog's generation number, which lives in the
    database: every test's rolled-back database starts again at the same number, so a page
    cached by one test would be served to the next. In a running platform it only grows."""
    from django.core.cache import cache

    cache.clear()
    yield


# ---- The task queues a test can run its background tasks through (issue 14) ----------------
# Redis tests use database 15 (a deployment's default is 0) and keys of their own prefix, per
# test process, so two test runs on one machine, or a demo on the same server, leave each other
# alone; the prefix's keys are deleted before and after each test.
REDIS_TEST_URL = os.environ.get("GONGKAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REDIS_TEST_PREFIX = f"gongkai_test_{os.getpid()}"
_redis_reachable: list[str | None] = []


def _redis_problem() -> str | None:
    """Why the tests' Redis cannot be used, or None; asked once a session."""
    if not _redis_reachable:
        import redis

        try:
            redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2).ping()
            _redis_reachable.append(None)
        except redis.RedisError as exc:
            _redis_reachable.append(f"no redis-server reachable at {REDIS_TEST_URL}: {exc}")
    return _redis_reachable[0]


class TaskQueue:
    """The queue of the default task backend, on the database or on Redis, and what a test
    needs to look into it the same way on both."""

    def __init__(self, kind: str):
        self.kind = kind

    def setting(self, *, claim_timeout: int = 900) -> dict:
        """TASKS for this queue; on Redis the claim timeout (the lease) can be made short."""
        if self.kind == "db":
            return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        options = {
            "REDIS_URL": REDIS_TEST_URL,
            "REDIS_KEY_PREFIX": REDIS_TEST_PREFIX,
            "REDIS_CLAIM_TIMEOUT": claim_timeout,
        }
        return {"default": {"BACKEND": "django_tasks_redis.RedisTaskBackend", "OPTIONS": options}}

    def flush(self) -> None:
        if self.kind == "redis":
            import redis

            client = redis.Redis.from_url(REDIS_TEST_URL)
            for key in client.scan_iter(match=f"{REDIS_TEST_PREFIX}:*", count=1000):
                client.delete(key)

    def _redis_tasks(self) -> list[dict]:
        from django.tasks import task_backends

        return [data for _id, data in task_backends["default"].iter_task_data()]

    def statuses(self) -> list[str]:
        """Every stored task result's status, sorted."""
        if self.kind == "db":
            from django_tasks_db.models import DBTaskResult

            return sorted(DBTaskResult.objects.values_list("status", flat=True))
        return sorted(data["status"] for data in self._redis_tasks())

    def waiting_until(self) -> list:
        """When each task waiting in the queue is due (run_after; None: at once)."""
        if self.kind == "db":
            from django_tasks_db.models import DBTaskResult

            return list(
                DBTaskResult.objects.filter(status="READY").values_list("run_after", flat=True)
            )
        from django_tasks_redis.utils import deserialize_datetime

        return [
            deserialize_datetime(data["run_after"])
            for data in self._redis_tasks()
            if data["status"] == "READY"
        ]

    def make_due(self) -> None:
        """As if every deferred task's delay had passed."""
        from django.tasks import task_backends
        from django.utils import timezone

        if self.kind == "db":
            from django_tasks_db.models import DBTaskResult

            DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
            return
        from django_tasks_redis.utils import serialize_datetime

        # The delayed set says when to queue a task, its hash's run_after when to run it.
        broker = task_backends["default"].broker
        key = broker.delayed_key("default")
        for task_id in broker.client.zrange(key, 0, -1):
            broker.client.hset(broker.result_key(task_id), "run_after", serialize_datetime(None))
            broker.client.zadd(key, {task_id: 0})

    def leave_to_dead_worker(self, result_id: str, *, idle_seconds: int = 3600) -> None:
        """What a worker killed in the middle of the task leaves: the task claimed, RUNNING, never
        finished; on Redis its message received and never acknowledged. ``idle_seconds``: how
        long ago (0 on Redis: now, and the claim timeout has to pass for real)."""
        from datetime import timedelta

        from django.tasks import task_backends
        from django.utils import timezone

        if self.kind == "db":
            from django_tasks_db.models import DBTaskResult

            DBTaskResult.objects.filter(id=result_id).update(
                status="RUNNING",
                started_at=timezone.now() - timedelta(seconds=idle_seconds),
                worker_ids=["dead-worker"],
            )
            return
        backend = task_backends["default"]
        [message] = backend.broker.receive(worker_id="dead-worker")
        assert message.task_id == result_id
        assert backend.claim_task(result_id, worker_id="dead-worker")
        if idle_seconds:
            # XCLAIM to the same consumer with IDLE sets how long ago it was delivered.
            stream_key, message_id = message.handle
            backend.broker.client.xclaim(
                stream_key,
                backend.consumer_group,
                "dead-worker",
                0,
                [message_id],
                idle=idle_seconds * 1000,
            )


@pytest.fixture(params=["db", "redis"])
def task_queue(request):
    """Runs the test once on each queue, with the default backend set to it. Without a
    redis-server the Redis run is skipped, unless GONGKAI_REQUIRE_REDIS=1 (CI) makes it fail."""
    from django.test import override_settings

    queue = TaskQueue(request.param)
    if queue.kind == "redis" and (problem := _redis_problem()):
        if os.environ.get("GONGKAI_REQUIRE_REDIS") == "1":
            pytest.fail(f"GONGKAI_REQUIRE_REDIS=1 但 Redis 不可用：{problem}")
        pytest.skip(problem)
    queue.flush()
    with override_settings(TASKS=queue.setting()):
        yield queue
    queue.flush()
