"""A published record under revision: its draft (title, document number, heading) is nobody's
to read but the office's until reviewed — not in the portal's lists, the record page's links,
nor the open-data API."""

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.catalog import actions

DRAFT_TITLE = "尚未审核的修订标题"
DRAFT_NUMBER = "未审〔2026〕99号"


@pytest.fixture
def under_revision(office, published):
    record = published()
    record = actions.revise(actor=office["publisher"], record=record, reason="更正")
    actions.update_draft(
        actor=office["publisher"],
        record=record,
        data={"title": DRAFT_TITLE, "document_number": DRAFT_NUMBER},
    )
    record.refresh_from_db()
    assert record.is_public and record.title == DRAFT_TITLE
    return record


@pytest.mark.django_db
def test_the_portal_list_shows_the_published_title_not_the_draft(under_revision):
    agency = under_revision.agency
    page = Client().get(reverse("catalog_portal:agency", args=[agency.code])).content.decode()
    assert under_revision.live.data["title"] in page
    assert DRAFT_TITLE not in page and DRAFT_NUMBER not in page


@pytest.mark.django_db
def test_the_api_shows_the_published_title_not_the_draft(under_revision):
    answer = Client().get("/api/v1/records", {"agency": under_revision.agency.code}).content
    text = answer.decode()
    assert under_revision.live.data["title"] in text and DRAFT_TITLE not in text
