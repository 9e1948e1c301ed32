import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.reports.actions import library
from gongkai.reports.actions.drafts import save_draft
from gongkai.reports.domain.drafting import DraftError, check_figure, manual_cells
from gongkai.reports.drafts import complete_report, draft_for
from gongkai.requests import actions

D = dt.date
TODAY = D(2026, 1, 15)


@pytest.fixture
def head(region, password):
    from gongkai.accounts.system import SYSTEM
    from gongkai.organisations.actions import assign_role
    from gongkai.organisations.actions.accounts import create_user

    user = create_user(actor=SYSTEM, username="head", password=password)
    assign_role(actor=SYSTEM, user=user, agency=region["office"], role="head")
    return user


@pytest.fixture
def year_of_requests(region):
    for received in (D(2025, 3, 3), D(2025, 6, 9), D(2025, 9, 1)):
        req, _ = actions.register(
            actor=region["clerk"],
            agency=region["office"],
            received_on=received,
            today=TODAY,
            data={
                "applicant_type": "natural_person",
                "applicant_name": "张三",
                "description": "某信息",
                "channel": "in_person",
            },
        )
        actions.transition(
            actor=region["clerk"],
            info_request=req,
            event="reply",
            on=received + dt.timedelta(days=12),
            outcome="disclosed",
            today=TODAY,
        )


@pytest.mark.django_db
def test_narrative_quotes_the_tables_and_hand_figures_need_a_source(region, head, year_of_requests):
    with pytest.raises(DraftError) as exc:
        save_draft(
            actor=head,
            agency=region["office"],
            year=2025,
            today=TODAY,
            manual={"proactive.administrative_license.decisions": {"value": 120, "source": ""}},
            narrative={},
        )
    assert "数据来源" in str(exc.value)
    with pytest.raises(DraftError) as exc:
        save_draft(
            actor=head,
            agency=region["office"],
            year=2025,
            today=TODAY,
            manual={},
            narrative={"overview": "共收到申请{收到件数}件"},
        )
    assert "{本年新收申请}" in str(exc.value)
    save_draft(
        actor=head,
        agency=region["office"],
        year=2025,
        today=TODAY,
        manual={"proactive.administrative_license.decisions": {"value": 120, "source": "审批系统"}},
        narrative={
            "overview": "全年共收到政府信息公开申请{本年新收申请}件，予以公开{予以公开}件。"
        },
    )
    report, narrative = complete_report(region["office"], 2025, today=TODAY)
    assert narrative["overview"] == "全年共收到政府信息公开申请3件，予以公开3件。"
    assert report.get("proactive.administrative_license.decisions") == 120
    assert not [f for f in report.findings if f.rule == "narrative.mismatch"]


@pytest.mark.django_db
def test_submission_freezes_the_draft_and_a_new_narrative_is_a_new_version(
    region, head, year_of_requests, state_figures
):
    state_figures(head, region["office"], 2025, TODAY, {"overview": "收到申请{本年新收申请}件。"})
    first, _ = library.submit_report(actor=head, agency=region["office"], year=2025, today=TODAY)
    assert first.narrative == "收到申请3件。"
    state_figures(
        head,
        region["office"],
        2025,
        TODAY,
        {"overview": "全年收到申请{本年新收申请}件，均按时办结。"},
    )
    second, created = library.submit_report(
        actor=head, agency=region["office"], year=2025, today=TODAY
    )
    assert created and second.pk != first.pk
    first.refresh_from_db()
    assert first.narrative == "收到申请3件。"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fmt", "magic"),
    [("pdf", b"%PDF"), ("docx", b"PK"), ("xlsx", b"PK"), ("html", b"<!"), ("json", b"{")],
)
def test_the_preview_downloads_in_every_format(region, head, year_of_requests, login, fmt, magic):
    client = login(Client(), head)
    response = client.get(reverse("reports:download", args=[fmt]) + "?year=2025")
    assert response.status_code == 200 and response.content.lstrip()[: len(magic)] == magic


@pytest.mark.django_db
def test_the_draft_page_saves_and_explains_mistakes(region, head, year_of_requests, login):
    client = login(Client(), head)
    page = client.get(reverse("reports:draft") + "?year=2025").content.decode()
    assert "行政许可" in page and "{本年新收申请}" in page
    response = client.post(
        reverse("reports:draft") + "?year=2025", {"v0": "abc", "overview": ""}, follow=True
    )
    assert "应填数字" in response.content.decode()
    response = client.post(
        reverse("reports:draft") + "?year=2025",
        {"v0": "15", "s0": "审批系统", "overview": "收到{本年新收申请}件"},
        follow=True,
    )
    assert "收到3件" in response.content.decode()


