"""What the platform publishes, the platform (and anyone using its parser) reads back exactly."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.annual_report.report import Report
from gongkai.annual_report.tables import APPLICANT_PARTS, cell_paths
from gongkai.documents.annual_report import render_docx, render_html, render_pdf
from gongkai.parsing import parse_bytes
from gongkai.reports.domain.build import build_report
from gongkai.requests.domain.ledger import RequestRecord
from gongkai.requests.domain.outcomes import OUTCOMES

YEAR = 2025
record = st.builds(
    lambda n, received, kind, outcome, days: RequestRecord(
        row=n,
        id=str(n),
        received=received,
        applicant_type=kind,
        outcome=outcome if received + dt.timedelta(days=days) <= dt.date(YEAR, 12, 31) else None,
        replied=received + dt.timedelta(days=days)
        if outcome and received + dt.timedelta(days=days) <= dt.date(YEAR, 12, 31)
        else None,
    ),
    st.integers(1, 10**6),
    st.dates(dt.date(YEAR - 1, 11, 1), dt.date(YEAR, 12, 31)),
    st.sampled_from(list(APPLICANT_PARTS)),
    st.one_of(st.none(), st.sampled_from(list(OUTCOMES))),
    st.integers(1, 40),
)


@pytest.mark.parametrize(
    "render", [render_pdf, render_html, render_docx], ids=["pdf", "html", "docx"]
)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(record, max_size=80, unique_by=lambda r: r.id))
def test_a_rendered_report_parses_back_to_the_same_figures(render, records):
    built = build_report(
        agency="清河县人民政府",
        year=YEAR,
        template="2021",
        requests=records,
        appeals=[],
        regulation_counts={
            "regulations": {"issued": 0, "abolished": 0, "in_force": 3},
            "normative_documents": {"issued": 5, "abolished": 2, "in_force": 41},
        },
    )
    extension = {render_pdf: "pdf", render_html: "html", render_docx: "docx"}[render]
    parsed = Report.from_dict(parse_bytes(render(built), f"report.{extension}").report)
    assert (parsed.template, parsed.year, parsed.agency) == ("2021", YEAR, "清河县人民政府")
    differences = [
        (p, built.get(p), parsed.get(p))
        for p in cell_paths("2021")
        if (built.get(p) or 0) != (parsed.get(p) or 0)
    ]
    assert differences == []
