"""Headless Debian Chromium driven by Playwright. Never downloads a browser."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
# The closed network refuses Chromium's background calls; these flags stop it making them.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# Where the person reviewing a change looks at its pages, if set (``shot`` copies them there).
SHOTS = Path(os.environ["GONGKAI_SHOTS"]) if os.environ.get("GONGKAI_SHOTS") else None


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("GONGKAI_REQUIRE_BROWSER"):
        raise pytest.UsageError(f"浏览器测试需要 {CHROMIUM}（apt-get install chromium）。")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="package", autouse=True)
def _async_unsafe_allowed():
    """Playwright's sync API runs an event loop in the test thread, and Django's ORM refuses to
    run beside one unless told it is intended. Told here only: the rest of the suite keeps
    Django's guard (the loop ends with the package-scoped browser below)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def shot(screenshot):
    """The suite's screenshot (of the page, or of one element), also copied to SHOTS."""

    def take(page, name, element=None):
        if element is None:
            screenshot(page, name)
        else:
            element.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
        if SHOTS is not None:
            SHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copy(SCREENSHOTS / f"{name}.png", SHOTS / f"{name}.png")

    return take


@pytest.fixture(scope="package")
def demo_data(django_db_setup, django_db_blocker):
    """The demo, seeded once for all browser tests (seeding it per test was half the suite's
    time). The tests share it: each adds its own records and reads only what the demo holds,
    so none depends on another having run or not. Emptied afterwards for the tests that follow.
    """
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    from gongkai.audit import triggers
    from gongkai.demo import seed

    with django_db_blocker.unblock():
        # The suite's fast hasher (tests/conftest.py), or the demo's logins would not match.
        with override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
            seed()
        triggers.install(connection)  # the audit log is append-only while the tests run
        yield
        triggers.drop(connection)
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _live_server_helper(request, django_db_blocker):
    """Replaces pytest-django's helper, which gives every live-server test transactional_db and
    so a flush of the shared demo after it. The server's threads reach the database while a
    test runs."""
    if "live_server" not in request.fixturenames:
        yield
        return
    live_server = request.getfixturevalue("live_server")
    with django_db_blocker.unblock():
        live_server._live_server_modified_settings.enable()
        yield
        live_server._live_server_modified_settings.disable()


@pytest.fixture(autouse=True)
def _audit_triggers_around_flush():
    """Nothing is flushed between browser tests (see demo_data), so nothing to lift."""
    yield


@pytest.fixture(autouse=True)
def _limits_forgotten_after_flush(django_db_blocker):
    """No flush here either; the submission limits are cleared after each test instead, so a
    test's submissions never use up the next one's hourly allowance."""
    yield
    from django.core.cache import caches

    with django_db_blocker.unblock():
        caches["limits"].clear()
