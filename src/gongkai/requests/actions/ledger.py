"""Importing the request ledger (依申请公开台账) of ledgers.md: every row through ``import_request``.

All or nothing unless asked for the good rows only: a bad row never stops the import silently.
Each imported request takes the steps its row implies through the workflow's table and the
clock, so its due date, the queue and the annual report treat it like a request registered
here; a row the table or the clock refuses is reported like any other bad row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gongkai.organisations import policy
from gongkai.organisations.roles import Action
from gongkai.table_files import length_errors
from gongkai.workdays import registry

from ..domain.ledger import CHANNEL_KEYS, FIELDS, RequestRecord, RowError
from ..models import InfoRequest
from . import InvalidStep, import_request, key_for

IMPORT_NOTE = "台账导入"


@dataclass
class ImportResult:
    imported: int
    errors: list[RowError]


def import_requests(
    *,
    actor,
    agency,
    records: list[RequestRecord],
    errors: list[RowError],
    good_rows_only: bool,
    today: dt.date | None = None,
) -> ImportResult:
    policy.require(actor, Action.REQUEST_HANDLE, agency)
    today = today or timezone.localdate()
    errors = list(errors)
    existing = set(InfoRequest.objects.filter(agency=agency).values_list("number", flat=True))
    # The ledger's 申请编号 is stored after the agency's code: "{code}-{id}".
    limits = {
        "id": InfoRequest._meta.get_field("number").max_length - len(agency.code) - 1,
        "applicant": InfoRequest._meta.get_field("applicant_name").max_length,
    }
    headers = {name: FIELDS[name][0] for name in limits}
    good = []
    for record in records:
        number = f"{agency.code}-{record.id}"
        values = {"id": record.id, "applicant": record.applicant}
        if too_long := length_errors(record.row, values, limits, headers):
            errors.extend(too_long)
        elif number in existing:
            errors.append(RowError(record.row, FIELDS["id"][0], f"申请编号 {record.id} 已导入过"))
        elif record.received > today:
            errors.append(RowError(record.row, FIELDS["received"][0], "收到日期晚于今天"))
        elif record.replied and record.replied > today:
            errors.append(RowError(record.row, FIELDS["replied"][0], "答复日期晚于今天"))
        else:
            good.append((number, record))
    if errors and not good_rows_only:
        return ImportResult(0, sorted(errors, key=lambda e: e.row))
    imported = 0
    with transaction.atomic(), registry.one_calendar():
        for number, record in good:
            try:
                with transaction.atomic():
                    _import_one(actor, agency, number, record, today)
                imported += 1
            except InvalidStep as exc:
                errors.append(RowError(record.row, "", str(exc)))
        if errors and not good_rows_only:
            transaction.set_rollback(True)
            imported = 0
    return ImportResult(imported, sorted(errors, key=lambda e: e.row))


def _import_one(actor, agency, number: str, record: RequestRecord, today: dt.date) -> None:
    closed = record.outcome is not None
    import_request(
        actor=actor,
        agency=agency,
        number=number,
        data={
            "channel": CHANNEL_KEYS.get(record.channel or "", "other"),
            "applicant_type": record.applicant_type,
            "applicant_name": record.applicant or "（台账未载）",
            "applicant_key": key_for({"applicant_name": record.applicant})
            if record.applicant
            else "",
            "description": record.description or "（台账未载）",
            "notes": {"ledger": record.notes} if record.notes else {},
        },
        received_on=record.received,
        extended=bool(record.extended),
        replied_on=record.replied if closed else None,
        outcome=record.outcome,
        note=f"{IMPORT_NOTE}第 {record.row} 行",
        today=today,
    )
