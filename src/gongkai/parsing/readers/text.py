"""Plain text as reports reach us: copied from a web page, or extracted from a PDF.

Three layouts occur: one cell per line (blank lines dropped, so blank cells vanish), cells
separated by ``|`` (blank cells kept as empty pieces), and tab-separated lines from PDF
extraction (where empty pieces are layout, not blank cells).
"""

from __future__ import annotations

import codecs
import re

from gongkai.parsing.document import Document, Source
from gongkai.parsing.errors import UnreadableReport

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> str:
    """Text in UTF-8, GB18030/GBK or UTF-16 (with or without BOM); binary junk is refused."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                break
    sample = data[:4000]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without a BOM: every other byte of CJK-free text is NUL, so guess the order.
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        order = ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")
        return _first_textual(data, order, "不是文本文件：内容是二进制数据，无法识别")
    return _first_textual(
        data, ("utf-8", "gb18030"), "不是文本文件：内容是二进制数据或编码无法识别"
    )


def _first_textual(data: bytes, codecs: tuple[str, ...], refusal: str) -> str:
    for codec in codecs:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_textual(text):
            return text
    raise UnreadableReport(refusal)


def _looks_textual(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return True
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n\f") or ch == "\ufffd")
    return bad <= len(sample) // 100


def split_pipes(line: str) -> list[str]:
    """``a | b | c`` and markdown's ``| a | b |``; trailing filler pipes (``2 | ||``) add no cells."""
    pieces = [p.strip() for p in line.split("|")]
    if len(pieces) > 1 and pieces[0] == "" and any(pieces[1:]):
        pieces = pieces[1:]
    while len(pieces) > 1 and pieces[-1] == "":
        pieces.pop()
    return pieces


# A Markdown table's rule under its header row: | --- | :---: |.
_MD_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
_FUSED = re.compile(r"^[+-]?\d[\d,.]*(?:\s+[+-]?\d[\d,.]*)+$")


def read_text(text: str) -> Document:
    doc = Document(source_format="text")
    # Prose and tab lines, or a block of | rows; each with its line number in the file.
    items: list[tuple[int, str] | list[tuple[int, list[str]]]] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, 1):
        if "|" in raw and "\t" not in raw:
            if _MD_RULE.match(raw.strip()):
                continue
            if not items or not isinstance(items[-1], list):
                items.append([])
            items[-1].append((number, split_pipes(raw)))  # type: ignore[union-attr]
        elif raw.strip():
            items.append((number, raw))
    # A PDF-to-Markdown converter guesses the columns: it leaves columns empty in every row and
    # fuses neighbouring values into one cell ("119 35"). Where it did so anywhere, a blank cell
    # says nothing about where a value belongs, so blanks are dropped everywhere and the values
    # are placed by the template's sums instead.
    guessed = any(isinstance(item, list) and _guessed([r for _, r in item]) for item in items)
    for item in items:
        if isinstance(item, list):
            for number, cells in item:
                doc.add_row(
                    [c if c or not guessed else None for c in cells],
                    in_table=True,
                    source=Source(line=number),
                )
            continue
        number, raw = item
        if "\t" in raw:
            cells = [c.strip() or None for c in raw.split("\t")]
            doc.add_row(cells, in_table=True, source=Source(line=number))
        else:
            doc.add_text(raw, Source(line=number))
    return doc


def _guessed(rows: list[list[str]]) -> bool:
    width = max(len(r) for r in rows)
    empty_column = len(rows) > 1 and any(
        all(i >= len(r) or not r[i] for r in rows) for i in range(width)
    )
    return empty_column or any(_FUSED.match(c) for r in rows for c in r)
