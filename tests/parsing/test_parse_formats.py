"""Reports rendered from a model into every published format read back to the same cells."""

import io

import parse_render as render
import pytest
from parse_checks import check
from parse_scoring import SPEC_DIR

from gongkai.parsing import parse_bytes, parse_text

TEMPLATES = [("2019", 2020), ("2021", 2022)]


@pytest.mark.parametrize(("template", "year"), TEMPLATES)
@pytest.mark.parametrize("layout", ["lines", "pipes", "tabs"])
def test_text_layouts(template, year, layout):
    report = render.make_report(template, year, seed=7)
    result = parse_text(render.to_text(report, layout))
    check(report, result)
    assert result.report["title"] == report["title"]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig", "utf-16-le"])
def test_text_encodings(encoding):
    report = render.make_report("2021", 2022, seed=11)
    result = parse_bytes(render.to_text(report, "pipes").encode(encoding), "report.txt")
    check(report, result)


@pytest.mark.parametrize(("template", "year"), TEMPLATES)
@pytest.mark.parametrize(("charset", "declared"), [("utf-8", True), ("gbk", True), ("gbk", False)])
def test_html_pages(template, year, charset, declared):
    report = render.make_report(template, year, seed=5)
    requests = report["requests"]
    gone = requests["disclosed"]["research_institution"]
    for key in ("disclosed", "results_total", "received_this_year"):
        # Keep every sum true, so that a misplaced cell cannot hide behind a rule error.
        requests[key]["total"] -= gone
        requests[key]["research_institution"] -= gone
    requests["disclosed"]["research_institution"] = None  # printed as an &nbsp; cell
    data = render.to_html(report, charset, declare=declared)
    assert b"rowspan" in data and b"colspan" in data and b"&nbsp;" in data
    result = parse_bytes(data, "page.html")
    assert result.source_format == "html"
    check(report, result)


def test_html_blank_cells_are_blank_not_shifted():
    report = render.make_report("2019", 2020, seed=2)
    row = report["requests"]["partially_disclosed"]
    for col in ("commercial_enterprise", "research_institution"):
        row["total"] -= row[col]
        row[col] = None
    result = parse_bytes(render.to_html(report), "page.htm")
    got = result.report["requests"]["partially_disclosed"]
    assert got["commercial_enterprise"] is None and got["research_institution"] is None
    assert got["social_welfare_org"] == row["social_welfare_org"]
    assert got["total"] == row["total"]


@pytest.mark.parametrize(("template", "year"), TEMPLATES)
def test_docx_with_merged_cells(template, year):
    report = render.make_report(template, year, seed=9)
    result = parse_bytes(render.to_docx(report), "report.docx")
    assert result.source_format == "docx"
    check(report, result)


@pytest.mark.parametrize(("template", "year"), TEMPLATES)
def test_pdf_with_ruled_tables_broken_across_pages(template, year):
    report = render.make_report(template, year, seed=13)
    data = render.to_pdf(report, page_break_rows=12)
    result = parse_bytes(data, "report.pdf")
    assert result.source_format == "pdf"
    check(report, result)


def test_text_with_lost_cells_is_inferred_and_said_so():
    report = render.make_report("2021", 2022, seed=21)
    text = render.to_text(report, "tabs")
    lines = text.split("\n")
    lost = []
    for i, line in enumerate(lines):
        if line.startswith(("一、本年新收", "（七）总计")):
            cells = line.split("\t")
            lost.append(cells[1])
            del cells[1]  # the natural-person cell, beside the label, lost in extraction
            lines[i] = "\t".join(cells)
    assert len(lost) == 2
    result = parse_text("\n".join(lines))
    check(report, result)
    inferred = {
        c for f in result.report["findings"] if f["rule"] == "parse.inferred" for c in f["cells"]
    }
    assert inferred == {
        "requests.received_this_year.natural_person",
        "requests.results_total.natural_person",
    }


def test_text_with_dropped_blank_cells_keeps_values_in_place():
    report = render.make_report("2019", 2020, seed=4)
    for row in report["requests"].values():
        for col in (
            "commercial_enterprise",
            "research_institution",
            "social_welfare_org",
            "legal_service_org",
            "other_org",
        ):
            row[col] = None
        row["total"] = row["natural_person"]
    text = render.to_text(report, "lines")  # blank cells vanish in this layout
    result = parse_text(text)
    check(report, result)


def test_money_units_are_normalised_to_wan_yuan():
    report = render.make_report("2019", 2020, seed=8)
    text = render.to_text(report, "pipes")
    amount = report["proactive"]["centralized_procurement"]["amount_wan_yuan"]
    yuan = round(amount * 10000)
    text = text.replace(f"{render.fmt(amount)}万元", f"{yuan}元")
    result = parse_text(text)
    got = result.report["proactive"]["centralized_procurement"]["amount_wan_yuan"]
    assert abs(got - yuan / 10000) < 1e-6
    text2 = render.to_text(report, "pipes").replace(f"{render.fmt(amount)}万元", "1.2亿元")
    got2 = parse_text(text2).report["proactive"]["centralized_procurement"]["amount_wan_yuan"]
    assert got2 == 12000


def test_signed_changes_and_dash_blanks():
    report = render.make_report("2019", 2020, seed=6)
    report["proactive"]["administrative_penalty"]["change"] = -3
    report["proactive"]["administrative_coercion"]["change"] = 12
    text = render.to_text(report, "pipes")
    assert "+12" in text
    result = parse_text(text.replace("| 0 |", "| — |"))
    got = result.report["proactive"]
    assert got["administrative_penalty"]["change"] == -3
    assert got["administrative_coercion"]["change"] == 12


def test_official_template_filled_in():
    import docx

    from gongkai.annual_report import tables

    report = render.make_report("2021", 2023, seed=17)
    document = docx.Document(str(SPEC_DIR / "reference" / "annual-report-template-2021.docx"))
    title = document.paragraphs[0]
    title.text = f"某某县人民政府办公室{report['year']}年政府信息公开工作年度报告"
    report["agency"] = "某某县人民政府办公室"
    proactive, requests, appeals = document.tables[:3]
    by_label = {}
    for row in proactive.rows:
        by_label.setdefault(row.cells[0].text.strip(), row)
    for key, spec in tables.PROACTIVE_ROWS["2021"].items():
        row = by_label[spec.label.split(" ")[-1]]
        for i, col in enumerate(spec.columns, start=1):
            row.cells[i].text = render.fmt(report["proactive"][key][col])
    keys = [k for k in tables.REQUEST_ROWS["2021"] if k != "other"]
    for key, row in zip(keys, requests.rows[3:], strict=True):
        for i, col in enumerate(tables.APPLICANT_COLUMNS):
            row.cells[3 + i].text = render.fmt(report["requests"][key][col])
    values = [report["appeals"][g][c] for g in tables.APPEAL_GROUPS for c in tables.APPEAL_COLUMNS]
    for cell, value in zip(appeals.rows[3].cells, values, strict=True):
        cell.text = render.fmt(value)
    buffer = io.BytesIO()
    document.save(buffer)
    result = parse_bytes(buffer.getvalue(), "filled.docx")
    assert result.report["template"] == "2021"
    assert result.report["year"] == 2023
    check(report, result)
