"""Every hand-checked fixture scores 100% by the spec's scoring."""

import json

import pytest
from parse_scoring import FIXTURES_DIR, score

from gongkai.parsing import parse_path

FIXTURES = sorted(p.stem for p in FIXTURES_DIR.glob("*.txt"))


def test_there_are_fixtures():
    assert len(FIXTURES) >= 5


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_scores_full_marks(name):
    expected = json.loads((FIXTURES_DIR / f"{name}.expected.json").read_text(encoding="utf-8"))
    result = parse_path(FIXTURES_DIR / f"{name}.txt")
    s = score(expected, result.report)
    assert s.wrong == [], f"{name}: {s.percent:.1f}%"
    assert result.source_format == "text"


def test_inferred_cells_are_reported_as_info():
    result = parse_path(FIXTURES_DIR / "yunfu-office-2022.txt")
    inferred = [f for f in result.report["findings"] if f["rule"] == "parse.inferred"]
    cells = {c for f in inferred for c in f["cells"]}
    assert "requests.received_this_year.natural_person" in cells
    assert "requests.results_total.natural_person" in cells
    assert all(f["severity"] == "info" for f in inferred)
    assert result.report["requests"]["received_this_year"]["natural_person"] == 19


def test_scorer_notices_a_wrong_cell():
    expected = json.loads((FIXTURES_DIR / "heshan-office-2019.expected.json").read_text("utf-8"))
    report = parse_path(FIXTURES_DIR / "heshan-office-2019.txt").report
    report["requests"]["received_this_year"]["total"] = 5
    report["agency"] = "别的机关"
    assert len(score(expected, report).wrong) == 2
