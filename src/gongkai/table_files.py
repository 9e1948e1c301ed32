"""Spreadsheets brought to the platform: CSV (UTF-8 or GB18030) and .xlsx, read row by row.

Every import (request ledger, appeal ledger, catalog, a report's hand-entered figures) reads its
file here, so they all accept the same files, refuse the same ones with the same Chinese
messages, and report problems alike (:class:`RowError`: the row number as the spreadsheet shows
it, header line = 1). This is file handling, not a rule of any context: the contexts' domains
check the rows they get.

Bounded: an .xlsx is streamed (openpyxl's read-only mode) and a CSV decoded line by line, at
files up to :data:`MAX_BYTES`, at most :data:`MAX_ROWS` data rows and :data:`MAX_COLUMNS` columns are read, and one CSV field may
hold at most :data:`MAX_FIELD_CHARS` characters; beyond that the file is refused, never read
half.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from gongkai.errors import InvalidInput

MAX_BYTES = 100 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200
# A catalog record's body is one field; 1 MB of text is far more than any published document.
MAX_FIELD_CHARS = 1_000_000
csv.field_size_limit(MAX_FIELD_CHARS)
# An .xlsx is a zip: what it unpacks to is bounded before openpyxl opens it. Its shared strings
# are held in memory whole (the sheet itself is streamed), so they get their own bound.
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024


class TableError(InvalidInput, ValueError):
    """A file that cannot be read as a table; the message says what to do, in Chinese."""

    code = "table_unreadable"
    message = "无法读取此表格文件，请另存为 CSV 或 XLSX 后重试。"


@dataclass(frozen=True)
class RowError:
    row: int
    field: str  # the Chinese header, or "" for the row as a whole
    message: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行" + (f"“{self.field}”" if self.field else "")
        return f"{where}：{self.message}"


def clean(value: Any) -> str:
    """A cell as text: full-width forms folded (NFKC), surrounding space removed."""
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


def parse_date(value: Any) -> date | None:
    """Dates as spreadsheets hold them: date cells, 2025-09-26, 2025/9/26, 2025年9月26日."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean(value)
    if not text:
        return None
    m = re.fullmatch(
        r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?", text
    )
    if not m:
        raise ValueError(text)
    return date(*(int(g) for g in m.groups()))


# --- reading files --------------------------------------------------------------------------


def read_table(source: str | Path | bytes, filename: str | None = None) -> list[dict[str, Any]]:
    """The rows of a CSV or .xlsx file as dicts keyed by the first row's headers.

    ``source`` is a path or the file's bytes (an upload); ``filename`` decides the format when
    bytes are given. Blank rows between data rows are kept so that list position + 2 is the
    spreadsheet's line; blank rows after the last data row are dropped.
    """
    return list(iter_table(source, filename))


