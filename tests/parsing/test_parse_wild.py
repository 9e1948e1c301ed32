"""Shapes reports take on real government sites, each generated here from a known model."""

import io

import parse_render as render
import pytest
from parse_checks import check

from gongkai.annual_report import tables
from gongkai.parsing import parse_bytes, parse_text

PROSE = "本机关坚持以公开为常态、不公开为例外，持续深化政务公开标准化规范化建设，" * 12


def _rows_html(grid) -> str:
    return _table_rows(render._html_table(grid))


def _table_rows(table_html: str) -> str:
    return table_html.split("<tbody>", 1)[1].rsplit("</tbody>", 1)[0]


def _one_big_table(report: dict, *, title_in_body: bool) -> bytes:
    """The whole report as rows of one table: prose rows spanning it, the statistics beside."""
    rows = []
    for kind, item in render.sections(report):
        if kind == "text":
            if item == report["title"] and not title_in_body:
                continue
            rows.append(f'<tr><td colspan="15"><p>{item}</p></td></tr>')
            if item == "一、总体情况":
                rows.append(f'<tr><td colspan="15"><p>{PROSE}</p></td></tr>')
        else:
            rows.append(_rows_html(item))
    page = f"""<html><head><meta charset="utf-8">
<title>{report["title"]}_测试市人民政府门户网站</title></head><body>
<table width="100%"><tr><td class="nav"><a href="/">首页</a> <a>政务公开</a></td>
<td><table class="content">{"".join(rows)}</table></td></tr></table>
<div>发布日期：{report["year"] + 1}-01-20</div></body></html>"""
    return page.encode("utf-8")


@pytest.mark.parametrize(("template", "year"), [("2019", 2020), ("2021", 2022)])
def test_html_report_as_one_big_table_titled_only_in_head(template, year):
    report = render.make_report(template, year, seed=51)
    result = parse_bytes(_one_big_table(report, title_in_body=False), "page.html")
    check(report, result)
    assert result.report["title"] == report["title"]


def test_html_title_in_chrome_heading():
    report = render.make_report("2021", 2022, seed=52)
    data = (
        render.to_html(report)
        .replace(f"<p>{report['title']}</p>".encode(), b"")
        .replace(b'<div class="nav">', f'<h1>{report["title"]}</h1><div class="nav">'.encode())
    )
    result = parse_bytes(data, "page.html")
    check(report, result)
    assert result.report["title"] == report["title"]


def test_html_tables_as_images_are_said_to_be_images():
    report = render.make_report("2021", 2022, seed=53)
    body = []
    for kind, item in render.sections(report):
        body.append(f"<p>{item}</p>" if kind == "text" else '<p><img src="/u/table.png"></p>')
    page = f"<html><head><meta charset='utf-8'></head><body>{''.join(body)}</body></html>"
    result = parse_bytes(page.encode(), "page.html")
    assert result.report["year"] == 2022
    missing = [f for f in result.report["findings"] if f["rule"] == "parse.tables_missing"]
    assert len(missing) == 1 and missing[0]["severity"] == "error"
    assert "图片" in missing[0]["message"]


def test_text_without_tables_is_said_to_lack_them():
    report = render.make_report("2021", 2022, seed=54)
    text = "\n".join(item for kind, item in render.sections(report) if kind == "text")
    result = parse_text(text)
    missing = [f for f in result.report["findings"] if f["rule"] == "parse.tables_missing"]
    assert len(missing) == 1 and "图片" not in missing[0]["message"]


@pytest.mark.parametrize("header", ["本年新制发件数", "本年制作数量"])
def test_2021_column_header_variants(header):
    report = render.make_report("2021", 2022, seed=55)
    text = render.to_text(report, "pipes").replace("本年制发件数", header)
    result = parse_text(text)
    assert result.report["template"] == "2021"
    check(report, result)


def test_cells_written_with_units_dashes_and_full_width_digits():
    report = render.make_report("2019", 2020, seed=56)
    row = report["requests"]["disclosed"]
    row["natural_person"] = 12
    row["total"] = sum(row[c] for c in tables.APPLICANT_PARTS)
    for key in ("results_total", "received_this_year"):
        report["requests"][key]["natural_person"] = sum(
            report["requests"][k]["natural_person"]
            for k in tables.OUTCOME_ROWS["2019"]
            if key == "results_total"
        ) or (
            report["requests"]["results_total"]["natural_person"]
            + report["requests"]["carried_to_next_year"]["natural_person"]
            - report["requests"]["carried_from_last_year"]["natural_person"]
        )
        report["requests"][key]["total"] = sum(
            report["requests"][key][c] for c in tables.APPLICANT_PARTS
        )
    blanks = iter(["—", "/", "无", "0件"])
    lines = []
    for line in render.to_text(report, "pipes").split("\n"):
        cells = line.split(" | ")
        labels = [i for i, c in enumerate(cells) if not c.strip(" |").isdigit()]
        last = labels[-1] if labels else -1
        if any(c.startswith("（一）予以公开") for c in cells):
            cells[last + 1] = "１２"
        if any(
            c.startswith(("5.属于三类", "6.属于四类", "7.属于行政", "8.属于行政")) for c in cells
        ):
            for i in range(last + 1, len(cells) - 1):
                if cells[i] == "0":
                    cells[i] = next(blanks, "0件")
        lines.append(" | ".join(cells))
    text = "\n".join(lines)
    assert "１２" in text and "—" in text
    check(report, parse_text(text))


