"""Import of an existing catalog and export of an agency's catalog (CSV/XLSX).

``import_records`` is a named action like those in ``actions``: SYSTEM or a publisher, one
transaction (all or nothing unless good rows only are asked for), an audit row, indexing after
commit. Imported rows are already public information, so they enter as published."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from gongkai.audit import log as audit
from gongkai.organisations import policy
from gongkai.organisations.roles import Action

from . import actions
from .domain.content import plain_text, sanitise_html
from .domain.index_number import normalise
from .domain.kinds import DOC_TYPE_LABELS, VALIDITY_LABELS
from .domain.table_io import COLUMNS, CatalogRow, RowError
from .domain.workflow import State
from .models import Category, Record, RecordVersion


@dataclass
class ImportResult:
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)


def _category(agency, cats: dict, text: str) -> Category | None:
    return cats.get(text) or cats.get(text.split(" ")[0])


def import_records(
    *, actor, agency, rows: list[CatalogRow], errors: list[RowError], good_rows_only=False
) -> ImportResult:
    policy.require(actor, Action.CATALOG_PUBLISH, agency)
    actions.ensure_catalog(actor=actor, agency=agency)
    cats = {}
    for c in Category.objects.filter(agency=agency):
        cats[c.code] = cats[c.name] = c
    errors = list(errors)
    taken = set(
        Record.objects.filter(
            index_number__in=[normalise(r.index_number) for r in rows]
        ).values_list("index_number", flat=True)
    )
    good = []
    for row in rows:
        category = _category(agency, cats, row.category)
        if category is None:
            errors.append(
                RowError(row.row, "公开目录", f"本机关的公开目录中没有“{row.category}”。")
            )
        elif row.index_number in taken:
            errors.append(RowError(row.row, "索引号", f"索引号 {row.index_number} 已存在。"))
        else:
            good.append((row, category))
    errors.sort(key=lambda e: e.row)
    result = ImportResult(errors=errors)
    if errors and not good_rows_only:
        return result
    now = timezone.now()
    with transaction.atomic():
        created = []
        for row, category in good:
            published_at = timezone.make_aware(dt.datetime.combine(row.published_on, dt.time(9)))
            record = Record.objects.create(
                agency=agency,
                category=category,
                title=row.title[:300],
                index_number=row.index_number,
                state=State.PUBLISHED,
                doc_type=row.doc_type,
                document_number=row.document_number,
                subject_words=row.subject_words,
                subject_class=row.subject_class,
                summary=row.summary,
                body=sanitise_html(row.body) if "<" in row.body else _paragraphs(row.body),
                formed_on=row.formed_on,
                validity=row.validity or "",
                effective_from=row.effective_from,
                ended_on=row.ended_on,
                validity_basis=row.validity_basis,
                is_public=True,
                published_at=min(published_at, now),
                published_on=row.published_on,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            record.live = RecordVersion.objects.create(
                record=record,
                number=1,
                data=actions.snapshot(record),
                published_at=record.published_at,
                note="导入",
            )
            record.save(update_fields=["live"])
            created.append(record.pk)
        audit.record(
            actor=actor,
            action="catalog.import",
            obj=agency,
            changes={"imported": [None, len(created)]},
            note=f"跳过 {len({e.row for e in errors})} 行" if errors else "",
        )
        result.imported = len(created)

        def after():
            from . import search

            for start in range(0, len(created), 500):
                search.index_records(created[start : start + 500])
            actions.bump_generation()

        transaction.on_commit(after)
    return result


def _paragraphs(text: str) -> str:
    from django.utils.html import escape

    return "".join(f"<p>{escape(p.strip())}</p>" for p in text.splitlines() if p.strip())


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
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS.values()))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(rows: list[dict]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("公开目录")
    sheet.append(list(COLUMNS.values()))
    for row in rows:
        sheet.append([row[h] for h in COLUMNS.values()])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