@pytest.mark.django_db
def test_a_mistyped_figure_keeps_everything_typed_and_1234_with_a_comma_is_accepted(
    region, head, year_of_requests, login
):
    client = login(Client(), head)
    url = reverse("reports:draft") + "?year=2025"
    typed = {
        "v0": "1,234",
        "s0": "审批系统",
        "v1": "-5",
        "s1": "处罚系统",
        "v2": "许多",
        "overview": "本机关全年依法公开政务信息",
        "problems": "公开目录更新不及时",
    }
    page = client.post(url, typed).content.decode()
    assert "未保存" in page and "不能为负数" in page and "应填数字" in page
    # Nothing typed is lost: the narrative, the good figure as typed, the bad ones, the sources.
    for value in typed.values():
        assert value in page
    assert complete_report(region["office"], 2025, today=TODAY)[1].get("overview") is None

    client.post(url, typed | {"v1": "５", "v2": " 1 200 ", "s2": "执法系统"})
    report, narrative = complete_report(region["office"], 2025, today=TODAY)
    cells = list(manual_cells(report.template))
    assert [report.value(c) for c in cells[:3]] == [1234, 5, 1200]
    assert narrative["overview"] == "本机关全年依法公开政务信息"


@pytest.mark.django_db
def test_a_government_reports_its_assessment_inside_the_overview(region, password):
    from gongkai.accounts.system import SYSTEM
    from gongkai.organisations.actions import assign_role
    from gongkai.organisations.actions.accounts import create_user

    head = create_user(actor=SYSTEM, username="cityhead", password=password)
    assign_role(actor=SYSTEM, user=head, agency=region["city"], role="head")
    save_draft(
        actor=head,
        agency=region["city"],
        year=2025,
        today=TODAY,
        manual={},
        narrative={"overview": "全年工作稳步推进。", "assessment": "政务公开纳入绩效考核，占 4%。"},
    )
    _, narrative = complete_report(region["city"], 2025, today=TODAY)
    assert narrative["overview"] == "全年工作稳步推进。\n政务公开纳入绩效考核，占 4%。"
    assert "assessment" not in narrative
    # A department has no such section: what is posted for it is not kept.
    draft = save_draft(
        actor=head,
        agency=region["city"],
        year=2025,
        today=TODAY,
        manual={},
        narrative={"overview": "x"},
    )
    assert "assessment" not in draft.narrative


@pytest.mark.django_db
def test_last_years_report_is_used_for_the_cross_year_rules(region, head, state_figures):
    from gongkai.reports.domain.build import build_report

    # Last year's report, as uploaded, left one request to carry over; this year has none.
    last = build_report(
        agency=region["office"].name, year=2024, template="2021", requests=[], appeals=[]
    ).to_dict()
    last["requests"]["carried_to_next_year"]["natural_person"] = 1
    last["requests"]["carried_to_next_year"]["total"] = 1
    from gongkai.reports.models import PublishedReport

    PublishedReport.objects.create(
        agency=region["office"],
        unit_name=region["office"].name,
        within=region["city"],
        year=2024,
        template="2021",
        source="uploaded",
        file_hash="x" * 64,
        data=last,
        submitted_at=dt.datetime(2025, 1, 20, tzinfo=dt.UTC),
    )
    state_figures(head, region["office"], 2025, TODAY)
    report, _ = complete_report(region["office"], 2025, today=TODAY)
    carry = [f for f in report.findings if f.rule == "requests.carry_chain"]
    assert carry and "requests.carried_from_last_year.natural_person" in carry[0].cells


@pytest.mark.django_db
def test_the_draft_page_refuses_negative_fractional_and_absurd_figures(
    region, head, year_of_requests, login
):
    client = login(Client(), head)
    url = reverse("reports:draft") + "?year=2025"
    # v0 行政许可 · 本年处理决定数量, v3 行政事业性收费 · 本年收费金额（万元）
    for values, message in [
        ({"v0": "-5"}, "不能为负数"),
        ({"v0": "2.5"}, "应为整数"),
        ({"v0": "1" + "0" * 23}, "超出合理范围"),
        ({"v3": "100000000000000000000000.0"}, "超出合理范围（应小于 1,000,000,000,000万元）"),
        ({"v3": "1e23"}, "应填数字"),
        ({"v3": "nan"}, "应填数字"),
    ]:
        post = {"s0": "审批系统", "s3": "非税收入系统", "overview": "", **values}
        page = client.post(url, post, follow=True).content.decode()
        assert message in page, values
        assert draft_for(region["office"], 2025).manual == {}
    client.post(url, {"v0": "1,268", "s0": "审批系统", "overview": ""})
    assert (
        draft_for(region["office"], 2025).manual["proactive.administrative_license.decisions"][
            "value"
        ]
        == 1268
    )


def test_hand_entered_figures_are_checked_by_their_column():
    assert check_figure("proactive.administrative_fees.change", -3) == -3  # 2019: 本年增/减
    assert check_figure("proactive.centralized_procurement.amount_wan_yuan", 35.6) == 35.6
    assert check_figure("proactive.administrative_license.decisions", 12.0) == 12
    for path, value in [
        ("proactive.administrative_license.decisions", -5),
        ("proactive.administrative_fees.amount_wan_yuan", 1e23),
        ("proactive.administrative_fees.amount_wan_yuan", float("inf")),
        ("proactive.administrative_fees.change", -(10**9)),
        ("proactive.administrative_license.decisions", True),
    ]:
        with pytest.raises(DraftError):
            check_figure(path, value)
