"""PDFs as agencies print them: long reports, ruled and unruled tables, tables across pages."""

import io

import parse_render as render
import pytest
from parse_checks import check

from gongkai.parsing import parse_bytes
from gongkai.parsing.readers import pdf as pdf_reader
from gongkai.parsing.readers import pdf_rules

TEMPLATES = [("2019", 2020), ("2021", 2022)]


@pytest.mark.parametrize(("template", "year"), TEMPLATES)
@pytest.mark.parametrize("repeat_header", [False, True])
def test_unruled_tables_broken_across_pages(template, year, repeat_header):
    report = render.make_report(template, year, seed=31)
    data = render.to_pdf(report, ruled=False, repeat_header=repeat_header, page_numbers=True)
    check(report, parse_bytes(data, "report.pdf"))


def test_unruled_blank_cells_keep_their_column():
    report = render.make_report("2021", 2022, seed=33)
    requests = report["requests"]
    for key in ("disclosed", "withheld_third_party"):
        for col in ("commercial_enterprise", "social_welfare_org"):
            gone = requests[key][col]
            for row in (key, "results_total", "received_this_year"):
                requests[row][col] -= gone
                requests[row]["total"] -= gone
            requests[key][col] = None  # printed as nothing at all: only positions tell
    data = render.to_pdf(report, ruled=False)
    check(report, parse_bytes(data, "report.pdf"))
    rows = [r.cells for r in pdf_reader.read_pdf(data).rows if r.in_table]
    printed = [render.fmt(v) for v in requests["disclosed"].values()]
    # Placed by position, not guessed from the sums: the blanks hold their columns.
    assert [c[-7:] for c in rows if any("予以公开" in (x or "") for x in c)] == [printed]


@pytest.mark.parametrize("ruled", [True, False])
def test_ten_page_report_with_narrative_and_page_numbers(ruled):
    report = render.make_report("2021", 2023, seed=35)
    data = render.to_pdf(report, ruled=ruled, narrative_pages=7, page_numbers=True, seed=2)
    result = parse_bytes(data, "long.pdf")
    check(report, result)
    assert result.report["title"] == report["title"]


def test_ruled_tables_read_from_paths_equal_pdfplumbers_reading():
    import pdfplumber
    import pypdfium2

    data = render.to_pdf(render.make_report("2019", 2020, seed=37), narrative_pages=2)
    document = pypdfium2.PdfDocument(data)
    plumber = pdfplumber.open(io.BytesIO(data))
    compared = 0
    try:
        for i in range(len(document)):
            ours = [rows for _, rows in pdf_reader._read_page(document, i).tables]
            theirs = [
                [[None if c is None else c.replace("\n", "") for c in row] for row in t.extract()]
                for t in plumber.pages[i].find_tables()
            ]
            assert ours == theirs
            compared += len(theirs)
    finally:
        document.close()
        plumber.close()
    assert compared >= 3


def test_pages_pdfium_cannot_describe_go_to_pdfplumber(monkeypatch):
    calls = []

    def curved(*args):
        calls.append(args)
        raise pdf_rules.CurvedRules

    monkeypatch.setattr(pdf_rules, "edges", curved)
    report = render.make_report("2021", 2022, seed=39)
    check(report, parse_bytes(render.to_pdf(report), "report.pdf"))
    assert calls


def test_narrative_pages_skip_the_table_finder(monkeypatch):
    seen = []
    original = pdf_rules.find_tables

    def spy(edges, chars):
        seen.append(len(chars))
        return original(edges, chars)

    monkeypatch.setattr(pdf_rules, "find_tables", spy)
    report = render.make_report("2019", 2020, seed=41)
    data = render.to_pdf(report, narrative_pages=6, page_numbers=True)
    check(report, parse_bytes(data, "long.pdf"))
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(data))
    assert pages >= 6 and 1 <= len(seen) <= 3
