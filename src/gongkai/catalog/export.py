"""Export of an agency's public catalog as a table (CSV/XLSX), in the import's columns."""

from __future__ import annotations

import io

from openpyxl import Workbook

from gongkai.table_files import append_row, csv_text

from .domain.content import plain_text
from .domain.kinds import DOC_TYPE_LABELS, VALIDITY_LABELS
from .domain.table_io import COLUMNS
from .models import Record


def export_rows(agency, year: int | None = None) -> list[dict]:
    records = Record.objects.filter(agency=agency, is_public=True).select_related("category")
    if year:
        records = records.filter(published_on__year=year)
    out = []
    for r in records.order_by("published_on", "id"):
        out.append(
            {
                COLUMNS["index_number"]: r.index_number,
                COLUMNS["title"]: r.title,
                COLUMNS["category"]: r.category.code if r.category else "",
                COLUMNS["doc_type"]: DOC_TYPE_LABELS.get(r.doc_type, r.doc_type),
                COLUMNS["document_number"]: r.document_number,
                COLUMNS["formed_on"]: r.formed_on.isoformat(),
                COLUMNS["published_on"]: r.published_on.isoformat() if r.published_on else "",
                COLUMNS["subject_words"]: r.subject_words,
                COLUMNS["subject_class"]: r.subject_class,
                COLUMNS["validity"]: VALIDITY_LABELS.get(r.validity, ""),
                COLUMNS["effective_from"]: r.effective_from.isoformat() if r.effective_from else "",
                COLUMNS["ended_on"]: r.ended_on.isoformat() if r.ended_on else "",
                COLUMNS["validity_basis"]: r.validity_basis,
                COLUMNS["summary"]: r.summary,
                COLUMNS["body"]: plain_text(r.body),
            }
        )
    return out


def write_csv(rows: list[dict]) -> bytes:
    headers = list(COLUMNS.values())
    # UTF-8 with BOM so that Excel on a clerk's Windows PC opens it with the right encoding.
    return csv_text(headers, ([row[h] for h in headers] for row in rows)).encode("utf-8-sig")


def write_xlsx(rows: list[dict]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("公开目录")
    append_row(sheet, COLUMNS.values())
    for row in rows:
        append_row(sheet, [row[h] for h in COLUMNS.values()])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
