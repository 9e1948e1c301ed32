"""PDF files with a text layer.

Every page's characters and their positions come from pdfium, which is fast; lines and cells are
rebuilt from them (see :mod:`pdf_layout`), so narrative pages and tables drawn without ruling
lines cost little. Only a page that holds the statistics and has ruling lines goes through
pdfplumber's table finder, the expensive part, which understands merged cells from the lines.
A scan has no text layer at all and is refused with advice to OCR it first.
"""

from __future__ import annotations

import ctypes
import io
import logging
import re
from dataclasses import dataclass, field

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as raw

from gongkai.parsing.document import Document, Source
from gongkai.parsing.errors import UnreadableReport
from gongkai.parsing.readers import ocr, pdf_rules
from gongkai.parsing.readers.pdf_layout import (
    HEADING,
    Char,
    Line,
    anchor_columns,
    build_lines,
)

MAX_PAGES = 300
SCANNED = (
    "扫描件：PDF 没有文字层，本机未安装文字识别（OCR）组件，无法读取"
    "（请安装 rapidocr-onnxruntime，或先用 OCR 软件转成文字版）"
)
SCANNED_BLANK = "扫描件：文字识别（OCR）在页面上没有识别出文字，请检查扫描是否清晰"
MAX_OCR_PAGES = 40  # a scanned report of more pages is a whole dossier
_RULES = 4  # drawn paths on a page before it may hold a ruled table
# Words found on pages that hold (part of) the statistics tables, including a page that only
# continues a table broken across pages.
_TABLE_WORDS = re.compile(
    r"本年新收|信息内容|第二十条|行政复议|行政诉讼|申请人情况|结转|予以公开|不予公开|无法提供|"
    r"不予处理|其他处理|尚未审结|制发件数|处理决定|统计表"
)
_WRAP = 1.5  # a line ending within this many em of the right edge wraps into the next one

for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).setLevel(logging.ERROR)


@dataclass
class _Page:
    number: int
    height: float
    chars: list[Char]
    text: str
    paths: int
    images: int
    tables: list = field(default_factory=list)  # (bbox, rows) from the table finder
    needs_plumber: bool = False  # its rules are curves or unreadable: ask pdfplumber


def read_pdf(data: bytes) -> Document:

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            raise UnreadableReport("PDF 已加密，需要密码才能打开") from None
        raise UnreadableReport("PDF 文件已损坏或不完整，无法打开") from None
    try:
        count = len(pdf)
        if count == 0:
            raise UnreadableReport("PDF 文件已损坏或不完整：没有页面")
        if count > MAX_PAGES:
            raise UnreadableReport(f"PDF 超过 {MAX_PAGES} 页，不像一份年度报告")
        pages = [_read_page(pdf, i) for i in range(count)]
        scanned = not any(p.chars for p in pages) and any(p.images for p in pages)
        if scanned:
            _ocr(pdf, pages)
    finally:
        pdf.close()
    if not any(p.chars for p in pages):
        if scanned:
            raise UnreadableReport(SCANNED_BLANK if ocr.available() else SCANNED)
        raise UnreadableReport("PDF 没有任何文字内容")
    if not scanned:
        _find_ruled_tables(data, pages)
    doc = _compose(pages)
    if scanned:
        doc.source_format = "pdf-ocr"
    return doc


def _ocr(pdf, pages: list[_Page]) -> None:
    """Words recognised on the pages that are pictures; none where OCR is not installed."""

    if not ocr.available():
        return
    if len(pages) > MAX_OCR_PAGES:
        raise UnreadableReport(f"扫描件超过 {MAX_OCR_PAGES} 页，文字识别太慢，请先取出统计表所在页")
    for page in pages:
        if page.images and not page.chars:
            page.chars = ocr.words_to_chars(ocr.recognise_page(pdf[page.number]))


def _read_page(pdf, index: int) -> _Page:
    try:
        page = pdf[index]
    except pdfium.PdfiumError:
        # The page tree counts a page that is not there, or not a page (a broken /Kids entry).
        raise UnreadableReport(f"PDF 第 {index + 1} 页已损坏，无法读取") from None
    textpage = page.get_textpage()
    try:
        left, bottom, right, top = page.get_mediabox()
        paths = images = 0
        handle = page.raw  # not the wrapper: ctypes would ask it for its handle on every call
        for i in range(raw.FPDFPage_CountObjects(handle)):
            kind = raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(handle, i))
            if kind in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
                paths += 1  # a form may hold the table's lines
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                images += 1
        count = raw.FPDFText_CountChars(textpage)
        text = textpage.get_text_range(0, count) if count > 0 else ""
        box = raw.FS_RECTF()
        words = _TABLE_WORDS.search(_SPACE.sub("", text)) is not None
        if len(text) == count and not (words or _NUMBER_ROW.search(text)):
            chars = _prose_lines(textpage, text, box, left, top)
            return _Page(index, top - bottom, chars, text, paths, images)
        chars = _chars(textpage, text, count, box, left, top)
        result = _Page(index, top - bottom, chars, text, paths, images)
        if paths >= _RULES and words:
            try:
                result.tables = pdf_rules.find_tables(pdf_rules.edges(page, left, top), chars)
            except Exception:  # curves, or a path pdfium cannot describe
                result.needs_plumber = True
        return result
    finally:
        textpage.close()
        page.close()


