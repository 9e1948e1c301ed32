import pytest
from django.urls import reverse

from gongkai.catalog.models import Record

pytestmark = pytest.mark.django_db(transaction=True)


def test_publisher_drafts_reviewer_approves_and_the_portal_shows_it(
    office, login, client, category
):
    login(client, office["publisher"])
    response = client.get(reverse("catalog_office:new"))
    assert response.status_code == 200
    response = client.post(
        reverse("catalog_office:new"),
        {
            "title": "示范县2025年城区道路改造工程招标公告",
            "category": category("8").pk,
            "doc_type": "notice",
            "formed_on": "2025-09-01",
            "body": "<p>城区道路改造工程现公开招标。</p><script>x()</script>",
        },
    )
    record = Record.objects.get()
    assert response.status_code == 302 and "<script" not in record.body
    client.post(
        reverse("catalog_office:step", args=[record.pk]),
        {"event": "submit", "version": record.version},
    )
    record.refresh_from_db()
    assert record.state == "submitted"
    client.logout()
    login(client, office["reviewer"])
    client.post(
        reverse("catalog_office:step", args=[record.pk]),
        {"event": "approve", "version": record.version, "note": "不涉密，同意公开。"},
    )
    review = record.reviews.get()
    sheet = client.get(reverse("catalog_office:review_sheet", args=[record.pk, review.pk]))
    assert "保密审查单" in sheet.text and "不涉密，同意公开。" in sheet.text
    client.logout()
    login(client, office["publisher"])
    record.refresh_from_db()
    client.post(
        reverse("catalog_office:step", args=[record.pk]),
        {"event": "publish", "version": record.version},
    )
    client.logout()
    record.refresh_from_db()
    assert record.state == "published"
    page = client.get(reverse("catalog_portal:record", args=[record.pk]))
    assert page.status_code == 200
    for label in ("索引号", "发布机构", "公开目录", "发布日期", "文号", "主题词"):
        assert label in page.text
    assert record.index_number in page.text
    listing = client.get(reverse("catalog_portal:agency", args=["county"]))
    assert record.title in listing.text
    found = client.get(reverse("catalog_portal:search"), {"q": "道路改造"})
    assert "<mark>" in found.text and f"/info/{record.pk}/" in found.text
    rss = client.get(reverse("catalog_portal:feed", args=["county"]))
    assert rss.status_code == 200 and record.index_number in rss.text
    atom = client.get(reverse("catalog_portal:category_atom", args=["county", "8"]))
    assert "<feed" in atom.text and record.title in atom.text
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    section = client.get("/sitemap-records.xml")
    assert f"/info/{record.pk}/" in section.text


@pytest.mark.parametrize(
    "q",
    ["", " ", "AND OR NOT", '"""', "*" * 5000, "政府" * 3000, "a:b^c NEAR(x y)", "\x00\x01"],
)
def test_odd_queries_never_fail(client, office, q):
    response = client.get(reverse("catalog_portal:search"), {"q": q, "page": "abc", "year": "x"})
    assert response.status_code == 200


def test_drafts_are_not_public(client, office, draft):
    record = draft()
    assert client.get(reverse("catalog_portal:record", args=[record.pk])).status_code == 404


def test_large_text_toggle_sets_a_cookie_and_returns(client, office):
    response = client.get(reverse("catalog_portal:text_size"), {"large": "1", "next": "/search/"})
    assert response.status_code == 302 and response["Location"] == "/search/"
    page = client.get("/search/")
    assert "large-text" in page.text
    evil = client.get(reverse("catalog_portal:text_size"), {"next": "https://evil.example/"})
    assert evil["Location"] == "/"


def test_reviewer_cannot_publish_and_other_agency_cannot_see(client, login, office, draft):
    record = draft()
    login(client, office["reviewer"])
    response = client.get(reverse("catalog_office:new"))
    assert response.status_code == 403
    client.logout()
    login(client, office["otherpub"])
    assert client.get(reverse("catalog_office:detail", args=[record.pk])).status_code == 404


def test_everything_the_body_editor_can_produce_survives_sanitising():
    from django_prose_editor.config import allowlist_from_extensions, expand_extensions

    from gongkai.catalog.domain.content import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
    from gongkai.catalog.forms import BODY_EDITOR

    produced = allowlist_from_extensions(expand_extensions(BODY_EDITOR))
    assert produced["tags"] <= ALLOWED_TAGS
    for tag, attributes in produced["attributes"].items():
        # rel is ours to set (sanitise_html adds noopener noreferrer to every link)
        assert attributes - {"rel"} <= ALLOWED_ATTRIBUTES.get(tag, set()), tag
    assert produced["url_schemes"] <= {"http", "https", "mailto"}


def test_search_page_says_how_results_are_ordered(client, office, published):
    published(title="城区停车场建设规划")
    page = client.get("/search/", {"q": "停车场"})
    assert "找到 1 条结果：标题、文号中检索词出现越多越靠前" in page.text
    empty = client.get("/search/", {"q": "不存在的词语"})
    assert "找到 0 条结果</p>" in empty.text
