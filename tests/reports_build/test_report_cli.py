import contextlib
import io
import json

import pytest
from hand_counted_ledgers import EXPECTED_APPEALS_2025, EXPECTED_REQUESTS_2025

from gongkai.annual_report.report import schema_errors
from gongkai.cli import main

ROW_ONE = [3, 1, 1, 1, 1, 0, 7]  # 一、本年新收 by applicant column, counted by hand
APPEAL_ROW = [
    EXPECTED_APPEALS_2025[g][c]
    for g in EXPECTED_APPEALS_2025
    for c in ("upheld", "corrected", "other", "pending", "total")
]


def build(*extra):
    return main(["report", "build", "--agency", "county", "--year", "2025", *extra])


def test_json_goes_to_standard_output_and_fits_the_shared_schema(imported, capsysbinary):
    assert build() == 0
    out = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert schema_errors(out) == []
    assert out["template"] == "2021" and out["year"] == 2025
    assert list(out["requests"]["received_this_year"].values()) == ROW_ONE
    for row, cells in EXPECTED_REQUESTS_2025.items():
        assert out["requests"][row] == cells
    assert out["appeals"] == EXPECTED_APPEALS_2025


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["--agency", "nowhere", "--year", "2025"], 1, "找不到简码为 nowhere"),
        (["--agency", "county", "--year", "2025", "--format", "docx"], 2, "-o"),
        (["--agency", "county", "--year", "2018"], 2, "旧条例"),
        (["--agency", "county", "--year", "2999"], 2, "还没有到"),
        (["--agency", "county", "--year", "2025", "--template", "2030"], 2, "用法错误"),
    ],
)
def test_mistakes_end_in_one_chinese_line_and_their_exit_code(county, capsys, args, code, message):
    argparse_refuses = "--template" in args  # argparse exits by itself on a bad choice
    with pytest.raises(SystemExit) if argparse_refuses else contextlib.nullcontext() as exited:
        assert main(["report", "build", *args]) == code
    if argparse_refuses:
        assert exited.value.code == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_docx_has_the_figures_in_the_official_cells(imported, tmp_path):
    from docx import Document

    out = tmp_path / "report.docx"
    assert build("--format", "docx", "-o", str(out)) == 0
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "示范县人民政府2025年政府信息公开工作年度报告"
    requests_table, appeals_table = doc.tables[1], doc.tables[2]
    row = requests_table.rows[3].cells
    assert row[0].text == "一、本年新收政府信息公开申请数量"
    assert [int(c.text) for c in row[3:]] == ROW_ONE
    assert [int(c.text) for c in appeals_table.rows[3].cells] == APPEAL_ROW


def test_pdf_shows_the_figures_on_the_rows(imported, tmp_path):
    import pdfplumber

    out = tmp_path / "report.pdf"
    assert build("--format", "pdf", "-o", str(out)) == 0
    assert out.read_bytes().startswith(b"%PDF")
    with pdfplumber.open(str(out)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
        assert "示范县人民政府2025年政府信息公开工作年度报告" in text.replace(" ", "")
        for page in pdf.pages:
            words = page.extract_words()
            label = next((w for w in words if w["text"].startswith("一、本年新收")), None)
            if label:
                line = [w for w in words if abs(w["top"] - label["top"]) < 3 and w is not label]
                numbers = [int(w["text"]) for w in sorted(line, key=lambda w: w["x0"])]
                assert numbers == ROW_ONE
                break
        else:
            pytest.fail("the PDF has no row 一、本年新收")


def test_html_is_standalone_and_has_the_figures(imported, capsysbinary):
    from bs4 import BeautifulSoup

    assert build("--format", "html") == 0
    page = capsysbinary.readouterr().out.decode("utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find("style") is not None
    assert not soup.find_all(["link", "script", "img"])
    assert "http" not in page
    rows = soup.find(id="requests").find_all("tr")
    assert [int(td.text) for td in rows[3].find_all("td")] == ROW_ONE
    assert [int(td.text) for td in soup.find(id="appeals").find_all("tr")[3].find_all("td")] == (
        APPEAL_ROW
    )


def test_xlsx_keeps_the_layout_and_the_numbers(imported, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "report.xlsx"
    assert build("--format", "xlsx", "-o", str(out)) == 0
    book = load_workbook(io.BytesIO(out.read_bytes()))
    sheet = book["三、依申请公开"]
    values = [sheet.cell(row=6, column=c).value for c in range(4, 11)]
    assert sheet.cell(row=6, column=1).value == "一、本年新收政府信息公开申请数量"
    assert values == ROW_ONE
    assert "A3:C5" in {str(r) for r in sheet.merged_cells.ranges}
    appeals = book["四、复议诉讼"]
    assert [appeals.cell(row=6, column=c).value for c in range(1, 16)] == APPEAL_ROW
    assert book["校验结果"].max_row >= 1
