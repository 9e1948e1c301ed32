"""Hostile parameters never give a 500: every URL pattern, every known parameter name.

The patterns come from the URL configuration (so a new view cannot be left out); their
arguments from links found on the demo's own pages, falling back to made-up ones (then the
view's 404 is the expected answer). Each pattern is requested as each demo person who may open
it, with bad values for every parameter name the views read.
"""

import io
import re
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from gongkai.web import params

NAMES = [
    "year", "a", "b", "version", "page", "cell", "show", "format", "type", "validity", "q",
    "agency", "category", "next", "mine", "all", "large", "form", "event", "areas",
]  # fmt: skip
BAD = ["abc", "²", "0", "-1", "99999", "10000", "1e3", " 2025", "2025.5", "9" * 40, "\x00"]
# Names read after a strictly checked year would never see a bad value in the combined
# requests (the year's 400 comes first): try them alone too.
SINGLE = {"a": ["abc", "99999999999999999999"], "version": ["abc"], "page": ["abc", "-1"]}
DEEP = "[" * 5000 + "]" * 5000
# 401: an API call without a token is refused before any parameter is read.
ALLOWED = {200, 301, 302, 400, 401, 403, 404, 405}
SKIP = {"accounts:logout"}

# The fourteen requests of issue 12 that gave 500 (the walk covers them; listed for the record).
ISSUE_12 = [
    "/search/?q=信息&year=10000",
    "/search/?q=信息&year=-1",
    "/search/?q=信息&year=99999",
    "/agencies/demo-county/catalog/?year=99999",
    "/office/units/?year=abc",
    "/office/reports/?year=²",
    "/office/reports/preview/?year=²",
    "/office/reports/preview/records/?year=99999&cell=requests.received_this_year.total",
    "/office/reports/preview/download.pdf?year=0",
    "/office/reports/draft/?year=0",
    "/office/appeals/?year=0",
    "/office/reports/compare/?a=abc",
    "/office/calendar/?year=²",
]


def _patterns(resolver=None, prefix=""):
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{p.namespace}:" if p.namespace else ""
            for route, name in _patterns(p, prefix + str(p.pattern)):
                yield route, (ns + name if name and ns and ":" not in name else name)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.name


def _route_of(path):
    try:
        return resolve(path).route
    except Resolver404:
        return None


_FALLBACK = {"int": "1", "slug": "demo-county", "str": "pdf", "path": "x"}


def _fill(route):
    """A concrete path for a route with made-up arguments."""
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: _FALLBACK[m[1] or "str"], route)


@pytest.fixture
def demo(db, settings, tmp_path):
    from gongkai.demo import DEMO_PASSWORD, seed

    settings.MEDIA_ROOT = tmp_path / "media"
    seed()
    return DEMO_PASSWORD


def _client(username, password):
    client = Client(raise_request_exception=False)
    assert (
        client.post("/accounts/login/", {"username": username, "password": password}).status_code
        == 302
    )
    if username == "operator":
        client.post("/office/switch/", {"agency": "demo-county"})
    return client


def _add_release(client):
    """A release document on a demo request, so the release pages have something to show."""
    from reportlab.pdfgen import canvas

    from gongkai.requests.models import InfoRequest

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 760, "release")
    page.save()
    req = InfoRequest.objects.filter(agency__code="demo-county").order_by("pk").first()
    upload = SimpleUploadedFile("公示.pdf", out.getvalue(), "application/pdf")
    assert (
        client.post(f"/office/requests/{req.pk}/release/", {"document": upload}).status_code == 302
    )
    return req


def _links(client, start, examples):
    """Crawl from ``start``, one page per route, noting a real path for every route linked."""
    queue, opened = list(start), set()
    while queue:
        path = urlsplit(queue.pop(0)).path
        route = _route_of(path)
        if route is None or route in opened or "logout" in path:
            continue
        opened.add(route)
        examples.setdefault(route, path)
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for href in re.findall(r'href="(/[^"#?]*)', response.content.decode("utf-8", "replace")):
            linked = _route_of(href)
            if linked is not None:
                examples.setdefault(linked, href)
                if linked not in opened:
                    queue.append(href)


def _status(client, method, path, data):
    response = getattr(client, method)(path, data)
    return response.status_code


