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
