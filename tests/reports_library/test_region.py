import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annual_report.tables import APPLICANT_PARTS
from gongkai.reports.actions import library
from gongkai.reports.domain.aggregate import aggregate
from gongkai.reports.domain.build import build_report
from gongkai.requests.domain.ledger import RequestRecord
from gongkai.requests.domain.outcomes import OUTCOMES

D = dt.date
record = st.builds(
    lambda n, received, kind, outcome, days: RequestRecord(
        row=n,
        id=str(n),
        received=received,
        applicant_type=kind,
        outcome=outcome,
        replied=received + dt.timedelta(days=days) if outcome else None,
    ),
    st.integers(1, 10**6),
    st.dates(D(2024, 10, 1), D(2025, 12, 31)),
    st.sampled_from(list(APPLICANT_PARTS)),
    st.one_of(st.none(), st.sampled_from(list(OUTCOMES))),
    st.integers(1, 60),
)


def built(name, records):
    return build_report(agency=name, year=2025, template="2021", requests=records, appeals=[])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(record, max_size=25, unique_by=lambda r: r.id), min_size=1, max_size=5))
def test_the_sum_of_consistent_reports_is_consistent_and_adds_up(units):
    reports = [built(f"单位{i}", recs) for i, recs in enumerate(units)]
    total = aggregate(reports, agency="示范市", year=2025, template="2021")
    assert [f for f in total.findings if f.severity == "error"] == []
    assert total.value("requests.received_this_year.total") == sum(
        r.value("requests.received_this_year.total") for r in reports
    )


def test_reports_of_another_format_are_left_out_and_named():
    old = build_report(agency="某局", year=2020, template="2019", requests=[], appeals=[])
    total = aggregate([built("甲", []), old], agency="示范市", year=2025, template="2021")
    assert any("某局" in f.message for f in total.findings if f.rule == "aggregate.left_out")


@pytest.mark.django_db
def test_region_page_compiles_the_units_and_lists_them(region, login, fixture_bytes):
    for name in ("yunfu-office-2022.txt",):
        library.upload_report(
            actor=region["supervisor"],
            within=region["city"],
            data=fixture_bytes(name),
            filename=name,
        )
    client = login(Client(), region["supervisor"])
    page = client.get(reverse("reports:region") + "?year=2022").content.decode()
    assert "计入的单位（1）" in page and "云浮市教育局" in page  # the one without a report
    data = client.get(reverse("reports:region") + "?year=2022&format=json").json()
    assert data["requests"]["received_this_year"]["total"] == 19
    changes = client.get(reverse("reports:changes") + "?year=2022").content.decode()
    assert "上年度无报告" in changes
