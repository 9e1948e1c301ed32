"""Every error rule holds by construction, whatever the records are."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annual_report.report import schema_errors
from gongkai.annual_report.tables import APPLICANT_COLUMNS, APPLICANT_PARTS, OUTCOME_ROWS
from gongkai.annual_report.validation import validate
from gongkai.appeals.domain.cases import KINDS, RESULTS, AppealRecord
from gongkai.reports.domain.build import build_report
from gongkai.requests.domain.ledger import RequestRecord

YEAR = 2025
days = st.dates(dt.date(2023, 6, 1), dt.date(2027, 6, 30))


@st.composite
def request_records(draw):
    received = draw(days)
    closed = draw(st.booleans())
    replied = received + dt.timedelta(days=draw(st.integers(0, 400))) if closed else None
    return RequestRecord(
        row=0,
        id=str(draw(st.integers())),
        received=received,
        applicant_type=draw(st.sampled_from(APPLICANT_PARTS)),
        outcome=draw(st.sampled_from(OUTCOME_ROWS["2021"])) if closed else None,
        replied=replied,
    )


@st.composite
def appeal_records(draw):
    filed = draw(days)
    result = draw(st.sampled_from([*RESULTS, "pending"]))
    closed = None
    if result != "pending":
        closed = filed + dt.timedelta(days=draw(st.integers(0, 300)))
    return AppealRecord(
        id="x", kind=draw(st.sampled_from(list(KINDS))), filed=filed, result=result, closed=closed
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(request_records(), max_size=60),
    st.lists(appeal_records(), max_size=20),
    st.sampled_from(["2019", "2021"]),
)
def test_no_error_finding_ever_and_the_balance_holds(requests, appeals, template):
    report = build_report(
        agency="某机关", year=YEAR, requests=requests, appeals=appeals, template=template
    )
    assert [f for f in validate(report) if f.severity == "error"] == []
    assert [f for f in report.findings if f.severity == "error"] == []
    t = report.requests
    for col in APPLICANT_COLUMNS:
        assert (
            t["received_this_year"][col] + t["carried_from_last_year"][col]
            == t["results_total"][col] + t["carried_to_next_year"][col]
        )
    # Each request the year can see lands in 三 or 四 exactly once.
    first, last = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    seen = [r for r in requests if r.received <= last and (r.replied is None or r.replied >= first)]
    assert t["results_total"]["total"] + t["carried_to_next_year"]["total"] == len(seen)
    filed = [a for a in appeals if a.filed.year == YEAR]
    assert sum(report.appeals[g]["total"] for g in KINDS) == len(filed)
    assert schema_errors(report.to_dict()) == []
