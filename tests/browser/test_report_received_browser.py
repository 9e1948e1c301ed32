"""A county's installation submits its report over HTTP (the push command's own function,
against the live server as the city); the city's supervisor finds it in the library as
下级平台报送, with the sender's version and the findings computed here."""

import pytest

from tests.browser.test_office_and_portal import sign_in

pytestmark = pytest.mark.browser


def test_supervisor_sees_a_report_received_from_a_lower_installation(
    page, live_server, demo_data, shot
):
    from gongkai.accounts.system import SYSTEM
    from gongkai.api import actions
    from gongkai.cli import _push
    from gongkai.organisations.models import Agency
    from gongkai.reports.models import PublishedReport, Source

    county = Agency.objects.get(code="demo-county")
    # Sent for the county's office, which has no report of its own in the demo: the shared
    # demo's other units keep what they hold.
    office = Agency.objects.get(code="demo-county-office")
    kept = PublishedReport.objects.filter(agency=county, source=Source.PLATFORM).latest("pk")
    token = actions.create_token(actor=SYSTEM, agency=office, name="示范县平台",
                                 scopes=["report.submit"])[1]  # fmt: skip
    url = _push.endpoint(live_server.url)
    answer = _push.push(url, token, _push.body(office, kept), timeout=30)
    try:
        assert answer["created"] is True and answer["source_label"] == "下级平台报送"
        sign_in(page, live_server.url, "supervisor")
        page.goto(f"{live_server.url}/office/reports/library/?year={kept.year}")
        row = page.locator("tr", has_text=office.name)
        assert "下级平台报送" in row.inner_text()
        shot(page, "library-received-report")
        row.get_by_role("link", name=office.name).click()
        lead = page.locator("p.lead")
        assert "下级平台报送" in lead.inner_text()
        assert f"报送方版本 {kept.pk}" in lead.inner_text()
        shot(page, "library-received-report-detail")
    finally:
        PublishedReport.objects.filter(pk=answer["id"]).delete()
