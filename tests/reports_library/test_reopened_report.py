"""A reopening after the year's report was submitted: that report keeps its figures (frozen and
as built again), and the next year's report lists the change (往年已报数据的变动)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.accounts.system import SYSTEM
from gongkai.organisations.actions import assign_role
from gongkai.organisations.actions.accounts import create_user
from gongkai.reports.actions import library
from gongkai.reports.builder import build_report
from gongkai.reports.drafts import complete_report
from gongkai.requests import actions

D = dt.date
REASON = "复议决定书云府复〔2025〕7号责令重新答复"


@pytest.fixture
def head(region, password):
    user = create_user(actor=SYSTEM, username="head", password=password)
    assign_role(actor=SYSTEM, user=user, agency=region["office"], role="head")
    return user


def register(region, received, applicant_type="natural_person"):
    req, _ = actions.register(
        actor=region["clerk"],
        agency=region["office"],
        received_on=received,
        today=received,
        data={
            "applicant_type": applicant_type,
            "applicant_name": "张三",
            "description": "某信息",
            "channel": "in_person",
        },
    )
    return req


def step(actor, req, event, on, **kw):
    req.refresh_from_db()
    return actions.transition(actor=actor, info_request=req, event=event, on=on, today=on, **kw)


@pytest.fixture
def reported_2024(region, head, state_figures):
    """Two requests replied in 2024, one open into 2025; the 2024 report submitted in January."""
    reopened = register(region, D(2024, 3, 4))
    step(region["clerk"], reopened, "reply", D(2024, 3, 20), outcome="disclosed")
    other = register(region, D(2024, 5, 6), applicant_type="commercial_enterprise")
    step(region["clerk"], other, "reply", D(2024, 5, 20), outcome="withheld_third_party")
    register(region, D(2024, 12, 27))  # carried into 2025
    state_figures(head, region["office"], 2024, D(2025, 1, 10))
    kept, created = library.submit_report(
        actor=head, agency=region["office"], year=2024, today=D(2025, 1, 10)
    )
    assert created
    return {"kept": kept, "reopened": reopened}


def _reopen_and_reply_again(region, head, req):
    step(head, req, "reopen", D(2025, 3, 3), note=REASON)
    return step(region["clerk"], req, "reply", D(2025, 3, 24), outcome="withheld_third_party")


@pytest.mark.django_db
def test_the_reported_year_keeps_its_figures(region, head, reported_2024):
    kept, req = reported_2024["kept"], reported_2024["reopened"]
    frozen = dict(kept.data["requests"])
    assert frozen["disclosed"]["total"] == 1 and frozen["carried_to_next_year"]["total"] == 1
    _reopen_and_reply_again(region, head, req)

    kept.refresh_from_db()
    assert kept.data["requests"] == frozen
    # Built again, 2024 is what it was on 31 December: the superseded reply counts there.
    again = build_report(region["office"], 2024, today=D(2025, 4, 1))
    assert again.to_dict()["requests"] == frozen
    # So submitting it again finds nothing new to freeze.
    same, created = library.submit_report(
        actor=head, agency=region["office"], year=2024, today=D(2025, 4, 1)
    )
    assert not created and same.pk == kept.pk


@pytest.mark.django_db
def test_the_next_years_report_counts_the_new_reply_and_lists_the_change(
    region, head, reported_2024
):
    req = reported_2024["reopened"]
    _reopen_and_reply_again(region, head, req)
    report, _ = complete_report(region["office"], 2025, today=D(2025, 12, 31))
    requests = report.to_dict()["requests"]
    # Carried again (二), and answered again in 2025 (三); 2024's 四 had one request only.
    assert requests["carried_from_last_year"]["total"] == 2
    assert requests["withheld_third_party"]["natural_person"] == 1
    rules = {f.rule: f for f in report.findings}
    assert "requests.carry_chain" not in rules  # explained by the change, not flagged
    change = rules["build.reported_changed"]
    assert req.number in change.message and "2024 年度报告（已报送）" in change.message
    assert "予以公开" in change.message and "2025-03-03 重新办理" in change.message


@pytest.mark.django_db
def test_without_a_reopening_nothing_is_listed(region, head, reported_2024):
    report, _ = complete_report(region["office"], 2025, today=D(2025, 12, 31))
    assert "build.reported_changed" not in {f.rule for f in report.findings}
    assert report.to_dict()["requests"]["carried_from_last_year"]["total"] == 1


@pytest.mark.django_db
def test_the_draft_and_preview_pages_show_the_change(region, head, reported_2024):
    req = reported_2024["reopened"]
    _reopen_and_reply_again(region, head, req)
    client = Client()
    client.force_login(head)
    for name in ("reports:preview", "reports:draft"):
        page = client.get(f"{reverse(name)}?year=2025").content.decode()
        assert "往年已报数据的变动" in page, name
        assert reverse("requests_office:detail", args=[req.pk]) in page
        assert REASON in page and "2024 年度（已报送）" in page
    # The year reported shows no change of its own.
    page = client.get(f"{reverse('reports:preview')}?year=2024").content.decode()
    assert "往年已报数据的变动" not in page
