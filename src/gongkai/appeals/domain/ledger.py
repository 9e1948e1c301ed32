"""The appeal ledger (行政复议、行政诉讼台账) of ledgers.md: rows checked one by one.

Files are read with ``gongkai.table_files.read_table`` (CSV in UTF-8 or GB18030, or .xlsx),
and problems are its ``RowError`` so every import report alike: line number as the
spreadsheet shows it (header = 1), the column's Chinese header, and what to write instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from gongkai.appeals.domain.cases import KINDS, PENDING, AppealRecord, CaseError, check_closing
from gongkai.table_files import RowError, parse_date, parse_rows

# field → (Chinese header, English header)
FIELDS: dict[str, tuple[str, str]] = {
    "id": ("案件编号", "id"),
    "kind": ("类型", "kind"),
    "request_id": ("申请编号", "request_id"),
    "filed": ("收案日期", "filed"),
    "result": ("结果", "result"),
    "closed": ("结案日期", "closed"),
}
REQUIRED = ("id", "kind", "filed")


def _clean(value: Any) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


def _key(text: str) -> str:
    return re.sub(r"[\s_（）()·\-—－、]", "", _clean(text)).lower()


# Offices write the kind in many ways; the report's own group labels are accepted too.
_KINDS: dict[str, str] = {}
for _k, _label in KINDS.items():
    _KINDS[_key(_k)] = _k
    _KINDS[_key(_label)] = _k
_KINDS |= {
    _key("复议"): "reconsideration",
    _key("直接起诉"): "litigation_direct",
    _key("行政诉讼-未经复议直接起诉"): "litigation_direct",
    _key("未经复议直接起诉"): "litigation_direct",
    _key("复议后起诉"): "litigation_after_reconsideration",
}
_RESULTS: dict[str, str] = {
    _key(text): key
    for key, texts in {
        "upheld": ("维持", "结果维持", "upheld"),
        "corrected": ("纠正", "结果纠正", "corrected"),
        "other": ("其他", "其他结果", "other"),
        PENDING: ("尚未审结", "未审结", "审理中", "pending"),
    }.items()
    for text in texts
}


def _row_values(row: int, values: dict[str, Any]) -> tuple[dict[str, Any], list[RowError]]:
    errors: list[RowError] = []

    def err(name: str, message: str) -> None:
        errors.append(RowError(row, FIELDS[name][0], message))

    for name in REQUIRED:
        if not _clean(values.get(name)):
            err(name, "必填，不能为空")
    out: dict[str, Any] = {
        "id": _clean(values.get("id")),
        "request_id": _clean(values.get("request_id")),
    }
    kind = _clean(values.get("kind"))
    out["kind"] = _KINDS.get(_key(kind))
    if kind and out["kind"] is None:
        err("kind", f"“{kind}”不是可用的类型，可填写：{'、'.join(KINDS.values())}")
    for name in ("filed", "closed"):
        try:
            out[name] = parse_date(values.get(name))
        except ValueError:
            err(name, f"无法识别的日期“{_clean(values.get(name))}”，请写成 YYYY-MM-DD")
            out[name] = None
    result = _clean(values.get("result"))
    out["result"] = _RESULTS.get(_key(result)) if result else PENDING
    if out["result"] is None:
        err("result", f"“{result}”不是可用的结果，可填写：维持、纠正、其他；尚未审结的留空")
    if out["result"] is not None and out["filed"] is not None and not errors:
        closed = out["closed"]
        if out["result"] == PENDING and closed is not None:
            err("result", "已填写结案日期，请填写结果（维持、纠正或其他）")
        elif out["result"] != PENDING and closed is None:
            err("closed", "已填写结果，请填写结案日期")
        elif closed is not None and closed < out["filed"]:
            err("closed", f"结案日期 {closed} 早于收案日期 {out['filed']}")
    return out, errors


def parse_appeal_rows(
    rows: Iterable[Mapping[str, Any]], *, first_row: int = 2
) -> tuple[list[AppealRecord], list[RowError]]:
    """Records for the good rows and every problem of the bad ones; blank rows are skipped."""
    return parse_rows(
        rows,
        fields=FIELDS,
        required=REQUIRED,
        header_key=_key,
        check=_row_values,
        make=lambda line, out, notes: AppealRecord(row=line, notes=notes, **out),
        first_row=first_row,
    )


def check_dates(record: AppealRecord, *, today) -> RowError | None:
    """Dates that lie in the future are refused at import, when today is known."""
    if record.filed > today:
        return RowError(record.row, FIELDS["filed"][0], f"收案日期 {record.filed} 晚于今天")
    try:
        check_closing(filed=record.filed, result=record.result, closed=record.closed, today=today)
    except CaseError as exc:
        return RowError(record.row, FIELDS["closed"][0], str(exc))
    return None
