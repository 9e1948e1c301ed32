"""Catalog import and export as tables (CSV/XLSX): columns, row checks with Chinese errors.

Reading the file itself is gongkai.table_files (UTF-8/GB18030 CSV, .xlsx), as for every import."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gongkai.table_files import RowError, TableError, parse_date

from .index_number import normalise
from .kinds import (
    DOC_TYPE_LABELS,
    VALIDITY_LABELS,
    DocType,
    ValidityError,
    ValidityInfo,
    check_validity,
)

# field: Chinese header (exported and recognised on import)
COLUMNS: dict[str, str] = {
    "index_number": "索引号",
    "title": "标题",
    "category": "公开目录",
    "doc_type": "文件类型",
    "document_number": "文号",
    "formed_on": "成文日期",
    "published_on": "发布日期",
    "subject_words": "主题词",
    "subject_class": "主题分类",
    "validity": "有效性",
    "effective_from": "施行日期",
    "ended_on": "失效或废止日期",
    "validity_basis": "废止或替代文件",
    "summary": "内容概述",
    "body": "正文",
}
REQUIRED = ("index_number", "title", "category", "formed_on", "published_on")
_HEADER_FIELD = {v: k for k, v in COLUMNS.items()} | {k: k for k in COLUMNS}
_DOC_TYPES = {v: k.value for k, v in DOC_TYPE_LABELS.items()} | {k.value: k.value for k in DocType}
_VALIDITIES = {v: k.value for k, v in VALIDITY_LABELS.items()} | {
    k.value: k.value for k in VALIDITY_LABELS
}


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


@dataclass
class CatalogRow:
    row: int
    index_number: str
    title: str
    category: str  # a category code or name of the agency's catalog
    formed_on: date
    published_on: date
    doc_type: str = DocType.DOCUMENT.value
    document_number: str = ""
    subject_words: str = ""
    subject_class: str = ""
    validity: str = ""
    effective_from: date | None = None
    ended_on: date | None = None
    validity_basis: str = ""
    summary: str = ""
    body: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def parse_rows(
    rows: list[dict[str, Any]], *, today: date
) -> tuple[list[CatalogRow], list[RowError]]:
    """Rows of the file (line = position + 2) → good rows and every error found."""
    good: list[CatalogRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    if rows:
        known = {_HEADER_FIELD.get(re.sub(r"\s", "", str(h))) for h in rows[0]}
        missing = [COLUMNS[f] for f in REQUIRED if f not in known]
        if missing:
            raise TableError(
                f"表头缺少必填列：{'、'.join(missing)}。第一行应为 {'、'.join(COLUMNS.values())}。"
            )
    for position, raw in enumerate(rows):
        line = position + 2
        values = {}
        for header, value in raw.items():
            name = _HEADER_FIELD.get(re.sub(r"\s", "", str(header)))
            if name:
                values[name] = value
        if not any(_clean(v) for v in values.values()):
            continue
        row_errors: list[RowError] = []

        def fail(name: str, message: str, _errors=row_errors, _line=line) -> None:
            _errors.append(RowError(_line, COLUMNS.get(name, ""), message))

        data: dict[str, Any] = {}
        for name in COLUMNS:
            text = _clean(values.get(name))
            if name in REQUIRED and not text:
                fail(name, "必填，不能为空。")
                continue
            if name in {"formed_on", "published_on", "effective_from", "ended_on"}:
                try:
                    data[name] = parse_date(values.get(name))
                except ValueError:
                    fail(name, f"“{text}”不是日期，请写成 2025-09-26 的形式。")
                continue
            data[name] = text
        number = normalise(data.get("index_number", ""))
        data["index_number"] = number
        if number and number in seen:
            fail("index_number", f"与第 {seen[number]} 行的索引号重复；索引号不能重复。")
        elif number:
            seen[number] = line
        doc_type = _DOC_TYPES.get(data.get("doc_type") or "其他文件")
        if doc_type is None:
            fail(
                "doc_type",
                f"“{data['doc_type']}”不是可用的文件类型：{'、'.join(DOC_TYPE_LABELS.values())}。",
            )
        validity = data.get("validity", "")
        if validity:
            validity = _VALIDITIES.get(validity)
            if validity is None:
                fail("validity", "有效性只能是“有效”“失效”或“废止”。")
        if data.get("formed_on") and data.get("published_on"):
            if data["published_on"] < data["formed_on"]:
                fail("published_on", "发布日期早于成文日期，请检查。")
            if data["published_on"] > today:
                fail("published_on", f"发布日期 {data['published_on']} 晚于今天。")
        if doc_type and validity is not None and not row_errors:
            try:
                check_validity(
                    doc_type,
                    ValidityInfo(
                        validity,
                        data.get("effective_from"),
                        data.get("ended_on"),
                        data.get("validity_basis", ""),
                    ),
                    today=today,
                )
            except ValidityError as exc:
                fail("validity", str(exc))
        if row_errors:
            errors.extend(row_errors)
            continue
        data["doc_type"], data["validity"] = doc_type, validity
        good.append(CatalogRow(row=line, **data))
    return good, errors
