"""The spec's scoring of a parsed report against a hand-checked expected file, implemented once."""

from __future__ import annotations

from dataclasses import dataclass, field

SECTIONS = ("proactive", "requests", "appeals", "legacy")


@dataclass
class Score:
    compared: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def percent(self) -> float:
        return 100.0 * (self.compared - len(self.wrong)) / self.compared if self.compared else 100.0


def _cells(section: dict, prefix: str):
    for row, cols in section.items():
        if isinstance(cols, dict):
            for col, value in cols.items():
                yield f"{prefix}.{row}.{col}", value
        else:
            yield f"{prefix}.{row}", cols


def _get(report: dict, path: str):
    node = report
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _same(expected, actual, path: str) -> bool:
    e = 0 if expected is None else expected
    a = 0 if actual is None else actual
    if not isinstance(a, int | float):
        return False
    tolerance = 0.0001 if "amount" in path or "yuan" in path else 0
    return abs(e - a) <= tolerance + 1e-12


def score(expected: dict, report: dict) -> Score:
    result = Score()
    for key in ("template", "year", "agency"):
        result.compared += 1
        if expected.get(key) != report.get(key):
            result.wrong.append(f"{key}: expected {expected.get(key)!r}, got {report.get(key)!r}")
    for section in SECTIONS:
        for path, value in _cells(expected.get(section) or {}, section):
            result.compared += 1
            actual = _get(report, path)
            if not _same(value, actual, path):
                result.wrong.append(f"{path}: expected {value!r}, got {actual!r}")
    findings = report.get("findings") or []
    for cell in expected.get("expected_findings") or []:
        result.compared += 1
        if cell == "narrative":
            hit = any(f.get("rule") == "narrative.mismatch" for f in findings)
        else:
            hit = any(cell in (f.get("cells") or []) for f in findings)
        if not hit:
            result.wrong.append(f"expected a finding on {cell}")
    return result


def shared_dir():
    """Where shared/ is, found the same way as the root conftest finds it."""
    import os
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    return Path(os.environ.get("GONGKAI_SHARED_DIR", root.parent / "shared"))


FIXTURES_DIR = shared_dir() / "fixtures" / "annual-reports"
SPEC_DIR = shared_dir() / "spec"
