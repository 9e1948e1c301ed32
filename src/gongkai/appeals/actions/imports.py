"""The appeal ledger into the platform (ledgers.md): all or nothing unless good rows only.

Request numbers in the ledger are the office's own; the request ledger import stored them as
``{agency code}-{id}``, so that is where they are looked up. A number that matches no request
of the agency is a rejected row (a typo would otherwise silently lose the link).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from gongkai.organisations import policy
from gongkai.organisations.roles import Action
from gongkai.requests.models import InfoRequest
from gongkai.table_files import RowError, length_errors

from ..domain.cases import PENDING, AppealRecord
from ..domain.ledger import FIELDS, check_dates
from ..models import AppealCase
from . import close_case, create_case

IMPORT_NOTE = "台账导入"


@dataclass
class ImportResult:
    imported: int
    errors: list[RowError]


def import_appeals(
    *,
    actor,
    agency,
    records: list[AppealRecord],
    errors: list[RowError],
    good_rows_only: bool,
    today: dt.date,
) -> ImportResult:
    policy.require(actor, Action.APPEAL_MANAGE, agency)
    errors = list(errors)
    existing = set(AppealCase.objects.filter(agency=agency).values_list("number", flat=True))
    wanted = {f"{agency.code}-{r.request_id}" for r in records if r.request_id}
    requests = {
        req.number: req for req in InfoRequest.objects.filter(agency=agency, number__in=wanted)
    }
    limits = {"id": AppealCase._meta.get_field("number").max_length}
    good = []
    for record in records:
        request = requests.get(f"{agency.code}-{record.request_id}")
        if too_long := length_errors(
            record.row, {"id": record.id}, limits, {"id": FIELDS["id"][0]}
        ):
            errors.extend(too_long)
        elif record.id in existing:
            errors.append(RowError(record.row, FIELDS["id"][0], f"案件编号 {record.id} 已导入过"))
        elif record.request_id and request is None:
            errors.append(
                RowError(
                    record.row,
                    FIELDS["request_id"][0],
                    f"本机关没有编号为 {record.request_id} 的申请；请先导入依申请公开台账，"
                    "或核对编号（不知道的留空）",
                )
            )
        elif request is not None and request.received_on and record.filed < request.received_on:
            errors.append(
                RowError(
                    record.row,
                    FIELDS["filed"][0],
                    f"收案日期 {record.filed} 早于申请 {record.request_id} 的收到日期 "
                    f"{request.received_on}",
                )
            )
        elif (problem := check_dates(record, today=today)) is not None:
            errors.append(problem)
        else:
            good.append((record, request))
    errors.sort(key=lambda e: e.row)
    if errors and not good_rows_only:
        return ImportResult(0, errors)
    with transaction.atomic():
        for record, request in good:
            _import_one(actor, agency, record, request, today)
    return ImportResult(len(good), errors)


def _import_one(actor, agency, record: AppealRecord, request, today: dt.date) -> None:

    case = create_case(
        actor=actor,
        agency=agency,
        kind=record.kind,
        filed_on=record.filed,
        today=today,
        number=record.id,
        request=request,
        ledger_notes=record.notes,
        audit_note=f"{IMPORT_NOTE}第 {record.row} 行",
    )
    if record.result != PENDING:
        # The ledger does not say whether a decision ordered a new reply; the import never
        # reopens a request on its own.
        close_case(
            actor=actor,
            case=case,
            result=record.result,
            closed_on=record.closed,
            today=today,
            note=f"{IMPORT_NOTE}第 {record.row} 行",
        )
