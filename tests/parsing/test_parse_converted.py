"""Reports converted as researchers convert them: PDF to Markdown (markitdown), LibreOffice's
PDF export of a DOCX, and converters that rebuild tables per row group. The converted files are
kept in ``converted/`` (made by ``parse_convert.py``) so these tests need no converter."""

import json
from pathlib import Path

import parse_convert
import parse_render as render
import pytest
from parse_checks import check

from gongkai.parsing import parse_bytes, parse_text
from gongkai.parsing.readers import office

CONVERTED = sorted(p.stem for p in (Path(__file__).parent / "converted").glob("*.md"))


def test_every_kind_of_conversion_is_kept():
    assert set(CONVERTED) == set(parse_convert.CORPUS)


@pytest.mark.parametrize("name", CONVERTED)
def test_converted_markdown_reads_to_the_cell(name):
    folder = Path(__file__).parent / "converted"
    report = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    markdown = (folder / f"{name}.md").read_text(encoding="utf-8")
    check(report, parse_text(markdown))


def test_markdown_blanks_are_layout_only_where_the_converter_guessed_columns():
    """A hand-made Markdown table keeps its blank cells in place; a converter's does not."""
    report = render.make_report("2019", 2020, seed=4)
    row = report["requests"]["partially_disclosed"]
    for col in ("commercial_enterprise", "research_institution"):
        row["total"] -= row[col]
        row[col] = None
    text = render.to_text(report, "pipes")
    result = parse_text(text.replace("\n", "\n|---|---|\n", 1))
    got = result.report["requests"]["partially_disclosed"]
    assert got["commercial_enterprise"] is None and got["total"] == row["total"]


def test_markitdown_on_a_fresh_pdf():
    pytest.importorskip("markitdown", reason="markitdown（测试依赖）未安装")
    report = render.make_report("2021", 2024, seed=97)
    markdown = parse_convert.to_markdown(render.to_pdf(report, embed_font=True))
    assert "| ---" in markdown  # the converter's own tables, not our text
    check(report, parse_text(markdown))


@pytest.mark.skipif(
    office.missing_component("doc") is not None, reason="未安装 LibreOffice Writer（soffice）"
)
@pytest.mark.parametrize(("template", "year"), [("2019", 2020), ("2021", 2022)])
def test_libreoffice_pdf_of_a_docx(template, year):
    report = render.make_report(template, year, seed=98)
    pdf = parse_convert.libreoffice_convert(render.to_docx(report), ".docx", "pdf")
    check(report, parse_bytes(pdf, "report.pdf"))
