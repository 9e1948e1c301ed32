"""Spreadsheets (.xlsx, and .xls/.et after conversion): each sheet's rows, merged cells as
shadows, so a statistics table kept in Excel reads like the same table in Word."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

from gongkai.parsing.document import Document
from gongkai.parsing.errors import UnreadableReport

_MAX_CELLS = 200_000  # a report's tables hold a few hundred; past this it is a data dump


def read_xlsx(data: bytes) -> Document:

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UnreadableReport(f"Excel 文件已损坏，无法读取（{type(exc).__name__}）") from None
    doc = Document(source_format="xlsx")
    cells = 0
    for sheet in workbook.worksheets:
        shadows = set()
        for merged in sheet.merged_cells.ranges:
            for row in range(merged.min_row, merged.max_row + 1):
                for col in range(merged.min_col, merged.max_col + 1):
                    if (row, col) != (merged.min_row, merged.min_col):
                        shadows.add((row, col))
        for row in sheet.iter_rows():
            cells += len(row)
            if cells > _MAX_CELLS:
                raise UnreadableReport("Excel 文件内容过多，不像一份年度报告")
            texts = [None if (c.row, c.column) in shadows else _text(c.value) for c in row]
            filled = [t for t in texts if t]
            if len(filled) == 1 and len(texts) > 1 and texts[0] == filled[0] and len(filled[0]) > 1:
                doc.add_text(filled[0])  # a title or heading across the sheet
            elif filled:
                doc.add_row(texts, in_table=True)
    return doc


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