def iter_table(source: str | Path | bytes, filename: str | None = None) -> Iterator[dict[str, Any]]:
    """:func:`read_table` one row at a time; the file's problems raise :class:`TableError`."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        filename = filename or path.name
        try:
            if path.stat().st_size > MAX_BYTES:
                raise TableError(
                    f"文件 {path} 超过 {MAX_BYTES // (1024 * 1024)} MB：请分成几个文件导入。"
                )
            data = path.read_bytes()
        except FileNotFoundError:
            raise TableError(f"找不到文件 {path}") from None
        except OSError as exc:
            raise TableError(f"无法读取文件 {path}（{exc.strerror or exc}）") from None
    else:
        data = bytes(source)
        if len(data) > MAX_BYTES:
            raise TableError(f"文件超过 {MAX_BYTES // (1024 * 1024)} MB：请分成几个文件导入。")
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".xlsx":
        return _dicts(_xlsx_rows(data))
    if suffix in (".csv", ".txt", ""):
        return _dicts(_csv_rows(data))
    if suffix == ".xls":
        raise TableError(
            "不支持旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 或 CSV 后再导入。"
        )
    raise TableError(f"不支持 {suffix} 文件：请导入 CSV（UTF-8 或 GB18030 编码）或 .xlsx 文件。")


def _encoding_of(data: bytes) -> str:
    """UTF-8 if the whole file decodes as UTF-8 (checked incrementally), else GB18030."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), 1 << 16):
            decoder.decode(view[start : start + (1 << 16)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig"


def _csv_rows(data: bytes) -> Iterator[list[Any]]:
    encoding = _encoding_of(data)
    text = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    first_line = text.readline()
    if "\x00" in first_line:
        raise TableError("文件不是文本格式的 CSV（可能是 Excel 文件），请检查文件类型。")
    text.seek(0)
    # Excel's "Unicode text" export is tab-separated; everything else here uses commas.
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(text, delimiter=delimiter)
    try:
        for row in reader:
            if any("\x00" in cell for cell in row):
                raise TableError("文件不是文本格式的 CSV（可能是 Excel 文件），请检查文件类型。")
            yield row
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise TableError(
                f"第 {reader.line_num} 行有一格超过 {MAX_FIELD_CHARS:,} 个字符：请检查文件"
                "（可能有未闭合的引号）。"
            ) from None
        raise TableError(f"第 {reader.line_num} 行无法按 CSV 读取（{exc}）：请检查引号。") from None


def _check_unpacked(data: bytes) -> None:
    """Refuse a zip bomb from the sizes its directory declares (zipfile reads no further)."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # openpyxl says it cannot open it
    total = sum(m.file_size for m in members)
    strings = sum(m.file_size for m in members if m.filename.lower().endswith("sharedstrings.xml"))
    if total > MAX_UNPACKED_BYTES or strings > MAX_SHARED_STRINGS_BYTES:
        raise TableError(
            f".xlsx 文件解压后有 {total / 1048576:,.0f} MB，超过可读取的上限：请只保留要导入的"
            "工作表和列，或另存为 CSV 后导入。"
        )


def _xlsx_rows(data: bytes) -> Iterator[list[Any]]:
    _check_unpacked(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or mislabelled file
        raise TableError(
            f"无法打开 .xlsx 文件（{type(exc).__name__}）：请确认文件未损坏且未加密。"
        ) from None
    try:
        sheet = workbook.worksheets[0]
        # max_col bounds a row even when the sheet claims (or has) thousands of columns.
        # A cell comes back as at most Excel's 32,767 characters; what parsing a huge one
        # costs is bounded by _check_unpacked.
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            yield list(row)
    finally:
        workbook.close()


def _dicts(rows: Iterator[list[Any]]) -> Iterator[dict[str, Any]]:
    header = next(rows, None)
    if header is None:
        raise TableError("文件是空的：第一行应为表头（申请编号、收到日期、申请人类型……）。")
    header = _trimmed(header)
    if len(header) > MAX_COLUMNS:
        raise TableError(f"表格超过 {MAX_COLUMNS} 列：请只保留需要导入的列。")
    headers: list[str] = []
    for i, cell in enumerate(header, 1):
        name = clean(cell) or f"第{i}列"
        while name in headers:  # a repeated header keeps its data as a note
            name += "（重复）"
        headers.append(name)
    blank_run = 0
    for count, row in enumerate(rows, 1):
        if count > MAX_ROWS:
            # Read no further, blank or not: a sheet may declare (or pad with empty, formatted
            # rows) a million lines, and walking them costs minutes for nothing.
            raise TableError(
                f"表格超过 {MAX_ROWS:,} 行数据：第 {MAX_ROWS + 2:,} 行起仍有行（也许只是带格式的"
                "空行），未读取；请删去多余的行，或分成几个文件导入。"
            )
        cells = _trimmed(row)
        if not cells:
            blank_run += 1
            continue
        if len(cells) > len(headers):
            extra = range(len(headers) + 1, len(cells) + 1)
            if len(cells) > MAX_COLUMNS:
                raise TableError(f"表格超过 {MAX_COLUMNS} 列：请只保留需要导入的列。")
            headers += [f"第{i}列" for i in extra]
        for _ in range(blank_run):
            yield dict.fromkeys(headers)
        blank_run = 0
        cells = [restored(cell) for cell in cells]
        yield dict(zip(headers, cells + [None] * (len(headers) - len(cells)), strict=True))


def _trimmed(row: Sequence[Any]) -> list[Any]:
    """The row without its empty trailing cells (spreadsheets pad rows to the sheet's width)."""
    cells = list(row)
    while cells and (cells[-1] is None or cells[-1] == ""):
        cells.pop()
    return cells


# --- checking rows --------------------------------------------------------------------------


def length_errors(
    row: int, values: Mapping[str, str], limits: Mapping[str, int], headers: Mapping[str, str]
) -> list[RowError]:
    """The values longer than the column each is saved in (``limits``: name → the model
    field's max_length), named by their header. Checked before saving: SQLite keeps any length
    and PostgreSQL raises DataError, so without this a file imports on one and not the other."""
    return [
        RowError(
            row, headers.get(name, ""), f"超过 {limits[name]} 个字符（现有 {len(text)} 个），请缩短"
        )
        for name, text in values.items()
        if name in limits and len(text) > limits[name]
    ]


def parse_rows(
    rows: Iterable[Mapping[str, Any]],
    *,
    fields: Mapping[str, Sequence[str]],
    required: Sequence[str],
    header_key: Callable[[str], str],
    check: Callable[[int, dict[str, Any]], tuple[dict[str, Any], list[RowError]]],
    make: Callable[[int, dict[str, Any], dict[str, str]], Any],
    first_row: int = 2,
) -> tuple[list, list[RowError]]:
    """Any ledger's rows: headers matched by name (Chinese or English), blank rows skipped,
    unknown columns kept as notes, ids unique; ``check`` validates one row's values and
    ``make`` builds its record. Returns the good rows' records and every bad row's problems."""
    headers = {header_key(name): field for field, names in fields.items() for name in names}
    records: list = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    checked_headers = False
    for row_number, raw in enumerate(rows, first_row):
        if not checked_headers:
            checked_headers = True
            present = {headers.get(header_key(h)) for h in raw if h is not None}
            missing = [fields[f][0] for f in required if f not in present]
            if missing:
                names = "、".join(f"“{m}”" for m in missing)
                return [], [
                    RowError(first_row - 1, "", f"缺少必需的列 {names}；请检查表头（第一行）")
                ]
        if not any(clean(v) for v in raw.values()):
            continue
        values: dict[str, Any] = {}
        notes: dict[str, str] = {}
        for header, value in raw.items():
            name = headers.get(header_key(header)) if header is not None else None
            if name is not None:
                values[name] = value
            elif clean(value):
                notes[clean(header) or "（无表头）"] = clean(value)
        out, row_errors = check(row_number, values)
        if out["id"] in seen:
            row_errors.append(
                RowError(row_number, fields["id"][0], f"“{out['id']}”与第 {seen[out['id']]} 行重复")
            )
        elif out["id"]:
            seen[out["id"]] = row_number
        if row_errors:
            errors.extend(row_errors)
            continue
        records.append(make(row_number, out, notes))
    return records, errors


# --- writing files --------------------------------------------------------------------------

# What a spreadsheet program takes for the start of a formula (OWASP, "CSV injection"). Exports
# carry text from applicants and from uploaded reports: `=HYPERLINK(…)` in an organisation's
# name must reach the clerk's Excel as text, never as a live formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: Any) -> Any:
    """A cell's value as no spreadsheet will run it: text that begins like a formula (also after
    leading spaces) gets an apostrophe in front, the text itself kept; numbers, dates and other
    text stay as they are. openpyxl then stores the cell as a string, not a formula."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def inert_row(values: Iterable[Any]) -> list[Any]:
    return [inert(value) for value in values]


def restored(value: Any) -> Any:
    """:func:`inert` undone, so that an exported table imports as it was exported (Excel, too,
    takes a leading apostrophe for "this is text" and drops it)."""
    if isinstance(value, str) and value.startswith("'") and inert(value[1:]) != value[1:]:
        return value[1:]
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Every CSV the platform writes: a header line, then the rows, each cell through inert()."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(inert_row(header))
    for row in rows:
        writer.writerow(inert_row(row))
    return buffer.getvalue()


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """Every row the platform writes into an openpyxl sheet (normal or write-only)."""
    sheet.append(inert_row(values))
