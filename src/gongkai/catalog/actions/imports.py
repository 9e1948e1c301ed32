"""Importing an existing catalog (CSV/XLSX): every row through ``actions.import_record``.

SYSTEM or a publisher, one transaction (all or nothing unless good rows only are asked for),
each record taken through the table's IMPORT step with its own audit row, indexing after
commit in batches. Imported rows are information the agency already published, so IMPORT takes
them to published (the table says so); the export is ``catalog.export``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from gongkai.audit import log as audit
from gongkai.organisations import policy
from gongkai.organisations.roles import Action
from gongkai.outbox.index import queue_index
from gongkai.state_guard import transition_writes
from gongkai.table_files import length_errors

from ..domain.content import sanitise_html
from ..domain.index_number import normalise
from ..domain.table_io import COLUMNS, CatalogRow, RowError
from ..domain.workflow import Event, State, next_state
from ..models import Category, Record
from . import (
    AUDITED,
    NEEDED,
    after_commit,
    bump_generation,
    ensure_catalog,
    new_version,
    version_content,
)


def import_record(
    *,
    actor,
    agency,
    category: Category,
    data: dict,
    published_on: dt.date,
    note: str = "",
    now: dt.datetime | None = None,
    index: bool = True,
) -> Record:
    """A record the agency published before the platform (目录导入): created as a draft and
    taken through the table's IMPORT step to published, with its first version; one audit row.
    ``index=False`` leaves indexing to the caller (an import indexes its records in batches)."""
    policy.require(actor, NEEDED[Event.IMPORT], agency)
    now = now or timezone.now()
    published_at = timezone.make_aware(dt.datetime.combine(published_on, dt.time(9)))
    record = Record(agency=agency, category=category, state=State.DRAFT, **data)
    if getattr(actor, "pk", None):
        record.created_by = actor
    with transaction.atomic():
        new_state = next_state(State.DRAFT, Event.IMPORT)
        with transition_writes():
            record.save()
        record.published_at, record.published_on = min(published_at, now), published_on
        record.is_public = True
        record.live = new_version(
            record, version_content(record), published_at=record.published_at, note=note or "导入"
        )
        record.state = new_state.value
        with transition_writes():
            record.save()
        audit.record(
            actor=actor,
            action="catalog.import",
            obj=record,
            transition=Event.IMPORT.value,
            changes=audit.diff({}, audit.field_values(record, AUDITED)),
            note=note,
        )
        if index:
            after_commit(record.pk, index=True)
    return record


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
    ensure_catalog(actor=actor, agency=agency)
    cats = {}
    for c in Category.objects.filter(agency=agency):
        cats[c.code] = cats[c.name] = c
    errors = list(errors)
    taken = set(
        Record.objects.filter(
            index_number__in=[normalise(r.index_number) for r in rows]
        ).values_list("index_number", flat=True)
    )
    limits = {
        name: Record._meta.get_field(name).max_length
        for name in COLUMNS
        if name != "category" and getattr(Record._meta.get_field(name), "max_length", None)
    }
    good = []
    for row in rows:
        category = _category(agency, cats, row.category)
        values = {name: getattr(row, name) for name in limits}
        if too_long := length_errors(row.row, values, limits, COLUMNS):
            errors.extend(too_long)
        elif category is None:
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
            record = import_record(
                actor=actor,
                agency=agency,
                category=category,
                data={
                    "title": row.title,
                    "index_number": row.index_number,
                    "doc_type": row.doc_type,
                    "document_number": row.document_number,
                    "subject_words": row.subject_words,
                    "subject_class": row.subject_class,
                    "summary": row.summary,
                    "body": sanitise_html(row.body) if "<" in row.body else _paragraphs(row.body),
                    "formed_on": row.formed_on,
                    "validity": row.validity or "",
                    "effective_from": row.effective_from,
                    "ended_on": row.ended_on,
                    "validity_basis": row.validity_basis,
                },
                published_on=row.published_on,
                note=f"目录导入第 {row.row} 行",
                now=now,
                index=False,
            )
            created.append(record.pk)
        result.imported = len(created)

        queue_index(created)
        transaction.on_commit(bump_generation)
    return result


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(p.strip())}</p>" for p in text.splitlines() if p.strip())
