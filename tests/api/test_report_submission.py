"""A county's installation submits its annual report to the city's (POST /api/v1/annual-reports/):
checked by the shared schema, its findings computed again, every version kept, the same JSON
twice one row; a token over another subtree is refused; bad input writes nothing."""

import json
import re

import pytest
from django.test import Client

from gongkai.accounts.system import SYSTEM
from gongkai.api import actions
from gongkai.audit.models import AuditEntry
from gongkai.cli import _push
from gongkai.organisations.models import Agency
from gongkai.reports.models import PublishedReport, Source

pytestmark = pytest.mark.django_db
API = "/api/v1/annual-reports/"


def token(code="demo-city", scopes=("report.submit",)):
    agency = Agency.objects.get(code=code)
    return actions.create_token(actor=SYSTEM, agency=agency, name="县级平台", scopes=scopes)[1]


def county_version(api_db, which=-1):
    county = api_db["county"]
    versions = PublishedReport.objects.filter(
        agency=county, year=api_db["year"], source=Source.PLATFORM
    ).order_by("submitted_at", "pk")
    return county, list(versions)[which]


def post(text, raw: bytes | str):
    return Client().post(
        API, raw, content_type="application/json", headers={"Authorization": f"Bearer {text}"}
    )


def received():
    return PublishedReport.objects.filter(source=Source.RECEIVED)


def test_new_version_201_then_same_json_200_same_row(api_db):
    county, kept = county_version(api_db)
    text = token()
    first = post(text, _push.body(county, kept))
    assert first.status_code == 201, first.content
    answer = first.json()
    row = received().get()
    assert answer["id"] == row.pk and answer["created"] is True
    assert answer["agency"] == "demo-county" and answer["year"] == api_db["year"]
    assert answer["source_label"] == "下级平台报送" and answer["version"] == kept.pk
    # The county's frozen version: its figures and its time of submission there.
    assert row.submitted_at == kept.submitted_at and row.remote_version == kept.pk
    assert row.data["requests"] == kept.data["requests"]
    assert row.within == county.parent and row.agency == county
    assert AuditEntry.objects.filter(action="report.receive", object_id=str(row.pk)).count() == 1

    again = post(text, _push.body(county, kept))
    assert again.status_code == 200, again.content
    assert again.json()["id"] == row.pk and again.json()["created"] is False
    assert received().count() == 1


def test_every_version_is_kept(api_db):
    county, older = county_version(api_db, which=0)
    _, newer = county_version(api_db, which=-1)
    # The demo's two versions differ in their prose only: still two versions.
    assert older.pk != newer.pk
    text = token()
    assert post(text, _push.body(county, older)).status_code == 201
    assert post(text, _push.body(county, newer)).status_code == 201
    assert sorted(received().values_list("remote_version", flat=True)) == sorted(
        [older.pk, newer.pk]
    )


def test_findings_are_computed_here_not_taken_from_the_sender(api_db):
    county, kept = county_version(api_db)
    data = json.loads(_push.body(county, kept))
    data["report"]["findings"] = [
        {"rule": "made.up", "severity": "error", "message": "报送方写的", "cells": []}
    ]
    # A figure that breaks a sum: the city's own rules find it.
    data["report"]["requests"]["received_this_year"]["total"] = 99999
    response = post(token(), json.dumps(data))
    assert response.status_code == 201, response.content
    rules = {f["rule"] for f in response.json()["findings"]}
    assert "made.up" not in rules and rules
    assert received().get().error_count >= 1


def test_agency_outside_the_tokens_subtree_is_403(api_db):
    county, kept = county_version(api_db)
    response = post(token(code="demo-city-office"), _push.body(county, kept))
    assert response.status_code == 403, response.content
    assert re.search(r"[\u4e00-\u9fff]", response.json()["message"])
    assert not received().exists()


def test_a_token_without_report_submit_is_403(api_db):
    county, kept = county_version(api_db)
    response = post(token(scopes=("request.intake",)), _push.body(county, kept))
    assert response.status_code == 403, response.content
    assert not received().exists()


@pytest.mark.parametrize(
    "raw",
    [
        "{not json",
        "[]",
        json.dumps({"agency": "demo-county", "report": {"year": 2024}}),
        json.dumps({"agency": "demo-county"}),
        json.dumps({"agency": "no-such-agency", "report": {}}),
    ],
)
def test_bad_input_is_400_in_chinese_and_writes_nothing(api_db, raw):
    before = AuditEntry.objects.filter(action="report.receive").count()
    response = post(token(), raw)
    assert response.status_code == 400, response.content
    assert re.search(r"[\u4e00-\u9fff]", response.json()["message"]), response.json()
    assert not received().exists()
    assert AuditEntry.objects.filter(action="report.receive").count() == before


def test_same_remote_version_with_other_content_is_409(api_db):
    county, kept = county_version(api_db)
    text = token()
    assert post(text, _push.body(county, kept)).status_code == 201
    data = json.loads(_push.body(county, kept))
    data["report"]["requests"]["received_this_year"]["total"] = 99999
    response = post(text, json.dumps(data))
    assert response.status_code == 409, response.content
    assert received().count() == 1


def test_library_lists_it_with_its_source_label(api_db, client):
    from gongkai.accounts.models import User

    county, kept = county_version(api_db)
    answer = post(token(), _push.body(county, kept)).json()
    client.force_login(User.objects.get(username="supervisor"))
    page = client.get("/office/reports/library/")
    assert page.status_code == 200
    assert "下级平台报送" in page.content.decode()
    detail = client.get(f"/office/reports/library/{answer['id']}/")
    assert detail.status_code == 200 and "下级平台报送" in detail.content.decode()


def test_a_received_report_counts_as_submitted_with_its_date(api_db):
    from gongkai.accounts.models import User
    from gongkai.reports.supervision import overview_rows

    county, kept = county_version(api_db)
    assert post(token(), _push.body(county, kept)).status_code == 201
    # On the city's own installation the county has no report built there: only this one.
    PublishedReport.objects.filter(agency=county, source=Source.PLATFORM).delete()
    rows, _ = overview_rows(User.objects.get(username="supervisor"), county.parent, kept.year)
    row = next(r for r in rows if r["unit"] == county)
    assert row["report"].source == Source.RECEIVED
    assert row["deadline"] is not None and row["on_time"] is not None


def test_a_received_report_has_no_file_to_parse_again(api_db, client):
    from gongkai.accounts.models import User

    county, kept = county_version(api_db)
    answer = post(token(), _push.body(county, kept)).json()
    client.force_login(User.objects.get(username="supervisor"))
    detail = f"/office/reports/library/{answer['id']}/"
    assert "重新解析原文件" not in client.get(detail).content.decode()
    response = client.post(detail, {"form": "reparse"}, follow=True)
    assert response.status_code == 200
    assert "没有可重新解析的原文件" in response.content.decode()


def test_the_prose_comes_with_the_figures_and_is_checked_against_them(api_db):
    county, kept = county_version(api_db)
    kept.narrative = "（一）主动公开情况。\n本年度共收到政府信息公开申请 99999 件。"
    kept.save(update_fields=["narrative"])
    sent = json.loads(_push.body(county, kept))
    assert sent["narrative"] == kept.narrative
    answer = post(token(), json.dumps(sent)).json()
    row = received().get()
    assert row.narrative == kept.narrative
    assert "narrative.mismatch" in {f["rule"] for f in answer["findings"]}
    # The same figures with other prose are another version of the sender's, not the same row.
    again = post(token(), json.dumps(sent | {"narrative": "另一段正文。"}))
    assert again.status_code == 409
