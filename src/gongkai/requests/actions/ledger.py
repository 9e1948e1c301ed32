"""Importing the request ledger (依申请公开台账) of ledgers.md: every row planned as one request.

All or nothing unless asked for the good rows only: a bad row never stops the import silently.
Each imported request takes the steps its row implies through the workflow's table and the
clock (``plan_import``, the same steps a single ``import_request`` takes), so its due date, the
queue and the annual report treat it like a request registered here; a row the table or the
clock refuses is reported like any other bad row.

The rows are planned in memory first, then written in one transaction with a few bulk inserts
(requests, clock entries, replies) and one batch of audit rows (``audit.record_many``): an
office's 20,000 rows take seconds instead of six saves and a chain-head lock each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gongkai.audit import log as audit
from gongkai.organisations import policy
from gongkai.organisations.roles import Action
from gongkai.state_guard import transition_writes
from gongkai.table_files import length_errors
from gongkai.workdays import registry

from ..domain.ledger import CHANNEL_KEYS, FIELDS, RequestRecord, RowError
from ..domain.workflow import Event, State
from ..models import ClockEventRecord, InfoRequest, Reply, new_tracking_code
from ..models import hash_tracking_code as _hash
from . import AUDITED_FIELDS, InvalidStep, _refresh_due, _step, key_for

IMPORT_NOTE = "台账导入"
# Rows per INSERT statement, well inside SQLite's limit of bound variables.
BATCH_SIZE = 500


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
    planned = []
    # Nothing is written while planning, so a refused row needs no savepoint to undo.
    with registry.one_calendar():
        for number, record in good:
            fields = request_fields(number, record)
            try:
                req, rows = plan_import(actor=actor, agency=agency, today=today, **fields)
            except InvalidStep as exc:
                errors.append(RowError(record.row, "", str(exc)))
                continue
            planned.append((req, rows, fields["note"]))
    if errors and not good_rows_only:
        return ImportResult(0, sorted(errors, key=lambda e: e.row))
    with transaction.atomic():
        _write(actor, planned)
    return ImportResult(len(planned), sorted(errors, key=lambda e: e.row))


def _write(actor, planned: list[tuple[InfoRequest, list, str]]) -> None:
    """The planned requests, then their clock entries and replies (which now find the
    requests' ids), then one audit row each, in the caller's transaction."""
    with transition_writes():  # the states plan_import's steps set through the table
        InfoRequest.objects.bulk_create([req for req, _, _ in planned], batch_size=BATCH_SIZE)
    rows = [row for _, rows, _ in planned for row in rows]
    for model in (ClockEventRecord, Reply):
        mine = [row for row in rows if type(row) is model]
        model.objects.bulk_create(mine, batch_size=BATCH_SIZE)
    audit.record_many(
        actor=actor, entries=[import_audit_entry(req, note=note) for req, _, note in planned]
    )


def request_fields(number: str, record: RequestRecord) -> dict:
    """What a ledger row says, as the arguments of ``import_request`` / ``plan_import``."""
    closed = record.outcome is not None
    return {
        "number": number,
        "data": {
            "channel": CHANNEL_KEYS.get(record.channel or "", "other"),
            "applicant_type": record.applicant_type,
            "applicant_name": record.applicant or "（台账未载）",
            "applicant_key": key_for({"applicant_name": record.applicant})
            if record.applicant
            else "",
            "description": record.description or "（台账未载）",
            "notes": {"ledger": record.notes} if record.notes else {},
        },
        "received_on": record.received,
        "extended": bool(record.extended),
        "replied_on": record.replied if closed else None,
        "outcome": record.outcome,
        "note": f"{IMPORT_NOTE}第 {record.row} 行",
    }


def import_request(
    *,
    actor,
    agency,
    number: str,
    data: dict,
    received_on: dt.date,
    extended: bool = False,
    replied_on: dt.date | None = None,
    outcome: str | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> InfoRequest:
    """A request from the office's ledger (台账), planned by ``plan_import`` and saved with its
    clock entries and reply; one audit row for the request. ``import_requests`` plans every
    row of a ledger the same way and writes them all at once."""
    policy.require(actor, Action.REQUEST_HANDLE, agency)
    today = today or timezone.localdate()
    req, rows = plan_import(
        actor=actor,
        agency=agency,
        number=number,
        data=data,
        received_on=received_on,
        extended=extended,
        replied_on=replied_on,
        outcome=outcome,
        note=note,
        today=today,
    )
    with transaction.atomic():
        with transition_writes():
            req.save()
        for row in rows:
            row.save()
        audit.record(actor=actor, **import_audit_entry(req, note=note))
    return req


def plan_import(
    *,
    actor,
    agency,
    number: str,
    data: dict,
    received_on: dt.date,
    extended: bool,
    replied_on: dt.date | None,
    outcome: str | None,
    note: str,
    today: dt.date,
) -> tuple[InfoRequest, list[ClockEventRecord | Reply]]:
    """A ledger's request in memory, nothing saved: created in the workflow's first state, then
    what the ledger says taken as the table's steps — IMPORT on the date of receipt, the
    extension if it says so, the reply — each checked by the table and the clock, like a
    clerk's (InvalidStep when one is refused). Returns the request with its state and due date
    set, and its unsaved clock entries and reply, which point at it."""
    req = InfoRequest(
        agency=agency,
        number=number,
        state=State.SUBMITTED.value,
        tracking_code_hash=_hash(new_tracking_code()),
        submitted_at=timezone.make_aware(dt.datetime.combine(received_on, dt.time(9))),
        **data,
    )
    req._clock_events = []  # new: its clock is what the steps below append
    rows: list[ClockEventRecord | Reply] = []
    _step(req, Event.IMPORT, received_on, actor=actor, today=today, note=note, pending=rows)
    if extended:
        # The ledger says the period was extended but not when; the steps are dated on the
        # reply (or today) so the history never claims a date it does not know.
        on = replied_on or today
        why = f"{note}：台账载明已延期，审批日期不详"
        for event, days in ((Event.REQUEST_EXTENSION, None), (Event.APPROVE_EXTENSION, 20)):
            _step(
                req, event, on, actor=actor, today=today, note=why, working_days=days, pending=rows
            )
    if outcome:
        _step(
            req,
            Event.REPLY,
            replied_on,
            actor=actor,
            today=today,
            note=note,
            outcome=outcome,
            withheld=[],
            pending=rows,
        )
    _refresh_due(req, today=today)
    return req, rows


def import_audit_entry(req: InfoRequest, *, note: str) -> dict:
    """The audit row of an imported request (saved already), as ``audit.record``'s arguments."""
    return {
        "action": "request.import",
        "obj": req,
        "transition": Event.IMPORT.value,
        "changes": audit.diff({}, audit.field_values(req, AUDITED_FIELDS)),
        "note": note,
    }
