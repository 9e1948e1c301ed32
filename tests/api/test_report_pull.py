"""A provincial platform pulls every unit's reports and versions from a city's installation
(GET /api/v1/annual-reports/?agency=): its own submissions, those received from lower
installations, the uploaded ones; with their data, page by page from the last id it saw; only
within the token's subtree and with ``report.view``."""

import pytest
from django.test import Client

from gongkai.accounts.system import SYSTEM
from gongkai.api import actions
from gongkai.cli import _push
from gongkai.organisations.models import Agency
from gongkai.reports.models import PublishedReport

from .test_report_submission import county_version, post

pytestmark = pytest.mark.django_db
API = "/api/v1/annual-reports/"


def token(code="demo-city", scopes=("report.view",)):
    agency = Agency.objects.get(code=code)
    return actions.create_token(actor=SYSTEM, agency=agency, name="省级平台", scopes=scopes)[1]


def pull(text, **params):
    params = {"agency": "demo-city"} | params
    return Client().get(API, params, headers={"Authorization": f"Bearer {text}"})


def pull_all(text, after=0, **params):
    items = []
    while after is not None:
        page = pull(text, after=after, **params)
        assert page.status_code == 200, page.content
        body = page.json()
        items += body["items"]
        after = body["next_after"]
    return items


def test_every_version_of_every_unit_with_its_data_page_by_page(api_db):
    county, kept = county_version(api_db)
    pushed = post(token(scopes=("report.submit",)), _push.body(county, kept))
    assert pushed.status_code == 201
    city = Agency.objects.get(code="demo-city")
    held = PublishedReport.objects.filter(
        agency__path__startswith=city.path
    ) | PublishedReport.objects.filter(agency__isnull=True, within__path__startswith=city.path)
    expected = sorted(held.values_list("pk", flat=True))
    assert len(expected) >= 3
    text = token()
    items = pull_all(text, limit=2)
    assert [i["id"] for i in items] == expected  # every one, once, in the order kept
    got = {i["source"] for i in items}
    assert {"platform", "received"} <= got
    mine = next(i for i in items if i["source"] == "received")
    assert mine["agency"] == "demo-county" and mine["version"] == kept.pk
    assert mine["report"]["requests"] == kept.data["requests"]
    assert mine["source_label"] == "下级平台报送"
    # Only what is new since the last id seen.
    assert pull_all(text, after=expected[-1]) == []
    assert [i["id"] for i in pull_all(text, after=expected[-2])] == [expected[-1]]
    year = api_db["year"]
    assert {i["year"] for i in pull_all(text, year=year)} == {year}


def test_only_the_tokens_subtree_and_only_with_report_view(api_db):
    county_only = token(code="demo-county")
    assert pull(county_only, agency="demo-city").status_code == 403
    items = pull_all(county_only, agency="demo-county")
    assert items and {i["agency"] for i in items} <= {
        a.code
        for a in Agency.objects.filter(path__startswith=Agency.objects.get(code="demo-county").path)
    }
    assert pull(token(scopes=("report.submit",)), agency="demo-city").status_code == 403
    assert Client().get(API, {"agency": "demo-city"}).status_code == 401


@pytest.mark.parametrize(
    "params",
    [{"limit": "0"}, {"limit": "101"}, {"after": "-1"}, {"year": "1800"}, {"agency": "nope"}],
)
def test_bad_parameters_are_400_in_chinese(api_db, params):
    response = pull(token(), **params)
    assert response.status_code == 400
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["message"])
