"""The request ledger (依申请公开台账): reading an office's spreadsheet and counting a year from it.

An office adopting the platform mid-year brings its records as CSV (UTF-8 or GB18030) or .xlsx
with the headers of ``ledgers.md``. ``gongkai.table_files.read_table`` turns the file into rows,
``parse_request_rows`` checks every row and says in Chinese what is wrong with each (row number
as the spreadsheet shows it, header line = 1), and ``tabulate`` counts section 三 of the annual report by the ledger rules:

* 一 received in Y; 二 received before Y and not replied before 1 January Y;
* 三 replied in Y, by outcome, （七） their sum; 四 received by 31 December Y, not replied by then.

Every record received by the end of Y and not replied before Y lands in exactly one of 三 or 四,
so 一 + 二 = （七） + 四 in every applicant column without any adjustment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gongkai.annual_report.tables import (
    APPLICANT_COLUMNS,
    APPLICANT_PARTS,
    OTHER_PARTS,
    OUTCOME_ROWS,
    REQUEST_ROWS,
)
from gongkai.requests.domain.outcomes import OutcomeError, parse_outcome
from gongkai.table_files import RowError, clean, parse_date, parse_rows

# field → (Chinese header, English header)
FIELDS: dict[str, tuple[str, str]] = {
    "id": ("申请编号", "id"),
    "received": ("收到日期", "received"),
    "channel": ("申请方式", "channel"),
    "applicant_type": ("申请人类型", "applicant_type"),
    "applicant": ("申请人", "applicant"),
    "description": ("申请内容", "description"),
    "outcome": ("办理结果", "outcome"),
    "replied": ("答复日期", "replied"),
    "extended": ("延期", "extended"),
}
REQUIRED = ("id", "received", "applicant_type")

CHANNELS: dict[str, str] = {
    "当面": "当面",
    "in_person": "当面",
    "信函": "信函",
    "letter": "信函",
    "传真": "传真",
    "fax": "传真",
    "电子邮件": "电子邮件",
    "email": "电子邮件",
    "网络": "网络",
    "网上": "网络",
    "online": "网络",
    "其他": "其他",
    "other": "其他",
}

# 申请方式 as the ledger writes it → the platform's channel key, and back.
CHANNEL_KEYS: dict[str, str] = {
    "当面": "in_person",
    "信函": "letter",
    "传真": "fax",
    "电子邮件": "email",
    "网络": "online",
    "其他": "other",
}
CHANNEL_LABELS = {v: k for k, v in CHANNEL_KEYS.items()}

_YES = {"是", "yes", "y", "true", "1", "已延期"}
_NO = {"否", "no", "n", "false", "0", "未延期"}


def _header_key(text: str) -> str:
    return re.sub(r"[\s_（）()]", "", clean(text)).lower()


# Applicant columns accept the report's labels and keys: 自然人 / natural_person …
_APPLICANT_TYPES: dict[str, str] = {}
for _key in APPLICANT_PARTS:
    _APPLICANT_TYPES[_key] = _key
    _APPLICANT_TYPES[APPLICANT_COLUMNS[_key]] = _key
_APPLICANT_TYPES["其他组织"] = "other_org"


@dataclass(frozen=True)
class RequestRecord:
    row: int
    id: str
    received: date
    applicant_type: str  # an APPLICANT_PARTS key
    channel: str | None = None
    applicant: str = ""
    description: str = ""
    outcome: str | None = None  # an outcome key; None while open
    replied: date | None = None
    extended: bool | None = None
    notes: dict[str, str] = field(default_factory=dict)  # unknown columns, header → value


def _field_errors(row: int, values: dict[str, Any]) -> tuple[dict[str, Any], list[RowError]]:
    errors: list[RowError] = []
    out: dict[str, Any] = {}

    def err(name: str, message: str) -> None:
        errors.append(RowError(row, FIELDS[name][0], message))

    for name in REQUIRED:
        if not clean(values.get(name)):
            err(name, "必填，不能为空")
    out["id"] = clean(values.get("id"))
    for name in ("received", "replied"):
        try:
            out[name] = parse_date(values.get(name))
        except ValueError:
            err(name, f"无法识别的日期“{clean(values.get(name))}”，请写成 YYYY-MM-DD")
            out[name] = None
    channel = clean(values.get("channel"))
    out["channel"] = CHANNELS.get(channel) or CHANNELS.get(channel.lower())
    if channel and out["channel"] is None:
        err(
            "channel",
            f"“{channel}”不是可用的申请方式，可填写：当面、信函、传真、电子邮件、网络、其他",
        )
    kind = clean(values.get("applicant_type"))
    out["applicant_type"] = _APPLICANT_TYPES.get(kind) or _APPLICANT_TYPES.get(kind.lower())
    if kind and out["applicant_type"] is None:
        valid = "、".join(APPLICANT_COLUMNS[k] for k in APPLICANT_PARTS)
        err("applicant_type", f"“{kind}”不是可用的申请人类型，可填写：{valid}")
    outcome = clean(values.get("outcome"))
    out["outcome"] = None
    if outcome:
        try:
            out["outcome"] = parse_outcome(outcome)
        except OutcomeError as exc:
            err("outcome", str(exc))
    extended = clean(values.get("extended")).lower()
    out["extended"] = True if extended in _YES else False if extended in _NO else None
    if extended and out["extended"] is None:
        err("extended", f"“{extended}”应填写“是”或“否”")
    if out["outcome"] and out["replied"] is None and not clean(values.get("replied")):
        err("replied", "已填写办理结果，请填写答复日期")
    if out["replied"] and not outcome:
        err("outcome", "已填写答复日期，请填写办理结果（尚未办结的申请两项都留空）")
    if out["received"] and out["replied"] and out["replied"] < out["received"]:
        err("replied", f"答复日期 {out['replied']} 早于收到日期 {out['received']}")
    out["applicant"] = clean(values.get("applicant"))
    out["description"] = clean(values.get("description"))
    return out, errors


def parse_request_rows(
    rows: Iterable[Mapping[str, Any]], *, first_row: int = 2
) -> tuple[list[RequestRecord], list[RowError]]:
    """Records for the good rows and every problem of the bad ones; blank rows are skipped.

    ``first_row`` is the spreadsheet line of the first data row (2 when line 1 holds headers).
    """
    return parse_rows(
        rows,
        fields=FIELDS,
        required=REQUIRED,
        header_key=_header_key,
        check=_field_errors,
        make=lambda line, out, notes: RequestRecord(row=line, notes=notes, **out),
        first_row=first_row,
    )


def rows_of(record: RequestRecord, year: int, *, template: str = "2021") -> list[str]:
    """The rows of section 三 that ``record`` counts in for ``year``, by the ledger rules: in its
    applicant column, and in the 总计 column. The one statement of the counting rules: the
    table's counts and the "records behind a figure" both come from here."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    rows = []
    open_at_start = record.replied is None or record.replied >= first
    if record.received.year == year:
        rows.append("received_this_year")
    elif record.received < first and open_at_start:
        rows.append("carried_from_last_year")
    if record.received > last or not open_at_start:
        return rows
    if record.replied is not None and record.replied <= last:
        row = record.outcome
        if template == "2019" and row in OTHER_PARTS:
            row = "other"
        if row in OUTCOME_ROWS[template]:
            rows.append(row)
            if template == "2021" and row in OTHER_PARTS:
                rows.append("other")
        rows.append("results_total")
    else:
        rows.append("carried_to_next_year")
    return rows


def tabulate(records: Iterable[RequestRecord], year: int, *, template: str = "2021") -> dict:
    """Section 三 of the annual report for ``year``: {row key: {applicant column: count}}."""
    if template not in ("2019", "2021"):
        raise ValueError(f"年度报告格式应为 2019 或 2021，而不是 {template!r}")
    table = {row: dict.fromkeys(APPLICANT_COLUMNS, 0) for row in REQUEST_ROWS[template]}
    for r in records:
        for row in rows_of(r, year, template=template):
            table[row][r.applicant_type] += 1
    for cells in table.values():
        cells["total"] = sum(cells[c] for c in APPLICANT_PARTS)
    return table


def records_behind(
    records: Iterable[RequestRecord], year: int, *, template: str = "2021"
) -> dict[str, list[str]]:
    """For each cell path of section 三, the ids of the records it counts."""
    behind: dict[str, list[str]] = {}
    for r in records:
        for row in rows_of(r, year, template=template):
            for column in (r.applicant_type, "total"):
                behind.setdefault(f"requests.{row}.{column}", []).append(r.id)
    return behind
