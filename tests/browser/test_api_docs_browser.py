"""The API's docs page (Swagger UI) works offline: every request it makes goes to the platform
itself, it keeps the Content-Security-Policy, and it lists the endpoints."""

from urllib.parse import urlsplit

import pytest

from .test_csp_browser import watched  # noqa: F401 (the fixture: CSP violations seen)

pytestmark = pytest.mark.browser


def test_docs_page_loads_only_local_files_and_lists_the_endpoints(
    watched,  # noqa: F811
    live_server,
    demo_data,
    shot,
):
    page, violations = watched
    base = urlsplit(live_server.url).netloc
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert response.status == 200
    page.get_by_text("/api/v1/records", exact=True).first.wait_for()
    page.wait_for_load_state("networkidle")
    elsewhere = [u for u in requested if urlsplit(u).netloc not in (base, "")]
    assert elsewhere == []
    assert any(u.endswith("/api/v1/openapi.json") for u in requested)
    assert violations() == []
    # Try one endpoint from the page, as a developer would.
    page.get_by_text("/api/v1/agencies", exact=True).first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.get_by_text("demo-county").first.wait_for()
    shot(page, "api-docs")