def test_the_helper_reads_ascii_integers_in_range_only():
    q = {"year": "²", "y2": "2025", "big": "9" * 40, "neg": "-1"}
    for name in ("year", "big", "neg"):
        with pytest.raises(params.BadParameter, match="年份"):
            params.year(q, name)
    assert params.year(q, "y2") == 2025
    assert params.year(q, "year", lenient=True, default=7) == 7
    assert params.page({"page": "abc"}) == 1
    with pytest.raises(params.BadParameter, match="应为编号"):
        params.object_id({"a": "abc"}, "a", label="报告 a")
    assert params.object_id({"a": "12"}, "a") == 12
    with pytest.raises(params.BadParameter, match="空字符"):
        params.text({"agency": "a\x00"}, "agency")
    with pytest.raises(params.BadParameter, match="嵌套过深"):
        params.json_value("[" * 30 + "]" * 30, label="标注")
    with pytest.raises(params.BadParameter, match="格式不对"):
        params.json_value(DEEP, label="标注")
    with pytest.raises(params.BadParameter, match="过大"):
        params.json_value("[" + "1," * 200_000 + "1]", label="标注")


def test_every_url_with_hostile_parameters_gives_400_404_or_a_normal_page(demo):
    users = {name: _client(name, demo) for name in ("operator", "head", "clerk", "publisher")}
    _add_release(users["clerk"])
    examples = {}
    for client in users.values():
        _links(client, ["/", "/office/", "/search/"], examples)
    failures, walked = [], 0
    for route, name in _patterns():
        if route.startswith("admin/") or name in SKIP:
            continue
        path = examples.get(route) or _fill(route)
        for username, client in users.items():
            if _status(client, "get", path, {}) in {302, 401, 403}:
                continue  # this person (or a call without a token) may not open it
            walked += 1
            requests = [("get", {n: v for n in NAMES}) for v in BAD]
            requests += [("get", {n: v}) for n, values in SINGLE.items() for v in values]
            requests += [("post", {n: v for n in NAMES} | {"areas": DEEP}) for v in BAD[:4]]
            for method, data in requests:
                status = _status(client, method, path, data)
                if status not in ALLOWED:
                    failures.append(
                        f"{username} {method.upper()} {path}?{urlencode(data)[:80]} → {status}"
                    )
    assert walked > 60
    assert not failures, "\n".join(failures)


def test_the_fourteen_requests_of_issue_12_no_longer_fail(demo):
    head = _client("head", demo)
    anonymous = Client(raise_request_exception=False)
    who = {
        "/office/calendar/": _client("operator", demo),
        "/office/appeals/": _client("clerk", demo),
    }
    results = {}
    for url in ISSUE_12:
        client = head if url.startswith("/office/") else anonymous
        client = who.get(urlsplit(url).path, client)
        results[url] = client.get(url).status_code
    assert {u: c for u, c in results.items() if c not in {200, 400, 404}} == {}
    # The office's own pages answer a bad year with 400 and say what to fix.
    response = head.get("/office/reports/?year=²")
    assert response.status_code == 400 and "年份" in response.content.decode()
    # Public pages ignore an impossible year and show everything.
    assert anonymous.get("/search/?q=信息&year=10000").status_code == 200


def test_a_catalog_edit_with_a_bad_version_is_refused_not_a_500(demo):
    from gongkai.catalog.domain.workflow import State
    from gongkai.catalog.models import Record

    publisher = _client("publisher", demo)
    record = Record.objects.filter(agency__code="demo-county", state=State.DRAFT).first()
    page = publisher.get(f"/office/catalog/{record.pk}/edit/")
    assert page.status_code == 200
    data = _form_fields(page.content.decode())
    data["version"] = "abc"
    response = publisher.post(f"/office/catalog/{record.pk}/edit/", data)
    assert response.status_code == 400 and "版本号" in response.content.decode()


def test_release_areas_nested_5000_deep_are_refused_with_a_reason(demo):
    from gongkai.requests.models import ReleaseFile

    clerk = _client("clerk", demo)
    req = _add_release(clerk)
    release = ReleaseFile.objects.filter(request=req).first()
    assert release is not None
    url = f"/office/requests/{req.pk}/release/{release.pk}/"
    response = clerk.post(url, {"areas": DEEP}, follow=True)
    assert response.status_code == 200
    assert "遮盖标注的数据" in response.content.decode()


def _form_fields(html):
    """The edit form's fields as the page renders them."""
    from bs4 import BeautifulSoup

    forms = BeautifulSoup(html, "lxml").find_all("form", method=re.compile("post", re.I))
    form = next(f for f in forms if f.find("input", attrs={"name": "version"}))
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in {"file", "submit"}:
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen.get("value", "") if chosen else ""
        elif field.get("type") in {"checkbox", "radio"}:
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return data