@pytest.mark.parametrize(
    ("printed", "wan"), [("12.5万元", 12.5), ("125000元", 12.5), ("1.2亿元", 12000)]
)
def test_fee_amounts_in_any_unit(printed, wan):
    report = render.make_report("2021", 2022, seed=57)
    amount = report["proactive"]["administrative_fees"]["amount_wan_yuan"]
    text = render.to_text(report, "pipes")
    text = text.replace(f"行政事业性收费 | {render.fmt(amount)} |", f"行政事业性收费 | {printed} |")
    assert printed in text
    got = parse_text(text).report["proactive"]["administrative_fees"]["amount_wan_yuan"]
    assert abs(got - wan) < 1e-9


def _appeal_values(report: dict, group: str) -> list[str]:
    return [render.fmt(report["appeals"][group][c]) for c in tables.APPEAL_COLUMNS]


def _with_appeals(report: dict, appeals_lines: list[str]) -> str:
    text = render.to_text(report, "pipes")
    head, rest = text.split("四、政府信息公开行政复议、行政诉讼情况", 1)
    tail = rest[rest.index("五、存在的主要问题") :]
    return "\n".join([head + "四、政府信息公开行政复议、行政诉讼情况", *appeals_lines, tail])


def test_appeals_as_a_header_row_and_a_value_row():
    report = render.make_report("2021", 2022, seed=58)
    heads = [
        f"{g}{c}"
        for g in ("行政复议", "未经复议直接起诉", "复议后起诉")
        for c in tables.APPEAL_COLUMNS.values()
    ]
    values = [v for g in tables.APPEAL_GROUPS for v in _appeal_values(report, g)]
    check(report, parse_text(_with_appeals(report, [" | ".join(heads), " | ".join(values)])))


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 0, 1)])
def test_appeals_transposed_one_row_per_group(order):
    report = render.make_report("2021", 2022, seed=59)
    names = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]
    groups = list(tables.APPEAL_GROUPS)
    lines = ["类别 | " + " | ".join(tables.APPEAL_COLUMNS.values())]
    for i in order:
        lines.append(" | ".join([names[i], *_appeal_values(report, groups[i])]))
    check(report, parse_text(_with_appeals(report, lines)))


LEGACY = """2017年测试县人民政府信息公开工作年度报告
本报告由测试县人民政府办公室编制。本年报中所列数据的统计期限自2017年1月1日起至2017年12月31日止。
一、概述
2017年，我县认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息1200条。
二、依申请公开情况
全年共收到政府信息公开申请20件。因政府信息公开申请提起行政复议1件、行政诉讼0件。
{table}"""

LEGACY_TABLE = """附件：政府信息公开情况统计表
统计指标 | 单位 | 统计数
一、主动公开情况 | — | —
（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条） | 条 | 1234
其中：主动公开规范性文件数 | 条 | 56
二、依申请公开情况 | — | —
（一）收到申请数 | 件 | 21
1.当面申请数 | 件 | 3
三、政府信息公开收费及减免情况 | — | —
（一）收取费用 | 万元 | 0.05
四、因政府信息公开申请提起的复议、诉讼情况 | — | —
（一）行政复议数量 | 件 | 2
（二）行政诉讼数量 | 件 | 1"""


def test_legacy_report_reads_its_appended_table_when_there_is_one():
    with_table = parse_text(LEGACY.format(table=LEGACY_TABLE)).report
    assert with_table["template"] == "legacy"
    assert with_table["legacy"] == {
        "proactive_total": 1234,
        "requests_received": 21,
        "reconsideration_total": 2,
        "litigation_total": 1,
        "fees_yuan": 500,
    }
    prose_only = parse_text(LEGACY.format(table="")).report["legacy"]
    assert prose_only["proactive_total"] == 1200 and prose_only["requests_received"] == 20
    assert prose_only["reconsideration_total"] == 1


def test_docx_tables_nested_in_a_layout_table():
    import docx

    report = render.make_report("2021", 2022, seed=60)
    inner = docx.Document(io.BytesIO(render.to_docx(report)))
    outer = docx.Document()
    layout = outer.add_table(rows=1, cols=1)
    cell = layout.cell(0, 0)
    body = inner.element.body
    for child in list(body.iterchildren()):
        if child.tag.endswith("}sectPr"):
            continue
        cell._tc.append(child)  # moves the paragraphs and tables into the layout cell
    cell._tc.remove(
        cell._tc.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")
    )
    buffer = io.BytesIO()
    outer.save(buffer)
    result = parse_bytes(buffer.getvalue(), "nested.docx")
    check(report, result)
    assert result.report["title"] == report["title"]


def test_gbk_text_with_crlf_and_form_feeds():
    report = render.make_report("2019", 2020, seed=61)
    text = render.to_text(report, "pipes").replace("\n", "\r\n")
    text = text.replace("三、收到和处理", "\f三、收到和处理").replace(
        "\r\n四、政府", "\f\r\n四、政府"
    )
    check(report, parse_bytes(text.encode("gbk"), "report.txt"))


def test_statistics_year_wins_over_publication_year():
    report = render.make_report("2021", 2023, seed=62)
    report["title"] = f"测试市测试区人民政府办公室{report['year']}年度政府信息公开工作年度报告"
    text = render.to_text(report, "pipes")
    text = f"发布日期：2024-01-15\n索引号：000-2024-0001\n{text}"
    result = parse_text(text)
    assert result.report["year"] == 2023
    # A title that names the year of publication loses to the period the statistics cover.
    misdated = text.replace(f"{report['year']}年度政府信息公开", "2024年政府信息公开")
    assert parse_text(misdated).report["year"] == 2023


def test_breadcrumb_is_not_the_title():
    report = render.make_report("2021", 2022, seed=63)
    text = "当前位置：首页 > 政务公开 > 2023年政府信息公开年报\n" + render.to_text(report, "pipes")
    result = parse_text(text)
    assert result.report["title"] == report["title"]
    assert result.report["year"] == 2022
