"""The annual report as a typed object that loads and dumps exactly the shared JSON form.

``Report.from_dict`` / ``Report.to_dict`` round-trip losslessly for every report that the schema
accepts and whose rows fit its template: a row or column the report did not have stays absent
(absent and ``null`` both mean blank, but a parser may want to tell them apart), and properties
the schema does not name (``notes``, ``expected_findings`` …) are carried along untouched.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from gongkai.annual_report.tables import (
    LEGACY_FIELDS,
    SECTIONS,
    TEMPLATES,
    section_rows,
)

Number = int | float
Cell = Number | None
Table = dict[str, dict[str, Cell]]

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
_TOP_LEVEL = ("template", "year", "agency", "title", *SECTIONS, "findings")


def number(value: Any) -> Cell:
    """A cell value as the schema stores it: None, or an int when integral, else a float."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"a cell holds a number or None, not {value!r}")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"a cell cannot hold {value!r}")
        if value.is_integer():
            return int(value)
    return value


@dataclass
class Finding:
    """What validation found: a rule id, its severity, a Chinese message, and the cells at fault."""

    rule: str
    severity: str
    message: str
    cells: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        return cls(d["rule"], d["severity"], d["message"], list(d.get("cells", [])))

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "cells": list(self.cells),
        }


def _load_table(raw: dict[str, Any] | None) -> Table | None:
    if raw is None:
        return None
    return {row: {col: number(v) for col, v in cells.items()} for row, cells in raw.items()}


def _dump_table(table: Table | None, template: str, section: str) -> dict[str, Any] | None:
    if table is None:
        return None
    layout = section_rows(template, section)
    return {
        row: {col: table[row][col] for col in columns if col in table[row]}
        for row, columns in layout.items()
        if row in table
    }


