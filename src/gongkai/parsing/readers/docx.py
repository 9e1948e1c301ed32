"""Word (.docx) files; the official template is a Word table with cells merged by
``gridSpan`` (across) and ``vMerge`` (down), which python-docx reports only as repeated cells."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from gongkai.parsing.document import Document
from gongkai.parsing.errors import UnreadableReport
from gongkai.parsing.readers.grid import expand

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LAYOUT_TEXT = 400  # a cell holding this much text lays out the page; it is no statistic
_PROSE_CELL = 60  # nor is one holding sentences this long: the longest row label has 39 characters
_MAX_XML = 80 * 1024 * 1024  # an unzipped document.xml past this is a zip bomb, not a report


def read_docx(data: bytes) -> Document:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        raise UnreadableReport("DOCX 文件已损坏或不完整，无法打开") from None
    if info.file_size > _MAX_XML:
        raise UnreadableReport("DOCX 文件内容过大，不像一份年度报告")
    try:
        # lxml on document.xml directly: python-docx builds a whole object model we do not use,
        # and that costs more than the reading itself.

        root = etree.fromstring(archive.read(info), parser=etree.XMLParser(huge_tree=False))
    except Exception as exc:  # a broken package fails in zip, zlib or XML, each with its own type
        raise UnreadableReport(f"DOCX 文件已损坏，无法读取（{type(exc).__name__}）") from None
    body = root.find(W + "body")
    if body is None:
        raise UnreadableReport("DOCX 文件没有正文内容")
    doc = Document(source_format="docx")
    _blocks(body, doc)
    return doc


def _blocks(parent, doc: Document) -> None:
    for child in parent.iterchildren():
        tag = child.tag
        if tag == W + "p":
            doc.add_text(_text(child))
        elif tag == W + "tbl":
            _table(child, doc)
        elif tag in (W + "sdt", W + "sdtContent", W + "customXml"):
            _blocks(child if tag != W + "sdt" else _content(child), doc)


def _content(sdt):
    content = sdt.find(W + "sdtContent")
    return content if content is not None else sdt


def _text(el) -> str:
    parts = []
    for node in el.iter(W + "t", W + "tab", W + "br"):
        if node.tag == W + "t":
            parts.append(node.text or "")
        elif node.tag == W + "tab":
            parts.append(" ")
    return "".join(parts)


def _cell_text(tc) -> str:
    # Paragraphs inside a cell are a label broken over lines: join them without a space.
    return "".join(_text(p) for p in tc.iterchildren(W + "p"))


def _is_layout(tc) -> bool:
    if tc.find(W + "tbl") is not None:
        return True
    text = _cell_text(tc)
    return len(text) > _LAYOUT_TEXT or (len(text) >= _PROSE_CELL and "。" in text)


def _table(tbl, doc: Document) -> None:
    """Data rows become rows of cells; a row that lays out the page (a cell holding a table or
    prose) is read as blocks, so tables nested in a layout table come out in place."""
    pending: list = []
    for tr in tbl.iterchildren(W + "tr"):
        cells = list(tr.iterchildren(W + "tc"))
        if any(_is_layout(tc) for tc in cells):
            _data_rows(pending, doc)
            pending = []
            for tc in cells:
                _blocks(tc, doc)
        else:
            pending.append(tr)
    _data_rows(pending, doc)


def _data_rows(trs: list, doc: Document) -> None:
    if not trs:
        return
    rows: list[list[tuple[str, int, int]]] = []
    merged_down: list[list[bool]] = []
    for tr in trs:
        row, flags = [], []
        for tc in tr.iterchildren(W + "tc"):
            props = tc.find(W + "tcPr")
            colspan, continues = 1, False
            if props is not None:
                grid_span = props.find(W + "gridSpan")
                if grid_span is not None:
                    try:
                        colspan = int(grid_span.get(W + "val") or 1)
                    except ValueError:
                        colspan = 1
                v_merge = props.find(W + "vMerge")
                if v_merge is not None and v_merge.get(W + "val") in (None, "continue"):
                    continues = True
            row.append(("" if continues else _cell_text(tc), 1, colspan))
            flags.append(continues)
        rows.append(row)
        merged_down.append(flags)
    grid = expand(rows)
    for r, flags in enumerate(merged_down):
        # A vMerge continuation is the shadow of the cell above: no information of its own.
        c = 0
        for (_, _, colspan), continues in zip(rows[r], flags, strict=True):
            if continues and c < len(grid[r]):
                grid[r][c] = None
            c += colspan
    for cells in grid:
        doc.add_row(cells, in_table=True)
