"""Feeds carry escaped text: hostile titles and bodies never become markup in a reader."""

import datetime as dt
import html
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from gongkai.accounts.system import SYSTEM
from gongkai.catalog import actions
from gongkai.catalog.domain.content import plain_text
from gongkai.catalog.models import Category
from gongkai.organisations.actions import assign_role, create_agency
from gongkai.organisations.actions.accounts import create_user
from gongkai.organisations.roles import Role

SVG = "<svg/onload=alert(document.domain)>"
IMG_TEXT = "&lt;img src=x onerror=alert(1)&gt;"  # a body that *shows* an img tag as text
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def hostile_record(db, password):
    agency = create_agency(
        actor=SYSTEM, code="county", name="示范县人民政府", level="county", kind="government"
    )
    people = {}
    for name, role in (("publisher", Role.PUBLISHER), ("reviewer", Role.REVIEWER)):
        people[name] = create_user(actor=SYSTEM, username=name, password=password, full_name=name)
        assign_role(actor=SYSTEM, user=people[name], agency=agency, role=role)
    actions.ensure_catalog(actor=SYSTEM, agency=agency)
    data = {
        "title": f"关于{SVG}的通知",
        "category": Category.objects.get(agency=agency, code="14"),
        "doc_type": "notice",
        "document_number": "示府办〔2025〕12号",
        "subject_words": "政务公开",
        "body": f"<p>正文 {IMG_TEXT} 与 &lt;script&gt;alert(2)&lt;/script&gt; 结束</p>",
        "formed_on": dt.date.today() - dt.timedelta(days=3),
    }
    record = actions.create_draft(actor=people["publisher"], agency=agency, data=data)
    actions.submit(actor=people["publisher"], record=record)
    actions.approve(actor=people["reviewer"], record=record, opinion="同意公开。")
    return actions.publish(actor=people["publisher"], record=record)


def _no_markup(as_html: str) -> None:
    """What a reader renders from an HTML field: no element may come out of it."""
    assert "<" not in as_html and ">" not in as_html, as_html


def test_plain_text_never_turns_escaped_text_back_into_markup():
    text = plain_text(f"<p>{IMG_TEXT}</p><p>&#60;svg onload=x&#62; &amp;lt;b&amp;gt;</p>")
    assert "<" not in text and ">" not in text
    assert "img src=x onerror=alert(1)" in text  # the words stay readable and searchable
    assert plain_text("<p>甲&nbsp;乙 &amp; 丙</p>") == "甲 乙 & 丙"


def test_rss_titles_and_descriptions_are_escaped_text(client, hostile_record):
    response = client.get(reverse("catalog_portal:feed", args=["county"]))
    assert response.status_code == 200
    item = ET.fromstring(response.content).find("channel/item")
    _no_markup(item.findtext("title"))
    _no_markup(item.findtext("description"))
    # Read as HTML, the fields show the hostile characters as characters.
    assert SVG in html.unescape(item.findtext("title"))
    assert "img src=x onerror=alert(1)" in html.unescape(item.findtext("description"))


def test_atom_summaries_are_escaped_and_titles_are_text(client, hostile_record):
    response = client.get(reverse("catalog_portal:atom", args=["county"]))
    assert response.status_code == 200
    entry = ET.fromstring(response.content).find(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    _no_markup(summary.text)
    assert "alert(2)" in html.unescape(summary.text)
    title = entry.find(f"{ATOM}title")
    assert title.get("type") in (None, "text") and title.text == f"关于{SVG}的通知"
