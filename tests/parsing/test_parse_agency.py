"""The reporting body is the one the title names, as sites and converters print titles."""

import parse_render as render
import pytest
from parse_checks import check

from gongkai.parsing import parse_bytes, parse_text

COMPILED_BY = "本报告由淮安市洪泽区人民政府办公室根据《条例》要求编制，联系单位：洪泽区政府信息公开工作办公室。"

# (lines printed before the report's introduction, the agency the title names)
CASES = [
    (["洪泽区人民政府2023年政府信息公开工作年度报告", COMPILED_BY], "洪泽区人民政府"),
    (["标题:平潭县人民政府2022年政府信息公开工作年度报告"], "平潭县人民政府"),
    (
        ["标  题：平潭县人民政府2022年政府信息公开工作年度报告", "来源：平潭县人民政府办公室"],
        "平潭县人民政府",
    ),
    (["#沭阳县人民政府2021年政府信息公开工作年度报告"], "沭阳县人民政府"),
    (["## **沭阳县人民政府2021年政府信息公开工作年度报告**"], "沭阳县人民政府"),
    (
        ["苏州工业园区管委会2022年度政府信息公开工作年度报告", "由园区管委会党政办公室负责编制"],
        "苏州工业园区管委会",
    ),
    (
        [
            "上海市人民政府办公厅",
            "2022年政府信息公开工作年度报告",
            "本报告由市政府办公厅及市委网信办会同编制。",
        ],
        "上海市人民政府办公厅",
    ),
    (
        [
            "上海市人民政府办公厅2022年政府信息公开工作",
            "年度报告",
            "及市委有关部门的工作情况一并报告如下。",
        ],
        "上海市人民政府办公厅",
    ),
    (
        ["某某市人民政府办公室（市政府信息公开工作办公室）2022年政府信息公开工作年度报告"],
        "某某市人民政府办公室",
    ),
    (
        ["2023年度宁波市生态环境局政府信息公开工作年度报告", "发布机构：宁波市人民政府办公厅"],
        "宁波市生态环境局",
    ),
    (["【平潭县人民政府】2022年政府信息公开工作年度报告"], "平潭县人民政府"),
    (["泰顺县人民政府二〇二二年政府信息公开工作年度报告"], "泰顺县人民政府"),
    (
        [
            "索引号：11330329-2023-0012",
            "发布机构：泰顺县政府信息公开工作办公室",
            "文章标题：泰顺县交通运输局2022年政府信息公开工作年度报告（全文）",
        ],
        "泰顺县交通运输局",
    ),
]


def _report_with_head(
    head: list[str], template: str = "2021", year: int = 2022
) -> tuple[dict, str]:
    report = render.make_report(template, year, seed=71)
    text = render.to_text(report, "pipes")
    body = text.split("\n", 1)[1]  # the rendered title replaced by the lines under test
    return report, "\n".join(["首页 > 政务公开 > 年度报告", *head, body])


@pytest.mark.parametrize(("head", "agency"), CASES)
def test_agency_is_the_titles_body(head, agency):
    report, text = _report_with_head(head)
    result = parse_text(text)
    assert result.report["agency"] == agency
    assert "标题" not in result.report.get("title", "") and "#" not in result.report.get(
        "title", ""
    )
    check({**report, "agency": agency}, result)


def test_html_h1_title_with_chrome_and_metadata():
    report = render.make_report("2019", 2020, seed=72)
    page = render.to_html(report).replace(
        f"<p>{report['title']}</p>".encode(),
        "<table><tr><td>发布机构：</td><td>某县政府信息公开工作办公室</td></tr></table>"
        "<h1>标题：某县住房和城乡建设局2020年政府信息公开<br>工作年度报告</h1>".encode(),
    )
    result = parse_bytes(page, "page.html")
    assert result.report["agency"] == "某县住房和城乡建设局"
    check({**report, "agency": "某县住房和城乡建设局"}, result)


@pytest.mark.parametrize(("points", "first_line_end"), [(22, "信息公开工"), (18, "年度报告")])
def test_pdf_title_in_large_type(points, first_line_end):
    """At 22 pt the title wraps onto two centred lines; at 18 pt it fills the line exactly and
    must not run on into the introduction below it."""
    from gongkai.parsing.readers.pdf import read_pdf

    report = render.make_report("2021", 2022, seed=73)
    report["title"] = "某某市某某区人民政府办公室2022年政府信息公开工作年度报告"
    data = render.to_pdf(report, title_pt=points)
    assert read_pdf(data).rows[0].text().endswith(first_line_end)
    result = parse_bytes(data, "r.pdf")
    assert result.report["agency"] == "某某市某某区人民政府办公室"
    assert result.report["title"] == report["title"]
    check({**report, "agency": "某某市某某区人民政府办公室"}, result)