def _chars(textpage, text: str, count: int, box, left: float, top: float) -> list[Char]:
    """Every printed character with its box: one pdfium call each, the reader's inner loop, so
    the handle, the box's pointer and the function are looked up once."""
    chars = []
    handle, where, char_box = textpage.raw, ctypes.byref(box), raw.FPDFText_GetLooseCharBox
    whole = len(text) == count
    for i in range(max(count, 0)):
        ch = text[i] if whole else chr(raw.FPDFText_GetUnicode(handle, i))
        if ch.isspace() or not ch.isprintable():
            continue
        # The loose box spans the font's full height, so a line's characters share one band.
        if not char_box(handle, i, where):
            continue
        chars.append(Char(ch, box.left - left, box.right - left, top - box.top, top - box.bottom))
    return chars


_NUMBER_ROW = re.compile(r"(?:^|\s)[+-]?\d[\d,.]*(?:\s+[+-]?\d[\d,.]*){2,}\s*$", re.M)
_LINE = re.compile(r"[^\r\n]+")
_SPACE = re.compile(r"\s+")


def _prose_lines(textpage, text: str, box, left: float, top: float) -> list[Char]:
    """A page of prose as one positioned piece of text per printed line: only the first and
    last character's boxes are asked for, which is most of what reading a page costs."""

    out = []
    handle, where, char_box = textpage.raw, ctypes.byref(box), raw.FPDFText_GetLooseCharBox
    for m in _LINE.finditer(text):
        words = m.group(0)
        first = m.start() + len(words) - len(words.lstrip())
        last = m.start() + len(words.rstrip()) - 1
        if last < first:
            continue
        if not char_box(handle, first, where):
            continue
        x0, y0, y1 = box.left, box.top, box.bottom
        if not char_box(handle, last, where):
            continue
        line = words.strip()
        if not line.isprintable():
            line = "".join(ch for ch in line if ch.isprintable())
        out.append(
            Char(
                line, x0 - left, box.right - left, top - max(y0, box.top), top - min(y1, box.bottom)
            )
        )
    return out


def _find_ruled_tables(data: bytes, pages: list[_Page]) -> None:
    """pdfplumber's own reading for the few pages whose rules pdfium's paths could not give."""
    wanted = [p for p in pages if p.needs_plumber]
    if not wanted:
        return

    try:
        plumber = pdfplumber.open(io.BytesIO(data), pages=[p.number + 1 for p in wanted])
    except Exception:  # pdfminer cannot read what pdfium could: keep the position-based reading
        return
    try:
        for page, source in zip(wanted, plumber.pages, strict=False):
            try:
                found = source.find_tables()
                page.tables = [
                    (
                        t.bbox,
                        [
                            [None if c is None else c.replace("\n", "") for c in r]
                            for r in t.extract()
                        ],
                    )
                    for t in found
                ]
            except Exception:
                page.tables = []  # one page pdfminer chokes on is read from positions instead
            finally:
                source.close()
    finally:
        plumber.close()


def _compose(pages: list[_Page]) -> Document:
    doc = Document(source_format="pdf")
    doc.images = sum(p.images for p in pages)
    wraps = False
    em = 0.0
    for page in pages:
        boxes = [bbox for bbox, _ in page.tables]
        chars = page.chars
        if boxes:
            chars = [c for c in chars if not _inside(c, boxes)]
        lines = build_lines(chars, page.height)
        anchor_columns(lines)
        blocks: list[tuple[float, object]] = [(line.top, line) for line in lines]
        blocks += [(bbox[1], rows) for bbox, rows in page.tables]
        blocks.sort(key=lambda b: b[0])
        left = min((line.x0 for line in lines), default=0.0)
        right = max((line.x1 for line in lines), default=0.0)
        for top, item in blocks:
            if not isinstance(item, Line):
                wraps = False
                for row in item:
                    doc.add_row(row, source=Source(page.number + 1, None, top))
                continue
            cells = item.texts()
            where = Source(page.number + 1, item.x0, item.top)
            if len(cells) > 1:
                doc.add_row(
                    cells, in_table=True, sources=item.sources(page.number + 1), source=where
                )
                wraps = False
                continue
            # A paragraph's new line starts at the margin; a new paragraph is indented.
            continues = item.x0 <= left + item.em * 0.5 and not HEADING.match(cells[0])
            # A title in a larger type that fills the line does not run on into the text.
            continues = continues and abs(item.em - em) <= 0.15 * max(item.em, em)
            if wraps and continues and doc.rows and not doc.rows[-1].in_table:
                doc.rows[-1].cells[0] += cells[0].strip()
            else:
                doc.add_text(cells[0], where)
            wraps = item.x1 >= right - _WRAP * item.em
            em = item.em
    return doc


def _inside(ch: Char, boxes) -> bool:
    x, y = ch.centre, ch.middle
    for x0, top, x1, bottom in boxes:
        if x0 <= x <= x1 and top <= y <= bottom:
            return True
    return False
