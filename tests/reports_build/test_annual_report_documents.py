"""The documents reproduce the official layout: the same tables, rows, columns and merges."""

import datetime as dt

import pytest

from gongkai.documents import annual_report
from gongkai.reports.domain.build import build_report
from gongkai.requests.domain.ledger import RequestRecord


def _shape(doc):
    return [
        [tuple((tc.grid_span, tc.vMerge) for tc in row._tr.tc_lst) for row in table.rows]
        for table in doc.tables
    ]


def _report(template):
    records = [
        RequestRecord(
            row=0,
            id="1",
            received=dt.date(2025, 2, 1),
            applicant_type="research_institution",
            outcome="withheld_process_info",
            replied=dt.date(2025, 2, 20),
        )
    ]
    return build_report(
        agency="示范县人民政府", year=2025, requests=records, appeals=[], template=template
    )


def test_the_2021_docx_merges_cells_exactly_as_the_official_template(spec_dir, tmp_path):
    from docx import Document

    template = spec_dir / "reference" / "annual-report-template-2021.docx"
    if not template.exists():
        pytest.skip("the official template is not in the shared spec directory")
    out = tmp_path / "r.docx"
    out.write_bytes(annual_report.render_docx(_report("2021")))
    ours, official = Document(str(out)), Document(str(template))
    assert _shape(ours) == _shape(official)
    # The headings, in order, are the template's.
    headings = [p.text for p in official.paragraphs if p.text[:2] in annual_report.NUMERALS]
    assert [p.text for p in ours.paragraphs if p.text[:2] in annual_report.NUMERALS] == headings


def test_the_2019_layout_has_its_own_rows(tmp_path):
    from docx import Document

    out = tmp_path / "r.docx"
    out.write_bytes(annual_report.render_docx(_report("2019")))
    doc = Document(str(out))
    proactive, requests, appeals = doc.tables
    first_column = [row.cells[0].text for row in proactive.rows]
    assert "第二十条第（九）项" in first_column and "政府集中采购" in first_column
    labels = [row.cells[1].text for row in requests.rows]
    assert labels.count("（六）其他处理") == 1  # one row in 2019, three in 2021
    assert len(requests.rows) == 26 and len(appeals.rows) == 4


def test_narrative_text_replaces_the_placeholders():
    html = annual_report.render_html(
        _report("2021"), narrative={"overview": "本年度共收到申请 1 件。"}
    ).decode()
    assert "本年度共收到申请 1 件。" in html
    assert "（文字描述，收取信息处理费情况在此处报告。）" in html


def test_a_legacy_report_cannot_be_rendered_in_the_national_format():
    from gongkai.annual_report.report import Report

    with pytest.raises(ValueError, match="2019 或 2021"):
        annual_report.render_html(Report(template="legacy", year=2017, agency="x"))
