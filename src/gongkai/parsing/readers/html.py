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
        rows = _rows_of(table)
        if self._is_layout(rows):
            for tr in rows:
                for cell in _cells_of(tr):
                    self.walk_children(cell)
            return
        spec = [
            [(cell_text(c), span(c.get("rowspan")), span(c.get("colspan"))) for c in _cells_of(tr)]
            for tr in rows
        ]
        for cells in expand(spec):
            self.doc.add_row(cells, in_table=True)
        # Tables nested in a data cell come after the row that holds them.
        for tr in rows:
            for cell in _cells_of(tr):
                for nested in cell.iter("table"):
                    self.table(nested)

    def walk_children(self, cell) -> None:
        self.flush()
        if cell.text:
            self.buffer.append(cell.text)
        for child in cell:
            self.walk(child)
        self.flush()

    def _is_layout(self, rows) -> bool:
        for tr in rows:
            for cell in _cells_of(tr):
                if cell.find(".//table") is not None:
                    return True
                if len(cell.text_content()) > _LAYOUT_TEXT:
                    return True
        return False
