import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.annual_report.report import Report
from gongkai.reports.domain.compare import compare, compare_paragraphs
from gongkai.reports.domain.figures import key_figures, outliers, year_over_year


@pytest.fixture
def yunfu(report_fixtures_dir):
    return Report.from_dict(
        json.loads((report_fixtures_dir / "yunfu-office-2022.expected.json").read_text())
    )


def test_a_report_compared_with_itself_has_no_changes(yunfu):
    result = compare(yunfu, yunfu, a_text="一段。\n二段。", b_text="一段。\n二段。")
    assert result.cells and result.changed_cells == []
    assert {p.kind for p in result.paragraphs} == {"same"}


def test_changed_cells_carry_their_change_and_label(yunfu):
    other = Report.from_dict(yunfu.to_dict())
    other.set("requests.received_this_year.total", 25)
    changes = compare(yunfu, other).changed_cells
    assert [c.path for c in changes] == ["requests.received_this_year.total"]
    change = changes[0]
    assert (change.a, change.b, change.change) == (19, 25, 6)
    assert "本年新收" in change.label and round(change.relative, 4) == round(6 / 19, 4)


def test_templates_are_compared_on_the_cells_they_share(report_fixtures_dir, yunfu):
    heshan = Report.from_dict(
        json.loads((report_fixtures_dir / "heshan-office-2019.expected.json").read_text())
    )
    paths = {c.path for c in compare(heshan, yunfu).cells}
    assert "requests.results_total.total" in paths
    # 规章 are counted differently by the two formats; licensing decisions alike.
    assert "proactive.regulations.issued" not in paths
    assert "proactive.administrative_license.decisions" in paths


def test_paragraphs_added_removed_and_edited():
    a = "一、总体情况\n全年主动公开信息 500 条。\n我们开展了培训。"
    b = "一、总体情况\n全年主动公开信息 650 条。\n新建了政策解读专栏。\n我们开展了培训。"
    kinds = [(p.kind, p.a[:6], p.b[:6]) for p in compare_paragraphs(a, b)]
    assert kinds[0][0] == "same"
    assert ("changed", "全年主动公开", "全年主动公开") in kinds
    assert any(k == "added" and b_.startswith("新建") for k, _, b_ in kinds)
    assert [k for k, *_ in kinds].count("removed") == 0


@given(
    st.lists(st.text(min_size=1, max_size=30).filter(str.strip), max_size=8),
    st.lists(st.text(min_size=1, max_size=30).filter(str.strip), max_size=8),
)
def test_every_paragraph_is_accounted_for(a, b):
    a_text, b_text = "\n".join(a), "\n".join(b)
    result = compare_paragraphs(a_text, b_text)
    from gongkai.reports.domain.compare import paragraphs

    assert [p.a for p in result if p.a] == paragraphs(a_text)
    assert [p.b for p in result if p.b] == paragraphs(b_text)


def test_key_figures_of_a_2021_report(yunfu):
    figures = key_figures(yunfu)
    assert figures["received"] == 19 and figures["answered"] == 19
    assert figures["disclosure_rate"] == pytest.approx(4 / 19)


def test_outliers_by_median_absolute_deviation():
    values = {f"u{i}": v for i, v in enumerate([10, 12, 11, 9, 13, 10, 11, 300])}
    assert outliers(values) == {"u7"}
    assert outliers({"a": 1, "b": 100}) == set()  # too few peers to say
    assert outliers({f"u{i}": 0 for i in range(6)} | {"x": 40}) == {"x"}
    assert year_over_year(15, 10) == 0.5 and year_over_year(5, 0) is None