@dataclass
class Report:
    """One annual report. Sections are ``None`` when the report does not have them at all."""

    template: str
    year: int
    agency: str
    title: str | None = None
    proactive: Table | None = None
    requests: Table | None = None
    appeals: Table | None = None
    legacy: dict[str, Cell] | None = None
    findings: list[Finding] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.template not in TEMPLATES:
            raise ValueError(f"template must be one of {TEMPLATES}, not {self.template!r}")

    # --- JSON ---------------------------------------------------------------------------------

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        """Load a report from its JSON form. Check it with ``schema_errors`` first when it comes
        from outside: this trusts the shape and only converts values."""
        legacy = d.get("legacy")
        return cls(
            template=d["template"],
            year=d["year"],
            agency=d["agency"],
            title=d.get("title"),
            proactive=_load_table(d.get("proactive")),
            requests=_load_table(d.get("requests")),
            appeals=_load_table(d.get("appeals")),
            legacy=None if legacy is None else {k: number(v) for k, v in legacy.items()},
            findings=[Finding.from_dict(f) for f in d.get("findings", [])],
            extra={k: v for k, v in d.items() if k not in _TOP_LEVEL},
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, with only the rows and columns the template has, in printed order."""
        d: dict[str, Any] = {"template": self.template, "year": self.year, "agency": self.agency}
        if self.title is not None:
            d["title"] = self.title
        for section in ("proactive", "requests", "appeals"):
            dumped = _dump_table(getattr(self, section), self.template, section)
            if dumped is not None:
                d[section] = dumped
        if self.legacy is not None:
            d["legacy"] = {k: self.legacy[k] for k in LEGACY_FIELDS if k in self.legacy}
        if self.findings:
            d["findings"] = [f.to_dict() for f in self.findings]
        d.update(self.extra)
        return d

    @classmethod
    def from_json(cls, text: str) -> Report:
        return cls.from_dict(json.loads(text))

    def to_json(self, *, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    # --- cells by path ------------------------------------------------------------------------

    def get(self, path: str) -> Any:
        """The value at a dotted path (``requests.results_total.total``, ``legacy.fees_yuan``,
        ``year``); None where the report has no such cell."""
        parts = path.split(".")
        if len(parts) == 1:
            if parts[0] not in ("template", "year", "agency", "title"):
                raise KeyError(path)
            return getattr(self, parts[0])
        section = parts[0]
        if section not in SECTIONS:
            raise KeyError(path)
        container: Any = getattr(self, section)
        for part in parts[1:]:
            if container is None:
                return None
            if not isinstance(container, dict):
                raise KeyError(path)
            container = container.get(part)
        return container

    def value(self, path: str) -> Number:
        """The value at a path for arithmetic: blank (None or absent) counts as 0."""
        v = self.get(path)
        return 0 if v is None else v

    def set(self, path: str, value: Cell) -> None:
        """Set one cell. Only cells of the report's template can be set, so a typo in a key is an
        error here rather than a silently ignored row in the dump."""
        parts = path.split(".")
        if parts[0] == "legacy" and len(parts) == 2:
            if parts[1] not in LEGACY_FIELDS or self.template != "legacy":
                raise KeyError(path)
            if self.legacy is None:
                self.legacy = {}
            self.legacy[parts[1]] = number(value)
            return
        if len(parts) != 3 or parts[0] not in ("proactive", "requests", "appeals"):
            raise KeyError(path)
        section, row, column = parts
        columns = section_rows(self.template, section).get(row)
        if columns is None or column not in columns:
            raise KeyError(f"{path} is not a cell of the {self.template} template")
        table = getattr(self, section)
        if table is None:
            table = {}
            setattr(self, section, table)
        table.setdefault(row, {})[column] = number(value)


# --- the schema ----------------------------------------------------------------------------

SCHEMA_RESOURCE = "annual-report.schema.json"


@cache
def schema() -> dict[str, Any]:
    """The shared JSON schema, from the copy shipped inside this package."""
    text = resources.files(__package__).joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _validator() -> Any:

    return Draft202012Validator(schema())


def _where(error: Any) -> str:
    return ".".join(str(p) for p in error.absolute_path) or "（报告顶层）"


def _describe(error: Any) -> str:
    where = _where(error)
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"{where}：缺少必填项 {missing}"
    if kind == "type":
        expected = {"number": "数字", "null": "空（null）", "integer": "整数", "string": "文字"}
        expected |= {"object": "JSON 对象", "array": "列表"}
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else wanted
        names = "或".join(expected.get(w, w) for w in wanted)
        return f"{where}：应为{names}，实为 {json.dumps(error.instance, ensure_ascii=False)}"
    if kind == "enum":
        allowed = "、".join(json.dumps(v, ensure_ascii=False) for v in error.validator_value)
        return (
            f"{where}：只能是 {allowed} 之一，实为 {json.dumps(error.instance, ensure_ascii=False)}"
        )
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"{where}：有不认识的项 {'、'.join(extra)}"
    if kind == "oneOf":
        if not error.context:  # valid under both shapes: every row present holds only 决定数量
            return f"{where}：表格同时符合 2019 与 2021 两种格式，无法区分；请补全各行的列"

        return _describe(best_match(error.context))
    return f"{where}：{error.message}"


def schema_errors(d: Any) -> list[str]:
    """Everything in ``d`` that the shared schema rejects, one Chinese line each; empty if valid."""
    errors = sorted(_validator().iter_errors(d), key=lambda e: list(map(str, e.absolute_path)))
    return [_describe(e) for e in errors]


def template_errors(d: dict[str, Any]) -> list[str]:
    """Rows and columns that the schema allows but the report's own template does not have
    (a 2021 row in a 2019 report, a 2019 column in a 2021 proactive table). ``to_dict`` drops
    them, so a caller that must not lose data checks here first. Assumes a schema-valid ``d``."""
    messages: list[str] = []
    template = d["template"]
    for section in ("proactive", "requests", "appeals"):
        layout = section_rows(template, section)
        for row, cells in (d.get(section) or {}).items():
            if row not in layout:
                messages.append(f"{section}.{row}：{template} 格式的报告没有这一行")
                continue
            for column in cells:
                if column not in layout[row]:
                    messages.append(f"{section}.{row}.{column}：{template} 格式的这一行没有这一列")
    return messages
