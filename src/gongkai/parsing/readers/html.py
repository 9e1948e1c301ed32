"""HTML pages as government sites serve them.

The report usually sits inside navigation chrome, sometimes inside a layout table; its tables use
rowspan and colspan, blank cells hold ``&nbsp;``, labels are broken with ``<br>``, and the charset
is declared in a meta tag, in a BOM, or nowhere.
"""

from __future__ import annotations

import codecs
import re

import lxml.html
from lxml import etree

from gongkai.parsing.document import Document
from gongkai.parsing.errors import UnreadableReport
from gongkai.parsing.readers.grid import expand, span

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
_SKIP = {
    "script",
    "style",
    "noscript",
    "head",
    "select",
    "option",
    "iframe",
    "button",
    "svg",
    "form",
}
_BLOCK = {
    "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "h1", "h2", "h3",
    "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "center", "hr",
    "body", "html", "tr", "caption", "address", "figure", "figcaption",
}  # fmt: skip
_LAYOUT_TEXT = 400  # a table cell holding this much text is page layout, not a statistic
_PROSE_CELL = 60  # nor is one holding sentences this long: the longest row label has 39 characters


def decode_html(data: bytes) -> str:
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    m = _CHARSET.search(data[:8192])
    declared = m.group(1).decode("ascii", "ignore").lower() if m else ""
    if declared in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030"):
        declared = "gb18030"
    tried = [declared] if declared else []
    for codec in [*tried, "utf-8", "gb18030"]:
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", errors="replace")


def read_html(data: bytes) -> Document:
    text = decode_html(data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml.html.fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableReport(f"HTML 无法解析：{exc}") from None
    doc = Document(source_format="html")
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        # Sites append their own name: 某局2023年度…年度报告_某市人民政府门户网站.
        doc.title_hint = re.split(r"\s*[_|｜—–-]{1,2}\s*", title.text_content().strip())[0]
    walker = _Walker(doc)
    walker.walk(root)
    walker.flush()
    return doc


def _tag(el) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _rows_of(table) -> list:
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if _tag(c) == "tr")
    return rows


def _cells_of(tr) -> list:
    return [c for c in tr if _tag(c) in ("td", "th")]


def cell_text(cell) -> str:
    """A cell's words; ``<br>`` and paragraph breaks inside a label join without a space."""
    parts: list[str] = []

    def visit(el):
        tag = _tag(el)
        if tag in _SKIP or tag == "table":
            if el.tail:
                parts.append(el.tail)
            return
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            visit(child)
        if el.tail and el is not cell:
            parts.append(el.tail)

    visit(cell)
    return "".join(parts)


class _Walker:
    def __init__(self, doc: Document):
        self.doc = doc
        self.buffer: list[str] = []

    def flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer = []
        for line in text.split("\n"):
            self.doc.add_text(line)

    def walk(self, el) -> None:
        tag = _tag(el)
        if not tag:  # comment or processing instruction: only its tail is content
            if el.tail:
                self.buffer.append(el.tail)
            return
        if tag in _SKIP:
            pass
        elif tag == "img":
            self.doc.images += 1
        elif tag == "table":
            self.flush()
            self.table(el)
        elif tag == "br":
            self.buffer.append("\n")
        else:
            block = tag in _BLOCK or tag in ("td", "th")
            if block:
                self.flush()
            if el.text:
                self.buffer.append(el.text)
            for child in el:
                self.walk(child)
            if block:
                self.flush()
        if el.tail and tag:
            self.buffer.append(el.tail)

    def table(self, table) -> None:
        """A data table becomes rows of cells; a row that lays out the page (a cell holding a
        table or a paragraph of prose) is walked as blocks, so a report printed as one big
        table keeps both its prose and its statistics."""
        pending: list = []
        for tr in _rows_of(table):
            cells = _cells_of(tr)
            if any(self._is_layout(c) for c in cells):
                self._data_rows(pending)
                pending = []
                for cell in cells:
                    self.walk_children(cell)
            else:
                pending.append(tr)
        self._data_rows(pending)

    def _data_rows(self, rows) -> None:
        if not rows:
            return
        spec = [
            [(cell_text(c), span(c.get("rowspan")), span(c.get("colspan"))) for c in _cells_of(tr)]
            for tr in rows
        ]
        for cells in expand(spec):
            if sum(1 for c in cells if c) == 1 and len(set(cells) - {None}) == 1:
                self.doc.add_text(next(c for c in cells if c))  # a heading across the table
            else:
                self.doc.add_row(cells, in_table=True)
        for tr in rows:
            for cell in _cells_of(tr):
                self.doc.images += len(cell.findall(".//img"))

    def walk_children(self, cell) -> None:
        self.flush()
        if cell.text:
            self.buffer.append(cell.text)
        for child in cell:
            self.walk(child)
        self.flush()

    @staticmethod
    def _is_layout(cell) -> bool:
        if cell.find(".//table") is not None:
            return True
        text = cell.text_content().strip()
        return len(text) > _LAYOUT_TEXT or (len(text) >= _PROSE_CELL and "。" in text)
