"""The open-data API on the demo: every endpoint, cursor pagination to the end, ETag → 304,
bad filters → 400 with a Chinese message, the OpenAPI document, the offline docs page, and no
personal data anywhere."""

import json
import re

import pytest
from django.test import Client

from gongkai.annual_report.report import schema_errors
from gongkai.catalog import listing
from gongkai.organisations.models import Agency

pytestmark = pytest.mark.django_db

API = "/api/v1"


def get(path, **headers):
    return Client().get(path, headers=headers)


def ok(path):
    response = get(path)
    assert response.status_code == 200, (path, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_agencies_with_codes_levels_parents_and_credit_codes(api_db):
    rows = ok(f"{API}/agencies")
    assert [r["code"] for r in rows] == list(Agency.objects.public().values_list("code", flat=True))
    city = next(r for r in rows if r["code"] == "demo-city")
    assert city["org_code"] == "11440000MB2C12345X"
    assert city["parent"] is None and city["level"] == "city" and city["kind_label"] == "人民政府"
    county = ok(f"{API}/agencies/demo-county")
    assert county["parent"] == "demo-city" and county["level_label"] == "县级"


def test_unknown_agency_and_record_are_404_in_chinese(api_db):
    for path in (f"{API}/agencies/no-such", f"{API}/agencies/no-such/guide",
                 f"{API}/agencies/no-such/annual-reports", f"{API}/records/999999999"):  # fmt: skip
        response = get(path)
        assert response.status_code == 404, path
        body = response.json()
        assert body["code"] == "not_found" and re.search(r"[\u4e00-\u9fff]", body["message"])


def test_guide_is_the_portals_text_and_contact(api_db):
    guide = ok(f"{API}/agencies/demo-county/guide")
    assert guide["contact"]["disclosure_office"] == "示范县人民政府办公室政务公开办公室"
    assert "政府信息公开工作机构" in guide["content_html"]
    page = Client().get(guide["url"]).content.decode()
    assert guide["contact"]["phone"] in page and "20 个工作日内答复" in guide["content_html"]


def _walk(query, limit):
    seen, url, pages = [], f"{API}/records?{query}&limit={limit}", 0
    while url:
        body = ok(url)
        seen += [item["id"] for item in body["items"]]
        url, pages = body["next"], pages + 1
        assert pages < 500
    return seen, pages


def test_cursor_pagination_walks_every_public_record_once_in_order(api_db):
    county = api_db["county"]
    expected = list(
        listing.listed(listing.Listing(agency=county))
        .order_by("-published_at", "-id")
        .values_list("pk", flat=True)
    )
    seen, pages = _walk("agency=demo-county", 7)
    assert seen == expected and len(expected) >= 55
    assert pages == -(-len(expected) // 7)
    everything, _ = _walk("", 100)
    assert len(everything) == len(set(everything)) == listing.public_records().count()


def test_filters_match_the_portals(api_db):
    county, year = api_db["county"], api_db["year"]
    body = ok(f"{API}/records?agency=demo-county&year={year}&type=normative&limit=100")
    expected = listing.listed(listing.Listing(agency=county, year=year, doc_type="normative"))
    assert {i["id"] for i in body["items"]} == set(expected.values_list("pk", flat=True))
    assert all(i["doc_type"] == "normative" for i in body["items"])
    category = county.categories.filter(kind="annual_report").first()
    body = ok(f"{API}/records?agency=demo-county&category={category.code}")
    assert body["items"] and all(i["category_code"] == category.code for i in body["items"])


def test_query_searches_like_the_portal_and_pages_by_cursor(api_db):
    body = ok(f"{API}/records?q=义务教育 招生")
    assert body["items"]
    ids = [i["id"] for i in body["items"]]
    if body["next_cursor"]:
        more = ok(body["next"])
        assert not set(ids) & {i["id"] for i in more["items"]}


@pytest.mark.parametrize(
    "query",
    [
        "year=abc",
        "year=1800",
        "limit=0",
        "limit=1000",
        "type=poem",
        "validity=forever",
        "agency=no-such",
        "category=1",
        "agency=demo-county&category=nope",
        "cursor=!!!",
        "cursor=eyJmIjoiMTIzIn0",
        "q=" + "长" * 101,
    ],
)
def test_bad_filters_are_400_with_a_chinese_message(api_db, query):
    response = get(f"{API}/records?{query}")
    assert response.status_code == 400, (query, response.content[:200])
    body = response.json()
    assert body["code"] in ("bad_parameter", "bad_cursor")
    assert re.search(r"[\u4e00-\u9fff]", body["message"]), body


def test_a_cursor_is_refused_with_other_filters(api_db):
    first = ok(f"{API}/records?agency=demo-county&limit=5")
    response = get(f"{API}/records?agency=demo-city&limit=5&cursor={first['next_cursor']}")
    assert response.status_code == 400 and response.json()["code"] == "bad_cursor"


def test_record_detail_is_the_live_version(api_db):
    record = listing.listed(listing.Listing(agency=api_db["county"])).exclude(live=None).first()
    body = ok(f"{API}/records/{record.pk}")
    assert body["title"] == record.live.data["title"] and body["versions"][0]["number"] == 1
    assert body["url"] == f"/info/{record.pk}/"
    for attachment in body["attachments"]:
        assert Client().get(attachment["url"]).status_code == 200


def test_unpublished_records_are_404(api_db):
    from gongkai.catalog.models import Record

    hidden = Record.objects.filter(is_public=False).first()
    assert get(f"{API}/records/{hidden.pk}").status_code == 404
    listed = {i["id"] for i in ok(f"{API}/records?agency=demo-county&limit=100")["items"]}
    assert hidden.pk not in listed


def test_annual_reports_every_submitted_version_as_schema_json(api_db):
    year = api_db["year"]
    years = ok(f"{API}/agencies/demo-county/annual-reports")
    assert [y["year"] for y in years] == [year]
    assert len(years[0]["versions"]) == api_db["versions"] == 2
    body = ok(years[0]["url"])
    assert len(body["versions"]) == 2
    for version in body["versions"]:
        assert schema_errors(version["report"]) == []
    assert get(f"{API}/agencies/demo-county/annual-reports/{year - 5}").status_code == 404
    # An agency that published none has an empty list, not an error.
    assert ok(f"{API}/agencies/demo-city-office/annual-reports") == []


def test_etag_and_if_none_match_give_304(api_db):
    for path in (f"{API}/agencies", f"{API}/records?agency=demo-county", f"{API}/agencies/demo-county/guide"):  # fmt: skip
        first = get(path)
        etag = first["ETag"]
        assert etag and "no-cache" in first["Cache-Control"]
        again = get(path, if_none_match=etag)
        assert again.status_code == 304 and again.content == b""
        assert get(path, if_none_match='"other"').status_code == 200


def test_the_etag_changes_when_a_record_is_withdrawn(api_db):
    from gongkai.accounts.models import User
    from gongkai.catalog import actions

    path = f"{API}/records?agency=demo-county&limit=3"
    before = get(path)
    record = listing.public_records().get(pk=before.json()["items"][0]["id"])
    publisher = User.objects.get(username="publisher")
    actions.transition(actor=publisher, record=record, event="withdraw", note="测试撤回")
    after = get(path, if_none_match=before["ETag"])
    assert after.status_code == 200 and record.pk not in {i["id"] for i in after.json()["items"]}


def test_answers_are_utf8_json_and_unknown_addresses_a_json_404(api_db):
    assert "示范县人民政府" in get(f"{API}/agencies/demo-county").content.decode()
    index = ok(f"{API}/")
    assert index["openapi"] == f"{API}/openapi.json" and index["docs"] == f"{API}/docs"
    response = get(f"{API}/no/such/thing")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_openapi_document_lists_every_path(api_db):
    document = json.loads(get(f"{API}/openapi.json").content)
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) >= {
        f"{API}/agencies", f"{API}/agencies/{{code}}", f"{API}/agencies/{{code}}/guide",
        f"{API}/records", f"{API}/records/{{pk}}", f"{API}/agencies/{{code}}/annual-reports",
        f"{API}/agencies/{{code}}/annual-reports/{{year}}",
    }  # fmt: skip
    # The open data is read only; the writes are the intake and a lower level's report
    # submission, each needing a token.
    writes = {p for p, ops in document["paths"].items() if set(ops) != {"get"}}
    assert writes == {f"{API}/requests/", f"{API}/annual-reports/"}
    for path, ops in document["paths"].items():
        needs_token = path.startswith((f"{API}/requests/", f"{API}/annual-reports/"))
        assert all(bool(op.get("security")) == needs_token for op in ops.values()), path


def test_docs_page_uses_only_local_assets(api_db):
    response = get(f"{API}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert refs and all(r.startswith("/static/") for r in refs), refs
    for ref in refs:
        asset = get(ref)
        assert asset.status_code == 200, ref


def _personal_data():
    from gongkai.requests.models import InfoRequest

    values = set()
    for request in InfoRequest.objects.all():
        values |= {request.applicant_name, request.id_number or "", request.phone or ""}
    return {v for v in values if len(v) >= 2}


def test_no_personal_data_in_any_answer(api_db):
    personal = _personal_data()
    assert len(personal) > 10
    year = api_db["year"]
    paths = [f"{API}/openapi.json", f"{API}/agencies", f"{API}/agencies/demo-county/guide",
             f"{API}/agencies/demo-county/annual-reports",
             f"{API}/agencies/demo-county/annual-reports/{year}"]  # fmt: skip
    seen, url = [], f"{API}/records?limit=100"
    while url:
        body = ok(url)
        paths += [i["api_url"] for i in body["items"]]
        seen.append(json.dumps(body, ensure_ascii=False))
        url = body["next"]
    answers = list(seen)
    for path in paths:
        # Parsed and written again: \u escapes would hide a name from the search below.
        seen.append(json.dumps(json.loads(get(path).content), ensure_ascii=False))
        if path != f"{API}/openapi.json":
            answers.append(seen[-1])
    text = "\n".join(seen)
    leaked = sorted(v for v in personal if v in text)
    assert not leaked, leaked[:5]
    # The document describes the token endpoints' applicant fields; no open-data answer has one.
    data = "\n".join(answers)
    assert "applicant" not in data and "id_number" not in data


def test_a_revision_under_way_shows_the_published_version(api_db):
    """A published record being revised keeps its public version until the revision is
    published: the API reads the live version, never the working copy."""
    from gongkai.accounts.models import User
    from gongkai.catalog import actions

    record = listing.listed(listing.Listing(agency=api_db["county"])).exclude(live=None).first()
    published_title = record.live.data["title"]
    publisher = User.objects.get(username="publisher")
    actions.revise(actor=publisher, record=record, reason="更正文号")
    record.refresh_from_db()
    actions.update_draft(actor=publisher, record=record, data={"title": "尚未审查的新标题"})
    listed = ok(f"{API}/records?agency=demo-county&limit=100")["items"]
    shown = [i["title"] for i in listed if i["id"] == record.pk]
    assert shown in ([published_title], [])
    assert "尚未审查的新标题" not in json.dumps(listed, ensure_ascii=False)
    if shown:
        assert ok(f"{API}/records/{record.pk}")["title"] == published_title
