import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.accounts.system import SYSTEM
from gongkai.organisations.actions import assign_role
from gongkai.organisations.actions.accounts import create_user
from gongkai.organisations.policy import Denied
from gongkai.reports.actions import library
from gongkai.reports.models import PublishedReport
from gongkai.requests import actions

D = dt.date


@pytest.fixture
def head(region, password):
    user = create_user(actor=SYSTEM, username="head", password=password)
    assign_role(actor=SYSTEM, user=user, agency=region["office"], role="head")
    return user


def register(region, received, **data):
    req, _ = actions.register(
        actor=region["clerk"],
        agency=region["office"],
        received_on=received,
        today=D(2026, 1, 5),
        data={
            "applicant_type": "natural_person",
            "applicant_name": "张三",
            "description": "某信息",
            "channel": "in_person",
        }
        | data,
    )
    return req


@pytest.mark.django_db
def test_submitting_freezes_a_version_for_the_supervising_office(region, head, state_figures):
    req = register(region, D(2025, 3, 3))
    actions.transition(
        actor=region["clerk"],
        info_request=req,
        event="reply",
        on=D(2025, 3, 20),
        outcome="disclosed",
        today=D(2025, 3, 20),
    )
    register(region, D(2025, 12, 29))  # carried into 2026
    state_figures(head, region["office"], 2025, D(2026, 1, 10))
    kept, created = library.submit_report(
        actor=head, agency=region["office"], year=2025, today=D(2026, 1, 10)
    )
    assert created and kept.source == "platform" and kept.within == region["city"]
    assert kept.data["requests"]["received_this_year"]["total"] == 2
    assert kept.data["requests"]["carried_to_next_year"]["total"] == 1
    assert kept.file.read()[:4] == b"%PDF"
    assert kept.records["requests.received_this_year.total"] == [
        req.number,
        f"{region['office'].code}-2025-0002",
    ]
    again, created = library.submit_report(
        actor=head, agency=region["office"], year=2025, today=D(2026, 1, 11)
    )
    assert not created and again.pk == kept.pk
    register(region, D(2025, 12, 30))  # a late registration changes the figures
    newer, created = library.submit_report(
        actor=head, agency=region["office"], year=2025, today=D(2026, 1, 12)
    )
    assert created and newer.pk != kept.pk
    kept.refresh_from_db()
    assert kept.data["requests"]["received_this_year"]["total"] == 2  # the old version is kept


@pytest.mark.django_db
def test_submission_rules(region, head, state_figures):
    state_figures(head, region["office"], 2026, D(2026, 6, 1))
    with pytest.raises(library.LibraryError, match="^2026 年尚未结束，不能报送该年度的报告。$"):
        library.submit_report(actor=head, agency=region["office"], year=2026, today=D(2026, 6, 1))
    with pytest.raises(library.LibraryError, match="^请先填写：.*（没有的填 0），再报送。$"):
        library.submit_report(actor=head, agency=region["office"], year=2025, today=D(2026, 1, 10))
    assert not PublishedReport.objects.exists()
    with pytest.raises(Denied):
        library.submit_report(
            actor=region["clerk"], agency=region["office"], year=2025, today=D(2026, 1, 10)
        )


@pytest.mark.django_db
def test_the_supervisor_sees_the_submission_on_time(region, head, login, state_figures):
    state_figures(head, region["office"], 2025, D(2026, 1, 10))
    library.submit_report(actor=head, agency=region["office"], year=2025, today=D(2026, 1, 10))
    PublishedReport.objects.update(submitted_at=dt.datetime(2026, 1, 10, 9, tzinfo=dt.UTC))
    page = login(Client(), region["supervisor"]).get(reverse("reports:overview") + "?year=2025")
    text = page.content.decode()
    assert "2026-01-10" in text and "按时" in text


@pytest.mark.django_db
def test_a_submitted_report_goes_into_the_catalog_for_review(
    region, head, login, password, state_figures
):
    from gongkai.catalog.models import Record

    state_figures(head, region["office"], 2025, D(2026, 1, 10))
    kept, _ = library.submit_report(
        actor=head, agency=region["office"], year=2025, today=D(2026, 1, 10)
    )
    publisher = create_user(actor=SYSTEM, username="publisher", password=password)
    assign_role(actor=SYSTEM, user=publisher, agency=region["office"], role="publisher")
    client = login(Client(), publisher)
    page = client.get(reverse("reports:detail", args=[kept.pk])).content.decode()
    assert "发布到主动公开目录" in page
    response = client.post(reverse("reports:detail", args=[kept.pk]), {"form": "publish"})
    record = Record.objects.get()
    assert response.status_code == 302 and str(record.pk) in response["Location"]
    assert record.state == "draft" and record.category.kind == "annual_report"
    assert record.attachments.count() == 1
    # The head may submit but not draft catalog records.
    assert (
        "发布到主动公开目录"
        not in login(Client(), head).get(reverse("reports:detail", args=[kept.pk])).content.decode()
    )


@pytest.mark.django_db
def test_blank_figures_cannot_be_submitted(region, head, state_figures):
    with pytest.raises(library.LibraryError) as exc:
        library.submit_report(actor=head, agency=region["office"], year=2025, today=D(2026, 1, 10))
    assert "行政许可" in str(exc.value) and "没有的填 0" in str(exc.value)
    state_figures(head, region["office"], 2025, D(2026, 1, 10))
    kept, _ = library.submit_report(
        actor=head, agency=region["office"], year=2025, today=D(2026, 1, 10)
    )
    assert kept.data["proactive"]["administrative_license"]["decisions"] == 0


@pytest.mark.django_db
def test_the_overview_shows_each_platform_units_share_answered_on_time(region, head, login):
    late = register(region, D(2025, 9, 1))
    actions.transition(
        actor=region["clerk"],
        info_request=late,
        event="reply",
        on=D(2025, 11, 3),
        outcome="disclosed",
        today=D(2025, 11, 3),
    )
    on_time = register(region, D(2025, 9, 26))
    actions.transition(
        actor=region["clerk"],
        info_request=on_time,
        event="reply",
        on=D(2025, 10, 20),
        outcome="disclosed",
        today=D(2025, 10, 20),
    )
    page = login(Client(), region["supervisor"]).get(reverse("reports:overview") + "?year=2025")
    text = page.content.decode()
    row = text[text.index("云浮市人民政府办公室") :]
    row = row[: row.index("</tr>")]
    assert ">50%<" in row
