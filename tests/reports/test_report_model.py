"""The report model: tables as data, JSON round trip, paths, and the schema."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from gongkai.annual_report import tables
from gongkai.annual_report.report import (
    Finding,
    Report,
    schema,
    schema_errors,
    template_errors,
)

SCHEMA_COPY = (
    Path(__file__).resolve().parents[2] / "src/gongkai/annual_report/annual-report.schema.json"
)


def fixture_paths(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.expected.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_schema_copy_is_the_shared_schema(spec_dir):
    shared = spec_dir / "annual-report.schema.json"
    if not shared.exists():
        pytest.skip("shared spec not beside the repository")
    assert SCHEMA_COPY.read_bytes() == shared.read_bytes()


def test_fixtures_are_present(report_fixtures_dir):
    if not report_fixtures_dir.exists():
        pytest.skip("shared fixtures not beside the repository")
    assert len(fixture_paths(report_fixtures_dir)) >= 5


def test_fixtures_round_trip_losslessly_and_validate(report_fixtures_dir):
    validator = jsonschema.Draft202012Validator(schema())
    for path in fixture_paths(report_fixtures_dir):
        original = load(path)
        report = Report.from_dict(copy.deepcopy(original))
        dumped = report.to_dict()
        assert dumped == original, path.name
        assert json.loads(report.to_json()) == original, path.name
        validator.validate(dumped)
        assert schema_errors(dumped) == []
        assert template_errors(dumped) == []


# --- tables ----------------------------------------------------------------------------------


def test_request_rows_differ_only_in_the_three_other_rows():
    only_2021 = set(tables.REQUEST_ROWS["2021"]) - set(tables.REQUEST_ROWS["2019"])
    assert only_2021 == {"other_no_correction", "other_unpaid_fee", "other_misc"}
    assert list(tables.REQUEST_ROWS["2019"])[0] == "received_this_year"
    assert list(tables.REQUEST_ROWS["2021"])[-2:] == ["results_total", "carried_to_next_year"]


def test_tables_agree_with_the_schema():
    props = schema()["properties"]
    assert set(tables.REQUEST_ROWS["2021"]) == set(props["requests"]["properties"])
    applicant = schema()["$defs"]["applicantRow"]["properties"]
    assert list(tables.APPLICANT_COLUMNS) == list(applicant)
    assert {k: v["title"] for k, v in applicant.items()} == tables.APPLICANT_COLUMNS
    appeal = schema()["$defs"]["appealGroup"]["properties"]
    assert list(tables.APPEAL_COLUMNS) == list(appeal)
    assert list(tables.APPEAL_GROUPS) == list(props["appeals"]["properties"])
    assert list(tables.LEGACY_FIELDS) == list(props["legacy"]["properties"])
    for shape, template in zip(props["proactive"]["oneOf"], ("2019", "2021"), strict=True):
        rows = tables.PROACTIVE_ROWS[template]
        assert list(rows) == list(shape["properties"])
        for row, spec in rows.items():
            assert list(spec.columns) == list(shape["properties"][row]["properties"])


def test_cell_paths_cover_each_template():
    paths_2019 = list(tables.cell_paths("2019"))
    paths_2021 = list(tables.cell_paths("2021"))
    assert len(paths_2019) == 22 + 23 * 7 + 15
    assert len(paths_2021) == 10 + 26 * 7 + 15
    assert "requests.other_misc.total" in paths_2021
    assert "requests.other_misc.total" not in paths_2019
    assert list(tables.cell_paths("legacy")) == [f"legacy.{k}" for k in tables.LEGACY_FIELDS]
    assert len(set(paths_2021)) == len(paths_2021)


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("requests.results_total.natural_person", "三、（七）总计 · 自然人 列"),
        ("requests.carried_from_last_year.total", "二、上年结转申请 · 总计 列"),
        ("appeals.reconsideration.total", "四、行政复议 · 总计"),
        ("proactive.regulations.in_force", "二、第二十条第（一）项 规章 · 现行有效件数"),
        ("legacy.fees_yuan", "收取的费用总额（元）"),
    ],
)
def test_label_of(path, label):
    assert tables.label_of(path) == label


def test_label_of_short_and_unknown():
    assert tables.label_of("requests.results_total.natural_person", short=True) == (
        "三、（七）总计·自然人"
    )
    assert "不予公开" in tables.label_of("requests.withheld_third_party.total")
    assert tables.label_of("no.such.path") == "no.such.path"


# --- the model ---------------------------------------------------------------------------------


def minimal(template: str = "2021") -> dict:
    return {"template": template, "year": 2022, "agency": "某市人民政府办公室"}


def test_numbers_are_ints_when_integral():
    d = minimal()
    d["requests"] = {"received_this_year": {"natural_person": 3.0, "total": None}}
    d["proactive"] = {"administrative_fees": {"amount_wan_yuan": 29.3709}}
    dumped = Report.from_dict(d).to_dict()
    value = dumped["requests"]["received_this_year"]["natural_person"]
    assert value == 3 and isinstance(value, int)
    assert dumped["requests"]["received_this_year"]["total"] is None
    assert dumped["proactive"]["administrative_fees"]["amount_wan_yuan"] == 29.3709


def test_absent_rows_stay_absent_and_extras_are_kept():
    d = minimal()
    d["notes"] = "kept"
    d["requests"] = {"disclosed": {"total": 1}}
    dumped = Report.from_dict(d).to_dict()
    assert dumped == d
    assert "proactive" not in dumped


def test_dump_drops_rows_the_template_does_not_have():
    d = minimal("2019")
    d["requests"] = {"other": {"total": 1}, "other_misc": {"total": 1}}
    assert template_errors(d) == ["requests.other_misc：2019 格式的报告没有这一行"]
    dumped = Report.from_dict(d).to_dict()
    assert dumped["requests"] == {"other": {"total": 1}}


def test_get_and_set_by_path():
    report = Report.from_dict(minimal())
    assert report.get("requests.results_total.total") is None
    assert report.value("requests.results_total.total") == 0
    report.set("requests.results_total.total", 4.0)
    assert report.get("requests.results_total.total") == 4
    report.set("appeals.reconsideration.upheld", 1)
    assert report.to_dict()["appeals"] == {"reconsideration": {"upheld": 1}}
    assert report.get("year") == 2022
    with pytest.raises(KeyError):
        report.set("requests.results_total.grand_total", 1)
    with pytest.raises(KeyError):
        report.set("proactive.centralized_procurement.projects", 1)  # a 2019-only row
    with pytest.raises(TypeError):
        report.set("requests.disclosed.total", "3")


def test_legacy_fields():
    d = minimal("legacy")
    d["legacy"] = {"requests_received": 166, "fees_yuan": 0}
    report = Report.from_dict(d)
    report.set("legacy.litigation_total", 11)
    assert report.get("legacy.litigation_total") == 11
    assert report.to_dict()["legacy"] == {
        "requests_received": 166,
        "litigation_total": 11,
        "fees_yuan": 0,
    }


def test_findings_round_trip():
    d = minimal()
    d["findings"] = [
        {
            "rule": "requests.balance",
            "severity": "error",
            "message": "…",
            "cells": ["requests.results_total.total"],
        }
    ]
    report = Report.from_dict(d)
    assert report.findings == [
        Finding("requests.balance", "error", "…", ["requests.results_total.total"])
    ]
    assert report.to_dict() == d
    with pytest.raises(ValueError):
        Finding("x", "fatal", "…")


def test_schema_errors_speak_chinese():
    assert schema_errors(minimal()) == []
    bad = minimal()
    del bad["agency"]
    bad["template"] = "2020"
    bad["requests"] = {"disclosed": {"total": "三"}}
    errors = schema_errors(bad)
    assert len(errors) == 3
    assert any("缺少必填项 agency" in e for e in errors)
    assert any(e.startswith("template：只能是") for e in errors)
    assert any(e.startswith("requests.disclosed.total：应为数字或空") for e in errors)
    assert schema_errors([1]) == ["（报告顶层）：应为JSON 对象，实为 [1]"]
