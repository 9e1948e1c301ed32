"""The request ledger (依申请公开台账) in and out of the platform, per ledgers.md.

Import is all or nothing unless asked for the good rows only: a bad row never stops the import
silently. Each imported request gets the clock entries its row implies, so its due date,
the queue and the annual report treat it like a request registered here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gongkai.audit import log as audit
from gongkai.organisations import policy
from gongkai.organisations.roles import Action

from .actions import AUDITED_FIELDS, _append_clock, _refresh_due, key_for
from .domain.ledger import FIELDS, RequestRecord, RowError
from .domain.outcomes import OUTCOMES
from .domain.workflow import Event, State
from .models import InfoRequest, new_tracking_code
from .models import hash_tracking_code as _hash

CHANNEL_KEYS = {
    "当面": "in_person",
    "信函": "letter",
    "传真": "fax",
    "电子邮件": "email",
    "网络": "online",
    "其他": "other",
}
CHANNEL_LABELS = {v: k for k, v in CHANNEL_KEYS.items()}
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
    good = []
    for record in records:
        number = f"{agency.code}-{record.id}"
        if number in existing:
            errors.append(RowError(record.row, FIELDS["id"][0], f"申请编号 {record.id} 已导入过"))
        elif record.received > today:
            errors.append(RowError(record.row, FIELDS["received"][0], "收到日期晚于今天"))
        elif record.replied and record.replied > today:
            errors.append(RowError(record.row, FIELDS["replied"][0], "答复日期晚于今天"))
        else:
            good.append((number, record))
    if errors and not good_rows_only:
        return ImportResult(0, sorted(errors, key=lambda e: e.row))
    with transaction.atomic():
        for number, record in good:
            _import_one(actor, agency, number, record, today)
    return ImportResult(len(good), sorted(errors, key=lambda e: e.row))


def _import_one(actor, agency, number: str, record: RequestRecord, today: dt.date) -> None:
    closed = record.outcome is not None
    req = InfoRequest.objects.create(
        agency=agency,
        number=number,
        tracking_code_hash=_hash(new_tracking_code()),
        state=State.CLOSED if closed else State.PROCESSING,
        channel=CHANNEL_KEYS.get(record.channel or "", "other"),
        submitted_at=timezone.make_aware(dt.datetime.combine(record.received, dt.time(9))),
        received_on=record.received,
        applicant_type=record.applicant_type,
        applicant_name=record.applicant or "（台账未载）",
        applicant_key=key_for({"applicant_name": record.applicant}) if record.applicant else "",
        description=record.description or "（台账未载）",
        outcome=record.outcome or "",
        closed_on=record.replied if closed else None,
        extended=bool(record.extended),
        notes={"ledger": record.notes} if record.notes else {},
    )
    _append_clock(req, Event.CONFIRM_RECEIPT, record.received, actor=actor, note=IMPORT_NOTE)
    if record.extended:
        # The ledger says the period was extended but not when; the entries are dated on the
        # reply (or today) so the history never claims a date it does not know.
        on = record.replied or today
        note = f"{IMPORT_NOTE}：台账载明已延期，审批日期不详"
        _append_clock(req, Event.REQUEST_EXTENSION, on, actor=actor, note=note)
        _append_clock(req, Event.APPROVE_EXTENSION, on, actor=actor, note=note, working_days=20)
    if closed:
        _append_clock(req, Event.REPLY, record.replied, actor=actor, note=IMPORT_NOTE)
    _refresh_due(req, today=today)
    req.save(update_fields=["due_on", "days_used"])
    audit.record(
        actor=actor,
        action="request.import",
        obj=req,
        changes=audit.diff({}, audit.snapshot(req, AUDITED_FIELDS)),
        note=f"{IMPORT_NOTE}第 {record.row} 行",
    )


HEADERS = [FIELDS[key][0] for key in FIELDS]


def export_rows(agency, year: int) -> list[list[str]]:
    """The year's ledger: requests received in the year, and those carried into it."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = InfoRequest.objects.filter(agency=agency, received_on__lte=end).exclude(
        closed_on__lt=start
    )
    out = []
    for req in rows.order_by("received_on", "number"):
        own_id = req.number.removeprefix(f"{agency.code}-")
        out.append(
            [
                own_id,
                req.received_on.isoformat(),
                CHANNEL_LABELS.get(req.channel, "其他"),
                req.get_applicant_type_display() if req.applicant_type != "other_org" else "其他",
                req.organisation_name or req.applicant_name,
                req.description,
                OUTCOMES[req.outcome].label if req.outcome in OUTCOMES else "",
                req.closed_on.isoformat() if req.closed_on else "",
                "是" if req.extended else "否",
            ]
        )
    return out


def write_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    # UTF-8 with BOM so that Excel on a clerk's Windows PC opens it with the right encoding.
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "依申请公开台账"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
