"""往年已报数据的变动 (pure): which carried-over requests an earlier report counted as replied,
and the year-on-year rule that allows for exactly those."""

import datetime as dt

from gongkai.annual_report.report import Report
from gongkai.annual_report.tables import APPLICANT_COLUMNS, REQUEST_ROWS
from gongkai.annual_report.validation import validate
from gongkai.reports.domain.reopened import (
    EarlierClosing,
    carried_again,
    change_finding,
    reported_changes,
)

D = dt.date


def test_only_a_closing_in_force_at_the_end_of_last_year_and_reopened_since_counts():
    carried = {"A-1": "natural_person", "A-2": "commercial_enterprise", "A-3": "natural_person"}
    earlier = [
        # Replied in 2024, reopened in 2025: 2024's report counted it as disclosed.
        EarlierClosing("A-1", "disclosed", D(2024, 5, 10), D(2025, 3, 2), "复议决定书"),
        # Reopened before the year ended: 2024's report had it open, in 四 already.
        EarlierClosing("A-2", "withheld_state_secret", D(2024, 6, 1), D(2024, 12, 31)),
        # Not carried into 2025 at all (closed again before): not this report's concern.
        EarlierClosing("A-9", "disclosed", D(2024, 2, 1), D(2025, 1, 5)),
    ]
    changes = reported_changes(2025, carried, earlier, submitted_years={2024})
    assert [(c.number, c.reported_year, c.submitted) for c in changes] == [("A-1", 2024, True)]
    assert changes[0].outcome_label == "予以公开"
    counts = carried_again(changes)
    assert counts["natural_person"] == 1 and counts["total"] == 1
    assert counts["commercial_enterprise"] == 0

    finding = change_finding(2025, changes)
    assert finding.rule == "build.reported_changed" and finding.severity == "warning"
    assert "A-1" in finding.message and "2024 年度报告（已报送）" in finding.message
    assert "复议决定书" not in finding.message  # free text stays on the request's pages
    assert change_finding(2025, []) is None


def _report(year, carried_in=0, carried_out=0):
    report = Report(agency="某局", year=year, template="2021")
    report.requests = {row: dict.fromkeys(APPLICANT_COLUMNS, 0) for row in REQUEST_ROWS["2021"]}
    for row, n in [("carried_from_last_year", carried_in), ("carried_to_next_year", carried_out)]:
        report.requests[row]["natural_person"] = report.requests[row]["total"] = n
    # 一 + 二 = 七 + 四: what was carried in was answered, what goes out was received.
    for row, n in [("results_total", carried_in), ("received_this_year", carried_out)]:
        report.requests[row]["natural_person"] = report.requests[row]["total"] = n
    report.requests["disclosed"]["natural_person"] = carried_in
    report.requests["disclosed"]["total"] = carried_in
    return report


def test_the_carry_chain_allows_for_the_requests_carried_again_and_for_no_more():
    previous, this = _report(2024, carried_out=0), _report(2025, carried_in=1)
    rules = {f.rule for f in validate(this, previous=previous)}
    assert "requests.carry_chain" in rules  # 二 = 1, last year's 四 = 0
    again = {"natural_person": 1, "total": 1}
    assert "requests.carry_chain" not in {
        f.rule for f in validate(this, previous=previous, carried_again=again)
    }
    two = _report(2025, carried_in=2)
    chain = [
        f
        for f in validate(two, previous=previous, carried_again=again)
        if f.rule == "requests.carry_chain"
    ]
    assert chain and "本年重新办理的 1 件" in chain[0].message
