"""The portal as a citizen meets it: search from the home page, and the header's 年度报告 down to
a published report's tables and its PDF (issue 11)."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_home_page_search_finds_the_published_records(page, live_server, demo_data, shot):
    page.goto(f"{live_server.url}/")
    box = page.get_by_role("search").get_by_label("搜索政府信息的关键词")
    box.fill("预算")
    page.get_by_role("search").get_by_role("button", name="搜索").click()
    page.wait_for_url(re.compile(r"/search/\?q="))
    results = page.locator(".record-list li, .results li")
    assert results.count() > 0
    # The word is marked in what was found, so a reader sees why each result is there.
    assert page.locator("mark").filter(has_text="预算").count() > 0
    shot(page, "portal-search-from-home")


def test_header_annual_reports_lead_to_the_tables_and_the_pdf(page, live_server, demo_data, shot):
    page.goto(f"{live_server.url}/")
    page.get_by_role("banner").get_by_role("link", name="年度报告").click()
    # The demo portal serves several agencies: a choice first, then that agency's reports
    # (the county publishes its report in the demo; the city has none yet).
    page.wait_for_url(re.compile(r"/annual-reports/$"))
    shot(page, "portal-reports-chooser")
    page.get_by_role("link", name="示范县人民政府", exact=True).click()
    page.wait_for_url(re.compile(r"/agencies/[^/]+/annual-reports/"))
    shot(page, "portal-agency-reports")
    reports = page.locator(".record-list a")
    assert reports.count() > 0, "the demo publishes at least one annual report"
    reports.first.click()
    page.wait_for_url(re.compile(r"/info/\d+/"))
    section = page.locator("section.annual-report")
    assert section.get_by_role("heading", name="报告统计表").is_visible()
    # The four tables of the national format (二、三、四 and the 收到和处理 table).
    assert section.locator("table").count() >= 3
    assert section.locator("h3").count() >= 3
    shot(page, "portal-report-tables")
    link = section.get_by_role("link", name="下载报告全文 PDF")
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.body().startswith(b"%PDF-")
