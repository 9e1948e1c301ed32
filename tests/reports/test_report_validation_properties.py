"""Property-based: consistent tables pass; any single wrong request or appeal cell is caught."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annual_report.report import Report, schema_errors
from gongkai.annual_report.tables import (
    APPEAL_GROUPS,
    APPEAL_PARTS,
    APPLICANT_COLUMNS,
    APPLICANT_PARTS,
    OTHER_PARTS,
    OUTCOME_ROWS,
    REQUEST_ROWS,
    cell_paths,
)
from gongkai.annual_report.validation import validate

FAST = settings(max_examples=100, deadline=None)

# Mostly zeros, as in real tables, with the occasional larger count.
counts = st.one_of(st.just(0), st.just(0), st.integers(1, 5), st.integers(6, 400))


@st.composite
def consistent_reports(draw: st.DrawFn, template: str | None = None) -> dict[str, Any]:
    """Outcomes and carry-overs are drawn per column; （六）, （七）, 一 and every 总计 follow."""
    template = template or draw(st.sampled_from(["2019", "2021"]))
    rows = REQUEST_ROWS[template]
    requests: dict[str, dict[str, int | None]] = {row: {} for row in rows}
    for col in APPLICANT_PARTS:
        for row in OUTCOME_ROWS[template]:
            requests[row][col] = draw(counts)
        if template == "2021":
            requests["other"][col] = sum(requests[r][col] for r in OTHER_PARTS)
        results = sum(requests[r][col] for r in OUTCOME_ROWS[template])
        carried_to = draw(counts)
        carried_from = draw(st.integers(0, results + carried_to))
        requests["results_total"][col] = results
        requests["carried_to_next_year"][col] = carried_to
        requests["carried_from_last_year"][col] = carried_from
        requests["received_this_year"][col] = results + carried_to - carried_from
    for cells in requests.values():
        cells["total"] = sum(cells[c] for c in APPLICANT_PARTS)
    appeals: dict[str, dict[str, int | None]] = {}
    for group in APPEAL_GROUPS:
        appeals[group] = {c: draw(counts) for c in APPEAL_PARTS}
        appeals[group]["total"] = sum(appeals[group].values())
    # Published tables leave zero cells blank as often as they print 0; null must equal 0.
    blank_zeros = draw(st.sampled_from(["none", "some", "all"]))
    for table in (requests, appeals):
        for cells in table.values():
            for col, value in cells.items():
                if value == 0 and (
                    blank_zeros == "all" or (blank_zeros == "some" and draw(st.booleans()))
                ):
                    cells[col] = None
    return {
        "template": template,
        "year": 2022 if template == "2021" else 2020,
        "agency": "某县人民政府",
        "requests": requests,
        "appeals": appeals,
    }


def table_paths(template: str) -> list[str]:
    return [p for p in cell_paths(template) if p.startswith(("requests.", "appeals."))]


@FAST
@given(consistent_reports())
def test_consistent_reports_pass_and_fit_the_schema(data):
    assert schema_errors(data) == []
    report = Report.from_dict(data)
    assert report.to_dict() == data
    assert validate(report) == []


@FAST
@given(st.data())
def test_any_single_wrong_cell_is_named(data):
    original = data.draw(consistent_reports())
    report = Report.from_dict(original)
    path = data.draw(st.sampled_from(table_paths(report.template)))
    delta = data.draw(st.integers(-5, 5).filter(bool))
    report.set(path, report.value(path) + delta)

    errors = [f for f in validate(report) if f.severity == "error"]
    assert len(errors) == 1, (path, delta, errors)
    section, row, _ = path.split(".")
    if section == "requests":
        # a lone wrong request cell breaks a row and a column: the cell itself is pinpointed
        assert errors[0].cells == [path]
    else:
        assert errors[0].rule == "appeals.group_sum"
        assert errors[0].cells == [f"appeals.{row}.total"]


@FAST
@given(st.data())
def test_a_wrong_row_total_and_its_balance_partner(data):
    """Two faults that cancel in their column are found through their rows."""
    original = data.draw(consistent_reports())
    report = Report.from_dict(original)
    col = data.draw(st.sampled_from(list(APPLICANT_COLUMNS)))
    delta = data.draw(st.integers(1, 5))
    report.set(
        f"requests.received_this_year.{col}",
        report.value(f"requests.received_this_year.{col}") + delta,
    )
    report.set(
        f"requests.carried_from_last_year.{col}",
        report.value(f"requests.carried_from_last_year.{col}") - delta,
    )
    # 一 and 二 move in opposite directions: the balance holds, only the two rows fail to add up
    errors = [f for f in validate(report) if f.severity == "error"]
    assert [(f.rule, f.cells) for f in errors] == [
        ("requests.column_sum", ["requests.received_this_year.total"]),
        ("requests.column_sum", ["requests.carried_from_last_year.total"]),
    ]


@FAST
@given(consistent_reports(), st.integers(1, 50))
def test_prose_that_restates_the_table_agrees_and_a_changed_figure_does_not(data, delta):
    report = Report.from_dict(data)
    received = report.value("requests.received_this_year.total")
    disclosed = report.value("requests.disclosed.total")
    reconsideration = report.value("appeals.reconsideration.total")
    prose = (
        f"本年度共收到政府信息公开申请{received}件，其中予以公开{disclosed}件。"
        f"因政府信息公开被申请行政复议{reconsideration}件。"
    )
    assert validate(report, narrative=prose) == []
    wrong = prose.replace(f"行政复议{reconsideration}件", f"行政复议{reconsideration + delta}件")
    found = validate(report, narrative=wrong)
    assert [(f.rule, f.cells) for f in found] == [
        ("narrative.mismatch", ["appeals.reconsideration.total", "narrative"])
    ]


@FAST
@given(st.data())
def test_carry_chain_follows_the_previous_report(data):
    previous = Report.from_dict(data.draw(consistent_reports("2021")))
    current = Report.from_dict(data.draw(consistent_reports("2021")))
    previous.year = current.year - 1
    mismatched = [
        col
        for col in APPLICANT_COLUMNS
        if previous.value(f"requests.carried_to_next_year.{col}")
        != current.value(f"requests.carried_from_last_year.{col}")
    ]
    found = [f for f in validate(current, previous=previous) if f.rule == "requests.carry_chain"]
    if mismatched:
        assert len(found) == 1
        assert found[0].cells == [f"requests.carried_from_last_year.{c}" for c in mismatched]
    else:
        assert found == []
