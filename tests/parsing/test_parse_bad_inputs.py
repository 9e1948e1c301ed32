"""Inputs that cannot be read end in UnreadableReport with a Chinese reason, never another error."""

import io

import parse_render as render
import pytest

from gongkai.parsing import UnreadableReport, parse_bytes, parse_path, parse_text, reading


def _reason(data: bytes, name: str) -> str:
    with pytest.raises(UnreadableReport) as info:
        parse_bytes(data, name)
    reason = info.value.reason
    assert reason and any("\u4e00" <= ch <= "\u9fff" for ch in reason)
    return reason


def test_empty():
    assert "空" in _reason(b"", "a.txt")
    assert "空" in _reason(b"  \n\n", "a.pdf")
    with pytest.raises(UnreadableReport):
        parse_text("")


def test_binary_junk():
    junk = bytes(range(256)) * 40
    assert "二进制" in _reason(junk, "a.txt")


def test_truncated_pdf():
    data = render.to_pdf(render.make_report("2021", 2022, seed=1))
    # Cut inside the first page's content: whatever pdfminer recovers is no report.
    with pytest.raises(UnreadableReport):
        parse_bytes(data[:200], "a.pdf")
    with pytest.raises(UnreadableReport):
        parse_bytes(data[: len(data) // 10], "a.pdf")


def test_encrypted_pdf():
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=StandardEncryption("secret", ownerPassword="owner"))
    pdf.drawString(100, 700, "2022 annual report")
    pdf.save()
    assert "加密" in _reason(buffer.getvalue(), "locked.pdf")


def test_image_only_pdf_is_a_scan(monkeypatch):
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from gongkai.parsing.readers import ocr
    from gongkai.parsing.readers import pdf as pdf_reader

    image = Image.new("RGB", (200, 100), "white")
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawImage(ImageReader(image), 50, 500, width=400, height=200)
    pdf.showPage()
    pdf.save()
    if ocr.available():  # a blank page: OCR finds nothing, and says so
        assert _reason(buffer.getvalue(), "scan.pdf") == pdf_reader.SCANNED_BLANK
    monkeypatch.setattr(ocr, "available", lambda: False)
    reason = _reason(buffer.getvalue(), "scan.pdf")
    assert reason == pdf_reader.SCANNED and "rapidocr-onnxruntime" in reason


def test_not_an_annual_report():
    text = "关于做好春节期间安全生产工作的通知\n各单位：请认真做好节日期间安全生产工作。\n"
    for data, name in (
        (text.encode(), "n.txt"),
        (f"<html><body><p>{text}</p></body></html>".encode(), "n.html"),
    ):
        assert "不是政府信息公开工作年度报告" in _reason(data, name)


def test_broken_docx_and_old_doc():
    data = render.to_docx(render.make_report("2021", 2022, seed=1))
    assert "DOCX" in _reason(data[: len(data) // 2], "a.docx")
    assert ".doc" in _reason(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "a.doc")


def test_enormous_file(monkeypatch, tmp_path):
    monkeypatch.setattr(reading, "MAX_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2000)
    with pytest.raises(UnreadableReport) as info:
        parse_path(path)
    assert "过大" in info.value.reason
    assert "过大" in _reason(b"y" * 2000, "big.txt")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(UnreadableReport):
        parse_path(tmp_path / "nope.pdf")
    with pytest.raises(UnreadableReport):
        parse_path(tmp_path)


# Two inputs that once escaped as OverflowError and PdfiumError (a 500 in the library, "内部错误"
# in the CLI). Both are written here; tests/parsing/test_parse_cli.py runs them through the CLI.
def html_with_a_400_digit_figure() -> bytes:
    html = render.to_html(render.make_report("2021", 2022, seed=3)).decode()
    first = html.index("<td><p>", html.index("本年制")) + len("<td><p>")
    while not html[first].isdigit():
        first = html.index("<td><p>", first) + len("<td><p>")
    end = html.index("</p>", first)
    return (html[:first] + "9" * 400 + html[end:]).encode()


# The page tree counts two pages; the second kid is a string, not a page.
PDF_WITH_A_BAD_KID = (
    b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R"
    b" /Resources << /Font << /F1 6 0 R >> >> >> endobj\n"
    b"4 0 obj (not a page) endobj\n"
    b"5 0 obj << /Length 44 >> stream\nBT /F1 12 Tf 72 700 Td (2022 annual report) Tj ET\n"
    b"endstream endobj\n"
    b"6 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def test_a_400_digit_figure_is_no_figure():
    result = parse_bytes(html_with_a_400_digit_figure(), "report.html")
    # The row that held it is read without it; the rest of the report as usual.
    assert result.report["proactive"]["regulations"]["issued"] is None
    assert result.report["requests"]["received_this_year"]["total"] is not None


def test_a_page_tree_with_a_bad_kid():
    assert _reason(PDF_WITH_A_BAD_KID, "report.pdf") == "PDF 第 2 页已损坏，无法读取"


@pytest.mark.parametrize(
    "failure", [OverflowError("int too large"), KeyError("w:tbl"), ZeroDivisionError()]
)
def test_any_reader_failure_is_one_chinese_line(monkeypatch, failure):
    def broken(data):
        raise failure

    monkeypatch.setattr(reading, "read_html", broken)
    html = render.to_html(render.make_report("2021", 2022, seed=3))
    reason = _reason(html, "report.html")
    assert reason.startswith("文件内容异常，无法按网页读取（") and "\n" not in reason
    assert type(failure).__name__ in reason
    monkeypatch.setattr(reading, "recognise", broken)
    assert "无法按文本读取" in _reason(b"2022 annual report", "report.txt")


def test_a_failing_lookup_of_last_years_report_is_the_callers():
    class Unreachable(Exception):
        pass

    def previous(agency, year):
        raise Unreachable("database down")

    data = render.to_html(render.make_report("2021", 2022, seed=3))
    with pytest.raises(Unreachable):
        parse_bytes(data, "report.html", previous=previous)
