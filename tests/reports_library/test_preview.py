import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annual_report.tables import APPLICANT_PARTS
from gongkai.appeals.domain.cases import KINDS, AppealRecord, cases_behind, tabulate_appeals
from gongkai.requests import actions
from gongkai.requests.domain.ledger import RequestRecord, records_behind, tabulate
from gongkai.requests.domain.outcomes import OUTCOMES

D = dt.date
record = st.builds(
    lambda n, received, kind, outcome, days: RequestRecord(
        row=n,
        id=str(n),
        received=received,
        applicant_type=kind,
        outcome=outcome if outcome else None,
        replied=received + dt.timedelta(days=days) if outcome else None,
    ),
    st.integers(1, 10**6),
    st.dates(D(2024, 6, 1), D(2026, 3, 1)),
    st.sampled_from(list(APPLICANT_PARTS)),
    st.one_of(st.none(), st.sampled_from(list(OUTCOMES))),
    st.integers(0, 120),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(record, max_size=60, unique_by=lambda r: r.id), st.sampled_from(["2019", "2021"]))
def test_the_records_behind_every_figure_are_exactly_as_many_as_it_counts(records, template):
    table = tabulate(records, 2025, template=template)
    behind = records_behind(records, 2025, template=template)
    for row, cells in table.items():
        for column, count in cells.items():
            assert len(behind.get(f"requests.{row}.{column}", [])) == count, (row, column)


@pytest.fixture
def head(region, password):
    from gongkai.accounts.system import SYSTEM
    from gongkai.organisations.actions import assign_role
    from gongkai.organisations.actions.accounts import create_user

    user = create_user(actor=SYSTEM, username="head", password=password)
    assign_role(actor=SYSTEM, user=user, agency=region["office"], role="head")
    return user


@pytest.mark.django_db
def test_preview_links_each_figure_to_its_requests(region, head, login):
    numbers = []
    for received, outcome in [
        (D(2025, 3, 3), "disclosed"),
        (D(2025, 4, 1), "disclosed"),
        (D(2025, 5, 6), None),
    ]:
        req, _ = actions.register(
            actor=region["clerk"],
            agency=region["office"],
            received_on=received,
            today=D(2025, 12, 1),
            data={
                "applicant_type": "natural_person",
                "applicant_name": "王小明",
                "description": f"信息 {received}",
                "channel": "in_person",
            },
        )
        if outcome:
            actions.transition(
                actor=region["clerk"],
                info_request=req,
                event="reply",
                on=received + dt.timedelta(days=10),
                outcome=outcome,
                today=D(2025, 12, 1),
            )
        numbers.append(req.number)
    client = login(Client(), head)
    page = client.get(reverse("reports:preview") + "?year=2025").content.decode()
    assert "cell=requests.disclosed.total" in page
    listed = client.get(
        reverse("reports:records") + "?year=2025&cell=requests.disclosed.total"
    ).content.decode()
    assert numbers[0] in listed and numbers[1] in listed and numbers[2] not in listed
    assert "王小明" in listed  # the head may see applicants
    supervisor = login(Client(), region["supervisor"])
    assert supervisor.get(reverse("reports:records") + "?year=2025&cell=x").status_code == 404


appeal = st.builds(
    lambda n, kind, filed, result, days: AppealRecord(
        id=str(n),
        kind=kind,
        filed=filed,
        result=result,
        closed=None if result == "pending" else filed + dt.timedelta(days=days),
    ),
    st.integers(1, 10**6),
    st.sampled_from(list(KINDS)),
    st.dates(D(2024, 6, 1), D(2026, 3, 1)),
    st.sampled_from(["pending", "upheld", "corrected", "other"]),
    st.integers(1, 400),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(appeal, max_size=40, unique_by=lambda r: r.id))
def test_the_cases_behind_every_appeal_figure_are_as_many_as_it_counts(cases):
    table = tabulate_appeals(cases, 2025)
    behind = cases_behind(cases, 2025)
    for group, cells in table.items():
        for column, count in cells.items():
            assert len(behind.get(f"appeals.{group}.{column}", [])) == count, (group, column)


