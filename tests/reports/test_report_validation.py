"""The consistency rules, one by one, on hand-made reports and on the published fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.annual_report.report import Report
from gongkai.annual_report.tables import (
    APPEAL_GROUPS,
    APPEAL_PARTS,
    APPLICANT_PARTS,
    OTHER_PARTS,
    OUTCOME_ROWS,
    REQUEST_ROWS,
)
from gongkai.annual_report.validation import RULES, validate

DOMAIN = Path(__file__).resolve().parents[2] / "src/gongkai/reports/domain"


def build(
    template: str = "2021",
    *,
    outcomes: dict[tuple[str, str], int] | None = None,
    carried_from: dict[str, int] | None = None,
    carried_to: dict[str, int] | None = None,
    appeals: dict[tuple[str, str], int] | None = None,
    year: int = 2022,
) -> Report:
    """A report that satisfies every error rule: totals and 一、本年新收 are derived."""
    outcomes = outcomes or {}
    carried_from = carried_from or {}
    carried_to = carried_to or {}
    rows = REQUEST_ROWS[template]
    requests = {row: dict.fromkeys(APPLICANT_PARTS, 0) for row in rows}
    for (row, col), n in outcomes.items():
        requests[row][col] = n
    for col in APPLICANT_PARTS:
        requests["carried_from_last_year"][col] = carried_from.get(col, 0)
        requests["carried_to_next_year"][col] = carried_to.get(col, 0)
        if template == "2021":
            requests["other"][col] = sum(requests[r][col] for r in OTHER_PARTS)
        results = sum(requests[r][col] for r in OUTCOME_ROWS[template])
        requests["results_total"][col] = results
        received = results + carried_to.get(col, 0) - carried_from.get(col, 0)
        assert received >= 0
        requests["received_this_year"][col] = received
    for cells in requests.values():
        cells["total"] = sum(cells[c] for c in APPLICANT_PARTS)
    groups = {g: dict.fromkeys(APPEAL_PARTS, 0) for g in APPEAL_GROUPS}
    for (group, col), n in (appeals or {}).items():
        groups[group][col] = n
    for cells in groups.values():
        cells["total"] = sum(cells[c] for c in APPEAL_PARTS)
    return Report.from_dict(
        {
            "template": template,
            "year": year,
            "agency": "某市人民政府办公室",
            "requests": requests,
            "appeals": groups,
        }
    )


BASE_OUTCOMES = {
    ("disclosed", "natural_person"): 3,
    ("disclosed", "commercial_enterprise"): 1,
    ("withheld_third_party", "commercial_enterprise"): 1,
    ("unavailable_not_held", "natural_person"): 2,
}


def base(template: str = "2021") -> Report:
    outcomes = dict(BASE_OUTCOMES)
    if template == "2021":
        outcomes[("other_no_correction", "natural_person")] = 1
    else:
        outcomes[("other", "natural_person")] = 1
    return build(
        template,
        outcomes=outcomes,
        carried_from={"natural_person": 1},
        carried_to={"natural_person": 2},
        appeals={("reconsideration", "upheld"): 1, ("litigation_direct", "pending"): 2},
    )


def bump(report: Report, path: str, delta: int) -> Report:
    report.set(path, report.value(path) + delta)
    return report


def errors(findings):
    return [f for f in findings if f.severity == "error"]


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_a_consistent_report_has_no_findings(template):
    assert validate(base(template)) == []


def test_balance_fires_on_its_own():
    report = base()
    bump(report, "requests.received_this_year.natural_person", 1)
    bump(report, "requests.received_this_year.total", 1)  # the row still adds up
    found = validate(report)
    assert [f.rule for f in found] == ["requests.balance", "requests.balance"]
    assert found[0].cells == [
        "requests.received_this_year.natural_person",
        "requests.carried_from_last_year.natural_person",
        "requests.results_total.natural_person",
        "requests.carried_to_next_year.natural_person",
    ]
    assert found[1].cells[0] == "requests.received_this_year.total"
    assert "自然人列" in found[0].message and "应相等" in found[0].message


def test_results_sum_fires_on_its_own():
    report = base()
    # （七） and 四 move together, so 一+二=（七）+四 still holds; only （七）≠ Σ outcomes.
    for col in ("natural_person", "total"):
        bump(report, f"requests.results_total.{col}", 1)
        bump(report, f"requests.carried_to_next_year.{col}", -1)
    found = validate(report)
    assert [(f.rule, f.cells) for f in found] == [
        ("requests.results_sum", ["requests.results_total.natural_person"]),
        ("requests.results_sum", ["requests.results_total.total"]),
    ]
    assert found[0].message.startswith("三、（七）总计·自然人：应为本列各办理结果")


def test_blank_results_row_is_reported_once_per_column():
    report = base("2019")
    for col in (*APPLICANT_PARTS, "total"):
        report.set(f"requests.results_total.{col}", None)
    found = validate(report)
    assert {f.rule for f in found} == {"requests.results_sum"}
    assert [f.cells for f in found] == [
        ["requests.results_total.natural_person"],
        ["requests.results_total.commercial_enterprise"],
        ["requests.results_total.total"],
    ]
    assert "表中为 0（空白）" in found[0].message
    assert "一+二=（七）+四" in found[0].message  # the balance it also mends is said, not repeated


def test_other_sum_fires_on_its_own():
    report = base("2021")
    bump(report, "requests.other.natural_person", 2)
    bump(report, "requests.other.total", 2)
    found = validate(report)
    assert [(f.rule, f.cells) for f in found] == [
        ("requests.other_sum", ["requests.other.natural_person"]),
        ("requests.other_sum", ["requests.other.total"]),
    ]


def test_other_sum_skips_an_unprinted_other_row():
    report = base("2021")
    for col in (*APPLICANT_PARTS, "total"):
        report.set(f"requests.other.{col}", None)
    assert validate(report) == []


def test_other_sum_is_not_a_2019_rule():
    report = base("2019")
    report.requests["other_misc"] = {"natural_person": 5, "total": 5}  # not a 2019 row
    assert validate(report) == []


def test_column_sum_names_the_row_total():
    report = base()
    bump(report, "requests.disclosed.total", 3)
    found = validate(report)
    assert [(f.rule, f.cells) for f in found] == [
        ("requests.column_sum", ["requests.disclosed.total"])
    ]
    assert "应为 4，表中为 7" in found[0].message


def test_one_wrong_part_is_one_finding_on_that_cell():
    report = base()
    bump(report, "requests.received_this_year.natural_person", 4)
    found = validate(report)
    assert len(found) == 1
    assert found[0].cells == ["requests.received_this_year.natural_person"]
    assert found[0].rule == "requests.balance"


def test_results_total_cell_wrong_alone():
    report = base()
    bump(report, "requests.results_total.natural_person", -1)
    found = validate(report)
    assert [(f.rule, f.cells) for f in found] == [
        ("requests.results_sum", ["requests.results_total.natural_person"])
    ]


def test_two_faults_in_one_row_are_reported_relation_by_relation():
    report = base()
    bump(report, "requests.disclosed.natural_person", 1)
    bump(report, "requests.disclosed.commercial_enterprise", 1)
    found = validate(report)
    assert {f.rule for f in found} == {"requests.column_sum", "requests.results_sum"}
    cells = [c for f in found for c in f.cells]
    assert "requests.disclosed.total" in cells
    assert "requests.results_total.natural_person" in cells
    assert "requests.results_total.commercial_enterprise" in cells


def test_group_sum():
    report = base()
    bump(report, "appeals.litigation_direct.corrected", 1)
    found = validate(report)
    assert [(f.rule, f.cells) for f in found] == [
        ("appeals.group_sum", ["appeals.litigation_direct.total"])
    ]
    assert "四、行政诉讼·未经复议直接起诉·总计" in found[0].message


def test_reports_without_tables_have_no_table_findings():
    assert validate(Report("2021", 2022, "某机关")) == []
    assert validate(Report("legacy", 2018, "某机关", legacy={"requests_received": 3})) == []


# --- year on year ------------------------------------------------------------------------


def test_carry_chain():
    previous = base()
    previous.year = 2021
    current = build(outcomes=BASE_OUTCOMES, carried_from={"natural_person": 1})
    found = validate(current, previous=previous)
    assert [(f.rule, f.severity, f.cells) for f in found] == [
        (
            "requests.carry_chain",
            "warning",
            [
                "requests.carried_from_last_year.natural_person",
                "requests.carried_from_last_year.total",
            ],
        )
    ]
    assert "应为 2，表中为 1" in found[0].message
    matching = build(outcomes=BASE_OUTCOMES, carried_from={"natural_person": 2})
    assert validate(matching, previous=previous) == []


def test_chain_rules_need_the_year_before():
    previous = base()
    previous.year = 2020
    current = build(outcomes=BASE_OUTCOMES, carried_from={"natural_person": 1})
    assert validate(current, previous=previous) == []


def proactive(template: str, year: int, rows: dict[str, dict[str, int]]) -> Report:
    return Report.from_dict(
        {"template": template, "year": year, "agency": "某机关", "proactive": rows}
    )


def test_in_force_chain():
    previous = proactive(
        "2021", 2021, {"regulations": {"issued": 1, "abolished": 0, "in_force": 6}}
    )
    good = proactive("2021", 2022, {"regulations": {"issued": 2, "abolished": 1, "in_force": 7}})
    bad = proactive("2021", 2022, {"regulations": {"issued": 2, "abolished": 1, "in_force": 9}})
    assert validate(good, previous=previous) == []
    found = validate(bad, previous=previous)
    assert [(f.rule, f.severity, f.cells) for f in found] == [
        ("proactive.in_force_chain", "warning", ["proactive.regulations.in_force"])
    ]
    assert "即 7，表中为 9" in found[0].message


def test_items_chain():
    row = "administrative_license"
    previous = proactive("2019", 2019, {row: {"prev_items": 49, "change": -2, "decisions": 4}})
    good = proactive("2019", 2020, {row: {"prev_items": 47, "change": 0, "decisions": 1}})
    bad = proactive("2019", 2020, {row: {"prev_items": 49, "change": 0, "decisions": 1}})
    assert validate(good, previous=previous) == []
    found = validate(bad, previous=previous)
    assert [(f.rule, f.cells) for f in found] == [
        ("proactive.items_chain", [f"proactive.{row}.prev_items"])
    ]


def test_chains_do_not_cross_templates():
    previous = proactive("2019", 2020, {"regulations": {"new_made": 1, "total_published": 5}})
    current = proactive("2021", 2021, {"regulations": {"issued": 0, "in_force": 99}})
    assert validate(current, previous=previous) == []


# --- prose ---------------------------------------------------------------------------------


def test_narrative_mismatch_and_agreement():
    report = base()  # 行政复议 1, 收到 9 (+1 carried over)
    agreeing = "本年共收到政府信息公开申请9件。因政府信息公开被申请行政复议1件。"
    assert validate(report, narrative=agreeing) == []
    counting_carried = "共受理政府信息公开申请10件。"
    assert validate(report, narrative=counting_carried) == []
    found = validate(report, narrative="因政府信息公开被申请行政复议3件。")
    assert [(f.rule, f.severity, f.cells) for f in found] == [
        ("narrative.mismatch", "warning", ["appeals.reconsideration.total", "narrative"])
    ]
    assert "行政复议3件" in found[0].message and "为 1" in found[0].message


def test_narrative_mismatch_on_legacy_figures():
    report = Report("legacy", 2018, "某市人民政府", legacy={"requests_received": 166})
    assert validate(report, narrative="全市共收到依申请公开166件。") == []
    found = validate(report, narrative="全市共收到依申请公开160件。")
    assert [f.cells for f in found] == [["legacy.requests_received", "narrative"]]


# --- fixtures --------------------------------------------------------------------------------


def fixture_cases(directory: Path):
    for expected in sorted(directory.glob("*.expected.json")):
        text = expected.with_name(expected.name.replace(".expected.json", ".txt"))
        yield expected.name, json.loads(expected.read_text(encoding="utf-8")), text


def test_fixture_findings_are_found_and_explained(report_fixtures_dir):
    cases = list(fixture_cases(report_fixtures_dir))
    if not cases:
        pytest.skip("shared fixtures not beside the repository")
    for name, data, text_path in cases:
        report = Report.from_dict(data)
        narrative = text_path.read_text(encoding="utf-8") if text_path.exists() else None
        found = validate(report, narrative=narrative)
        expected = set(data.get("expected_findings", []))
        for cell in expected:
            if cell == "narrative":
                assert any(f.rule == "narrative.mismatch" for f in found), name
            else:
                assert any(cell in f.cells for f in found), (name, cell)
        for finding in found:
            # nothing beyond what the hand-checked file explains, and every error is precise
            assert finding.rule in RULES
            assert expected.intersection(finding.cells), (name, finding)
            if finding.severity == "error":
                assert len(finding.cells) == 1, (name, finding)


def test_fixture_errors_without_narrative(report_fixtures_dir):
    path = report_fixtures_dir / "zhongzhan-district-2019.expected.json"
    if not path.exists():
        pytest.skip("shared fixtures not beside the repository")
    found = validate(Report.from_dict(json.loads(path.read_text(encoding="utf-8"))))
    assert [f.cells[0] for f in found] == [
        "requests.results_total.natural_person",
        "requests.results_total.total",
    ]
