"""Running the domain validator on a parsed report, plus the parser's own notes."""

from __future__ import annotations

from gongkai.parsing.model import Finding, Report, validate


def run_validator(
    report: dict, previous: dict | None, prose: str, notes: list[dict]
) -> list[Finding]:
    model = Report.from_dict(report)
    prev = Report.from_dict(previous) if previous else None
    findings = validate(model, previous=prev, narrative=prose or None)
    return findings + [Finding.from_dict(n) for n in notes]