@pytest.mark.django_db
def test_an_appeal_figure_lists_its_cases(region, head, login):
    from gongkai.appeals.actions import create_case

    case = create_case(
        actor=region["clerk"],
        agency=region["office"],
        kind="reconsideration",
        filed_on=D(2025, 5, 6),
        today=D(2025, 6, 1),
        number="复议〔2025〕3号",
        body="云浮市人民政府",
    )
    # The cases are for appeal.manage (handler, head); the supervisor reads the figure only.
    supervisor = login(Client(), region["supervisor"])
    supervisor.post(reverse("office:switch"), {"agency": region["office"].code})
    page = supervisor.get(reverse("reports:preview") + "?year=2025").content.decode()
    assert f"<h1>{region['office'].name}2025年" in page  # the office's report, as supervised
    assert "cell=appeals.reconsideration.pending" not in page
    cell = reverse("reports:records") + "?year=2025&cell=appeals.reconsideration.pending"
    assert supervisor.get(cell).status_code == 403
    client = login(Client(), region["clerk"])
    page = client.get(reverse("reports:preview") + "?year=2025").content.decode()
    assert "cell=appeals.reconsideration.pending" in page
    listed = client.get(
        reverse("reports:records") + "?year=2025&cell=appeals.reconsideration.pending"
    ).content.decode()
    assert case.number in listed and "云浮市人民政府" in listed


@pytest.mark.django_db
def test_the_rules_counts_link_to_the_catalog_records(region, head, login):
    from gongkai.accounts.system import SYSTEM
    from gongkai.catalog.actions import ensure_catalog
    from gongkai.catalog.actions.imports import import_record

    category = ensure_catalog(actor=SYSTEM, agency=region["office"])[0]
    record = import_record(
        actor=SYSTEM,
        agency=region["office"],
        category=category,
        data={
            "title": "示范市行政规范性文件管理办法",
            "doc_type": "normative",
            "formed_on": D(2025, 4, 1),
            "validity": "effective",
            "effective_from": D(2025, 5, 1),
        },
        published_on=D(2025, 4, 2),
    )
    client = login(Client(), head)
    page = client.get(reverse("reports:preview") + "?year=2025").content.decode()
    assert "cell=proactive.normative_documents.issued" in page
    listed = client.get(
        reverse("reports:records") + "?year=2025&cell=proactive.normative_documents.in_force"
    ).content.decode()
    assert record.title in listed


@pytest.mark.django_db
def test_the_preview_prints_the_sections_in_order_in_the_official_grid(head, login):
    html = login(Client(), head).get("/office/reports/preview/?year=2025").content.decode()
    order = [
        html.index(h)
        for h in ("一、总体情况", "二、主动", "三、收到", "四、政府", "五、存在", "六、其他")
    ]
    assert order == sorted(order)
    three = html[order[2] : order[3]]
    # The applicant columns under their group headers, as the template prints them.
    assert three.index("申请人情况") < three.index("法人或其他组织") < three.index("商业企业")
    assert 'colspan="5">法人或其他组织' in three
    two = html[order[1] : order[2]]
    assert two.count(">信息内容<") == 4  # one header row per article, with its own columns
    assert ">本年制发件数<" in two and ">本年处理决定数量<" in two


def test_a_filled_figure_leaves_the_blank_note():
    from gongkai.reports.domain.build import build_report
    from gongkai.reports.domain.drafting import apply

    built = build_report(agency="示范县人民政府", year=2025, requests=[], appeals=[])
    (note,) = [f for f in built.findings if f.rule == "build.not_recorded"]
    assert "行政许可" in note.message and "行政处罚" in note.message
    manual = {"proactive.administrative_license.decisions": {"value": 12, "source": "审批系统"}}
    result, _ = apply(built, manual=manual, narrative={})
    (note,) = [f for f in result.findings if f.rule == "build.not_recorded"]
    assert "行政许可" not in note.message and "行政处罚" in note.message
    assert "proactive.administrative_license.decisions" not in note.cells
