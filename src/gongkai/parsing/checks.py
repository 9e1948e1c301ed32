"""Running the domain validator on a parsed report."""

from __future__ import annotations


def run_validator(report: dict, previous: dict | None, prose: str) -> list[dict]:
    try:
        from gongkai.reports.domain.report import Report
        from gongkai.reports.domain.validation import validate
    except ImportError:  # the domain validator is being written alongside the parser
        return []
    model = Report.from_dict(report)
    prev = Report.from_dict(previous) if previous else None
    return [_as_dict(f) for f in validate(model, previous=prev, narrative=prose)]


def _as_dict(finding) -> dict:
    if isinstance(finding, dict):
        return finding
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "cells": list(finding.cells or []),
    }
