"""The request ledger (依申请公开台账) out of the platform, per ledgers.md (CSV or .xlsx).

Importing it is an action: ``requests.actions.ledger``."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook

from gongkai.table_files import append_row, csv_text

from .domain.ledger import CHANNEL_LABELS, FIELDS
from .domain.outcomes import OUTCOMES
from .models import InfoRequest
from .presentation import applicant_view

HEADERS = [FIELDS[key][0] for key in FIELDS]


def export_rows(agency, year: int, *, personal: bool = True) -> list[list[str]]:
    """The year's ledger: requests received in the year, and those carried into it.

    ``personal`` False (the ledger is for someone who may not read applicants' personal data,
    ``presentation.may_see_personal_data``): names and the free text masked as on the pages."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = InfoRequest.objects.filter(agency=agency, received_on__lte=end).exclude(
        closed_on__lt=start
    )
    out = []
    for req in rows.order_by("received_on", "number"):
        own_id = req.number.removeprefix(f"{agency.code}-")
        shown = applicant_view(req, personal=personal)
        out.append(
            [
                own_id,
                req.received_on.isoformat(),
                CHANNEL_LABELS.get(req.channel, "其他"),
                req.get_applicant_type_display() if req.applicant_type != "other_org" else "其他",
                req.organisation_name or shown["name"],
                shown["description"],
                OUTCOMES[req.outcome].label if req.outcome in OUTCOMES else "",
                req.closed_on.isoformat() if req.closed_on else "",
                "是" if req.extended else "否",
            ]
        )
    return out


def write_csv(rows: list[list[str]]) -> bytes:
    # UTF-8 with BOM so that Excel on a clerk's Windows PC opens it with the right encoding.
    return csv_text(HEADERS, rows).encode("utf-8-sig")


def write_xlsx(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "依申请公开台账"
    append_row(sheet, HEADERS)
    for row in rows:
        append_row(sheet, row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
