"""PDF files with a text layer.

Ruled tables come out of pdfplumber as tables (merged cells as ``None``, headers split over
lines joined); text outside them is rebuilt into lines from word positions, with wide gaps kept
as cell boundaries so that a table drawn without ruling lines still yields its columns. A scan
has no text layer at all and is refused with advice to OCR it first.
"""

from __future__ import annotations

import io
import logging

from gongkai.parsing.document import Document
from gongkai.parsing.errors import UnreadableReport

MAX_PAGES = 300
SCANNED = "扫描件：PDF 没有文字层，无法识别（可先做 OCR）"
_GAP = 1.6  # a gap wider than this many character widths separates two cells
_FULL_LINE = 0.8  # a line reaching this far across the text column wraps into the next one

for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).setLevel(logging.ERROR)


def read_pdf(data: bytes) -> Document:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise UnreadableReport("PDF 已加密，需要密码才能打开") from None
    except PDFSyntaxError:
        raise UnreadableReport("PDF 文件已损坏或不完整，无法打开") from None
    except Exception as exc:  # pdfminer raises many kinds of error on a broken file
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError) or b"/Encrypt" in data:
            raise UnreadableReport("PDF 已加密，需要密码才能打开") from None
        raise UnreadableReport(
            f"PDF 文件已损坏或不完整，无法打开（{type(exc).__name__}）"
        ) from None
    if not pages:
        raise UnreadableReport("PDF 文件已损坏或不完整：没有页面")
    if len(pages) > MAX_PAGES:
        raise UnreadableReport(f"PDF 超过 {MAX_PAGES} 页，不像一份年度报告")
    doc = Document(source_format="pdf")
    chars = images = 0
    try:
        for page in pages:
            chars += len(page.chars)
            images += len(page.images)
            _page(page, doc)
            page.flush_cache()
    except UnreadableReport:
        raise
    except Exception as exc:
        if chars == 0:
            raise UnreadableReport(f"PDF 文件已损坏或不完整（{type(exc).__name__}）") from None
    finally:
        pdf.close()
    if chars == 0:
        raise UnreadableReport(SCANNED if images else "PDF 没有任何文字内容")
    return doc


def _page(page, doc: Document) -> None:
    tables = []
    if len(page.lines) + len(page.rects) + len(page.curves) >= 4:
        tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    text_page = page.filter(outside) if boxes else page
    blocks: list[tuple[float, str, object]] = []
    for line in _lines(text_page):
        blocks.append((line[0], "line", line))
    for table in tables:
        blocks.append((table.bbox[1], "table", table))
    blocks.sort(key=lambda b: b[0])
    width = float(page.width)
    previous_wraps = False
    for _, kind, item in blocks:
        if kind == "table":
            previous_wraps = False
            for row in item.extract():
                doc.add_row([None if c is None else c.replace("\n", "") for c in row])
            continue
        _, cells, x0, x1 = item
        if len(cells) == 1:
            if previous_wraps and doc.rows and not doc.rows[-1].in_table:
                doc.rows[-1].cells[0] += cells[0].strip()
            else:
                doc.add_text(cells[0])
            previous_wraps = x1 - x0 > 0 and x1 > width * _FULL_LINE
        else:
            doc.add_row([c or None for c in cells], in_table=True)
            previous_wraps = False


def _lines(page):
    """Words grouped into lines by position; wide horizontal gaps split a line into cells."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5)
    words.sort(key=lambda w: (round(w["top"]), w["x0"]))
    lines: list[list[dict]] = []
    for w in words:
        if lines and abs(lines[-1][0]["top"] - w["top"]) <= 3:
            lines[-1].append(w)
        else:
            lines.append([w])
    for line in lines:
        line.sort(key=lambda w: w["x0"])
        cells = [line[0]["text"]]
        for prev, w in zip(line, line[1:], strict=False):
            size = max(1.0, (prev["x1"] - prev["x0"]) / max(1, len(prev["text"])))
            if w["x0"] - prev["x1"] > _GAP * size:
                cells.append(w["text"])
            else:
                cells[-1] += w["text"]
        yield line[0]["top"], cells, line[0]["x0"], line[-1]["x1"]
