"""Reading a published report: sniff its format, run its reader, recognise the tables, check them."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.parsing.checks import run_validator
from gongkai.parsing.document import Document
from gongkai.parsing.errors import UnreadableReport
from gongkai.parsing.proactive import settle
from gongkai.parsing.readers.docx import read_docx
from gongkai.parsing.readers.html import read_html
from gongkai.parsing.readers.office import convert, ole_kind
from gongkai.parsing.readers.pdf import read_pdf
from gongkai.parsing.readers.text import decode, read_text
from gongkai.parsing.readers.xlsx import read_xlsx
from gongkai.parsing.recognise import recognise

# Annual reports are a few pages; anything past this is not one, and reading it would stall a batch.
MAX_BYTES = 50 * 1024 * 1024
FORMATS = ("text", "html", "pdf", "docx", "xlsx", "doc", "xls")
_FORMAT_NAMES = {
    "text": "文本",
    "html": "网页",
    "pdf": " PDF ",
    "docx": " Word 文档",
    "xlsx": " Excel 表格",
    "doc": " Word 文档",
    "xls": " Excel 表格",
}


@dataclass
class ParseResult:
    """``report``: the schema's JSON shape, findings included as dicts; ``findings``: the same
    findings as model :class:`~gongkai.parsing.model.Finding` objects; ``source_format``:
    text, html, pdf or docx."""

    report: dict
    findings: list = field(default_factory=list)
    source_format: str = "text"
    # The report's prose (its narrative sections), for comparing two reports paragraph by
    # paragraph; not part of the schema's JSON.
    narrative: str = ""
    # Cell path → where the value came from (page and position, or line; the rule that placed
    # or inferred it), for ``gongkai parse --explain`` and the supervisor's library.
    provenance: dict[str, str] = field(default_factory=dict)


# ``previous`` is last year's report of the same body, or a function that finds it by
# (agency, year) once this report's own agency and year are known.
Previous = dict | Callable[[str, int], dict | None] | None


def sniff(data: bytes, filename: str = "") -> str:
    """The format by content first (sites serve PDFs as .html and the reverse), then by name."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return (
            "xlsx"
            if b"xl/workbook.xml" in data[:65536] or filename.lower().endswith(".xlsx")
            else "docx"
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return ole_kind(data, filename)
    lowered = head[:512].lower()
    if (
        b"<html" in lowered
        or b"<!doctype html" in lowered
        or b"<table" in lowered
        or b"<body" in lowered
    ):
        return "html"
    suffix = os.path.splitext(filename.lower())[1]
    if suffix in (".html", ".htm", ".xhtml", ".shtml"):
        return "html"
    if suffix == ".pdf":
        return "pdf"
    if suffix == ".docx":
        return "docx"
    if suffix == ".xlsx":
        return "xlsx"
    return "text"


def _zip_kind(data: bytes) -> str:
    """An Office Open XML package: a workbook, or (also when unreadable) a Word document."""

    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return "docx"  # its reader says what is wrong with it
    return "xlsx" if "xl/workbook.xml" in names and "word/document.xml" not in names else "docx"


def read_document(data: bytes, filename: str = "") -> Document:
    fmt = sniff(data, filename)
    if fmt == "pdf":
        return read_pdf(data)
    if fmt in ("doc", "xls"):
        doc = read_document(convert(data, fmt), f"converted.{fmt}x")
        doc.source_format = fmt
        return doc
    if fmt == "docx":
        return read_docx(data)
    if fmt == "xlsx":
        return read_xlsx(data)
    if fmt == "html":
        return read_html(data)

    return read_text(decode(data))


def _finish(doc: Document, previous: Previous) -> ParseResult:

    found = recognise(doc)
    report, prose = found.report, found.prose
    if callable(previous):
        previous = previous(report.get("agency") or "", report["year"] - 1)
    notes = found.notes + settle(report, found.short, previous)
    findings = [
        f
        for f in run_validator(report, previous, prose, notes)
        if not (
            f.rule == "narrative.mismatch"
            and any(c.removeprefix("legacy.") in found.from_prose for c in f.cells)
        )
    ]
    report["findings"] = [f.to_dict() for f in findings]
    filled = {
        f"{section}.{row}.{column}"
        for section in ("proactive", "requests", "appeals")
        for row, cells in (report.get(section) or {}).items()
        for column, value in cells.items()
        if value is not None
    }
    provenance = {path: w.describe() for path, w in found.where.items() if path in filled}
    return ParseResult(
        report=report,
        findings=findings,
        source_format=doc.source_format,
        narrative=prose,
        provenance=provenance,
    )


def parse_bytes(data: bytes, filename: str = "", *, previous: Previous = None) -> ParseResult:
    if not data or not data.strip():
        raise UnreadableReport("文件是空的")
    if len(data) > MAX_BYTES:
        raise UnreadableReport(
            f"文件过大（超过 {MAX_BYTES // (1024 * 1024)} MB），不像一份年度报告"
        )
    return _reasoned(lambda: read_document(data, filename), sniff(data, filename), previous)


class _LookupFailed(Exception):
    pass


def _reasoned(read: Callable[[], Document], fmt: str, previous: Previous) -> ParseResult:
    """Read and recognise; whatever fails on the way is one Chinese line (UnreadableReport).

    Only the file's own failures: one of the caller's lookup of last year's report (a database
    it cannot reach) is the caller's and passes unchanged.
    """
    lookup = previous
    if callable(previous):

        def lookup(agency: str, year: int, _find=previous) -> dict | None:
            try:
                return _find(agency, year)
            except Exception as exc:
                raise _LookupFailed from exc

    try:
        return _finish(read(), lookup)
    except UnreadableReport:
        raise
    except _LookupFailed as failed:
        raise failed.__cause__ from None
    except RecursionError:
        raise UnreadableReport("文件结构嵌套过深，无法读取") from None
    except MemoryError:
        raise UnreadableReport("文件过大，读取时内存不足") from None
    except Exception as exc:
        # A reader's library (pdfium, lxml, python-docx, openpyxl) or the recogniser met
        # something no report holds. The clerk gets one line, never a traceback or a 500; the
        # exception's name tells whoever looks into the file where it gave up.
        raise UnreadableReport(
            f"文件内容异常，无法按{_FORMAT_NAMES.get(fmt, '文本')}读取（{type(exc).__name__}）；"
            "请确认文件完整，或换一种格式（如 PDF、DOCX）再试"
        ) from exc


def parse_text(text: str, *, previous: Previous = None) -> ParseResult:
    if not text or not text.strip():
        raise UnreadableReport("文件是空的")

    return _reasoned(lambda: read_text(text), "text", previous)


def parse_path(path: str | os.PathLike, *, previous: Previous = None) -> ParseResult:
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise UnreadableReport(f"找不到文件：{p}") from None
    except OSError as exc:
        raise UnreadableReport(f"无法读取文件：{exc.strerror or exc}") from None
    if p.is_dir():
        raise UnreadableReport(f"这是一个文件夹，不是文件：{p}")
    if size > MAX_BYTES:
        raise UnreadableReport(
            f"文件过大（超过 {MAX_BYTES // (1024 * 1024)} MB），不像一份年度报告"
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise UnreadableReport(f"无法读取文件：{exc.strerror or exc}") from None
    return parse_bytes(data, p.name, previous=previous)
