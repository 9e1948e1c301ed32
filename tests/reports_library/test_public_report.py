"""A published annual report's portal page shows its tables in the official grid and offers its
PDF; the portal's header, home page and guide lead to the form, the reports and the search."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.accounts.system import SYSTEM
from gongkai.catalog import actions as catalog
from gongkai.organisations.actions import assign_role
from gongkai.organisations.actions.accounts import create_user
from gongkai.reports.actions import library

D = dt.date


@pytest.fixture
def published(region, password, state_figures):
    head = create_user(actor=SYSTEM, username="head", password=password)
    assign_role(actor=SYSTEM, user=head, agency=region["office"], role="head")
    publisher = create_user(actor=SYSTEM, username="publisher", password=password)
    assign_role(actor=SYSTEM, user=publisher, agency=region["office"], role="publisher")
    reviewer = create_user(actor=SYSTEM, username="reviewer", password=password)
    assign_role(actor=SYSTEM, user=reviewer, agency=region["office"], role="reviewer")
    state_figures(
        head, region["office"], 2025, D(2026, 1, 10), narrative={"overview": "全年工作平稳。"}
    )
    kept, _ = library.submit_report(
        actor=head,
        agency=region["office"],
        year=2025,
        today=D(2026, 1, 10),
        now=dt.datetime(2026, 1, 10, 2, tzinfo=dt.UTC),
    )
    record = library.publish_to_catalog(actor=publisher, kept=kept, today=D(2026, 1, 12))
    catalog.submit(actor=publisher, record=record)
    catalog.approve(actor=reviewer, record=record, opinion="不涉密，同意公开。")
    catalog.publish(actor=publisher, record=record)
    return record, kept


@pytest.mark.django_db
def test_the_record_page_shows_the_report_tables_without_office_links(published):
    record, kept = published
    page = Client().get(reverse("catalog_portal:record", args=[record.pk])).content.decode()
    assert "全年工作平稳。" in page  # the narrative, from the record's body
    assert page.count('class="report-grid"') == 3  # sections 二, 三 and 四
    for heading in ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"):
        assert heading in page
    assert "本年新收政府信息公开申请数量" in page
    assert "/office/" not in page  # the preview's record links stay in the office
    pdf_url = reverse("reports_public:pdf", args=[record.pk])
    assert f'href="{pdf_url}"' in page
    response = Client().get(pdf_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    with kept.file.open("rb") as f:
        assert body == f.read()  # the frozen copy, not a new rendering


@pytest.mark.django_db
def test_no_report_tables_or_pdf_for_other_or_unpublished_records(region, published):
    record, _ = published
    catalog.withdraw(actor=SYSTEM, record=record, reason="测试撤回")
    assert Client().get(reverse("reports_public:pdf", args=[record.pk])).status_code == 404
    other = catalog.create_draft(
        actor=SYSTEM,
        agency=region["office"],
        today=D(2026, 1, 12),
        data={
            "title": "关于2025年工作的通知",
            "category": record.category,
            "doc_type": "notice",
            "formed_on": D(2026, 1, 12),
            "body": "<p>通知。</p>",
        },
    )
    assert Client().get(reverse("reports_public:pdf", args=[other.pk])).status_code == 404


@pytest.mark.django_db
def test_header_home_and_guide_lead_to_the_form_reports_and_search(region):
    home = Client().get(reverse("portal:home")).content.decode()
    assert f'action="{reverse("catalog_portal:search")}"' in home and 'name="q"' in home
    assert f'href="{reverse("portal:choose_apply")}"' in home
    assert f'href="{reverse("portal:choose_reports")}"' in home
    # Several agencies: a choice; each leads to that agency's page.
    chooser = Client().get(reverse("portal:choose_reports")).content.decode()
    assert reverse("catalog_portal:annual_reports", args=["yunfu-edu"]) in chooser
    chooser = Client().get(reverse("portal:choose_apply")).content.decode()
    assert reverse("requests_public:apply", args=["yunfu-edu"]) in chooser
    # On an agency's pages the header goes straight to its form and its reports.
    code = region["office"].code
    guide = Client().get(reverse("portal:guide", args=[code])).content.decode()
    for url in (
        reverse("requests_public:apply", args=[code]),
        reverse("catalog_portal:annual_reports", args=[code]),
        reverse("catalog_portal:agency", args=[code]),
    ):
        assert f'href="{url}"' in guide


@pytest.mark.django_db
def test_with_one_agency_the_header_links_go_straight_to_it(db):
    from gongkai.organisations.actions import create_agency

    create_agency(actor=SYSTEM, code="solo", name="独县人民政府", level="county", kind="government")
    response = Client().get(reverse("portal:choose_apply"))
    assert response.status_code == 302
    assert response["Location"] == reverse("requests_public:apply", args=["solo"])
    response = Client().get(reverse("portal:choose_reports"))
    assert response["Location"] == reverse("catalog_portal:annual_reports", args=["solo"])
