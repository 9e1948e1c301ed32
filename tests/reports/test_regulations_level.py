"""规章 only from State Council departments and the governments of provinces and 设区的市."""

import pytest

from gongkai.annual_report.regulation_makers import level_from_name, may_make_regulations
from gongkai.annual_report.report import Report
from gongkai.annual_report.validation import validate
from gongkai.reports.domain.build import build_report


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("示范县人民政府", "county"),
        ("来凤县农业农村局", "county"),
        ("恩施土家族苗族自治州来凤县人民政府办公室", "county"),
        ("北京市朝阳区人民政府", "county"),
        ("城关镇人民政府", "county"),
        ("东城街道办事处", "county"),
        ("广西壮族自治区人民政府", None),
        ("镇江市人民政府", None),
        ("鹤山市人民政府办公室", None),  # a 县级市, but its name cannot show it
        ("国家乡村振兴局", None),
        ("县级融媒体中心", None),
    ],
)
def test_the_name_tells_a_county_body_only_when_it_leaves_no_doubt(name, level):
    assert level_from_name(name) == level


def test_who_may_make_them():
    assert may_make_regulations("city", "government") is True
    assert may_make_regulations("province", "department") is False
    assert may_make_regulations("county", "government") is False
    assert may_make_regulations(None, None) is None


def _report(agency: str, in_force: int) -> Report:
    report = build_report(agency=agency, year=2025, requests=[], appeals=[])
    report.set("proactive.regulations.in_force", in_force)
    report.set("proactive.regulations.issued", 0)
    return report


def test_a_county_reporting_regulations_gets_a_warning_on_the_cell():
    (finding,) = [
        f for f in validate(_report("示范县人民政府", 3)) if f.rule == "proactive.regulations_level"
    ]
    assert finding.severity == "warning"
    assert finding.cells == ["proactive.regulations.in_force"]
    assert "规范性文件" in finding.message


def test_a_city_government_or_zeros_get_none():
    assert not [f for f in validate(_report("示范市人民政府", 3)) if f.rule.endswith("level")]
    assert not [f for f in validate(_report("示范县人民政府", 0)) if f.rule.endswith("level")]
    # The agency's recorded level wins over its name.
    report = _report("示范市人民政府", 3)
    assert [f for f in validate(report, level="county") if f.rule.endswith("level")]
