"""The round-trip check the format tests share: every cell back, and no error finding."""

from __future__ import annotations

from parse_scoring import score


def check(report: dict, result) -> None:
    s = score({**report, "expected_findings": []}, result.report)
    assert s.wrong == []
    errors = [f for f in result.report["findings"] if f["severity"] == "error"]
    assert errors == [], errors
