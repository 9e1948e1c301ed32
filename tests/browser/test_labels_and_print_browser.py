"""The audit page in words and in pages; the request page and the review sheet on paper."""

import re

import pytest

from .test_office_and_portal import sign_in

pytestmark = pytest.mark.browser

# Stands in for the browser's print dialog, which a headless browser cannot show.
COUNT_PRINTS = "window.__prints = 0; window.print = function () { window.__prints += 1; };"


def test_the_audit_page_is_in_chinese_and_paged(page, live_server, demo_data, shot):
    sign_in(page, live_server.url, "head")
    page.goto(f"{live_server.url}/office/audit/")
    table = page.locator("table.audit-log")
    text = table.inner_text()
    assert table.locator("tbody tr").count() <= 50
    assert not re.search(r"\b(request|catalog|role|user)\.[a-z_]+", text), text[:500]
    assert "{'" not in text and "T0" not in text
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", text)
    shot(page, "audit-page")
    page.screenshot(path="/tmp/shots/labels/audit-page-top.png")
    page.get_by_label("业务").select_option("request")
    page.wait_for_url(re.compile(r"kind=request"))
    assert page.locator("table.audit-log tbody tr").count() >= 1
    shot(page, "audit-page-requests")


def test_the_request_page_prints_without_navigation_or_forms(page, live_server, demo_data, shot):
    page.add_init_script(COUNT_PRINTS)
    sign_in(page, live_server.url, "clerk")
    page.goto(f"{live_server.url}/office/requests/")
    page.locator("table.queue tbody a").first.click()
    page.wait_for_url(re.compile(r"/office/requests/\d+/$"))
    button = page.get_by_role("button", name="打印")
    assert page.locator(".office-header").is_visible() and button.is_visible()
    button.click()
    assert page.evaluate("window.__prints") == 1
    page.emulate_media(media="print")
    assert not page.locator(".office-header").is_visible()
    assert not button.is_visible()
    assert page.locator("form").evaluate_all("fs => fs.every(f => !f.offsetParent)")
    assert page.locator("h1").is_visible()
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    shot(page, "request-print")


def test_the_report_preview_prints_its_tables_without_the_office_around_them(
    page, live_server, demo_data, shot
):
    sign_in(page, live_server.url, "head")
    page.goto(f"{live_server.url}/office/reports/preview/")
    assert page.get_by_role("button", name="打印").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".office-header").is_visible()
    assert page.locator("table.report-grid").first.is_visible()
    border = page.locator("table.report-grid td").first.evaluate(
        "td => getComputedStyle(td).borderTopColor"
    )
    assert border == "rgb(0, 0, 0)"
    shot(page, "report-preview-print")
