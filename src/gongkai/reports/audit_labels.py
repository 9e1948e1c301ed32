"""A report draft's audited values in words: figures by their cell, text by its section."""

from __future__ import annotations

from gongkai.annual_report.tables import label_of
from gongkai.audit import labels

from .domain.drafting import ASSESSMENT, NARRATIVE_SECTIONS
from .models import FindingDecision

_SECTIONS = NARRATIVE_SECTIONS | dict([ASSESSMENT])


def _figures(value) -> str:
    if not isinstance(value, dict):
        return str(value)
    return "；".join(
        f"{label_of(path, short=True)}：{entry.get('value') if isinstance(entry, dict) else entry}"
        for path, entry in value.items()
    )


def _sections(value) -> str:
    if not isinstance(value, dict):
        return str(value)
    return "；".join(f"{_SECTIONS.get(key, key)}：{text}" for key, text in value.items())


def register() -> None:
    labels.register_choices("report", FindingDecision)
    labels.register_format("report", "manual", _figures)
    labels.register_format("report", "narrative", _sections)
