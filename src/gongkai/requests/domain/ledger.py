"""The request ledger (依申请公开台账): reading an office's spreadsheet and counting a year from it.

An office adopting the platform mid-year brings its records as CSV (UTF-8 or GB18030) or .xlsx
with the headers of ``ledgers.md``. ``read_table`` turns the file into rows, ``parse_request_rows``
checks every row and says in Chinese what is wrong with each (row number as the spreadsheet shows
it, header line = 1), and ``tabulate`` counts section 三 of the annual report by the ledger rules:

* 一 received in Y; 二 received before Y and not replied before 1 January Y;
* 三 replied in Y, by outcome, （七） their sum; 四 received by 31 December Y, not replied by then.

Every record received by the end of Y and not replied before Y lands in exactly one of 三 or 四,
so 一 + 二 = （七） + 四 in every applicant column without any adjustment.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from gongkai.annual_report.tables import (
    APPLICANT_COLUMNS,
    APPLICANT_PARTS,
    OTHER_PARTS,
    OUTCOME_ROWS,
    REQUEST_ROWS,
)
from gongkai.requests.domain.outcomes import OutcomeError, parse_outcome

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

_YES = {"是", "yes", "y", "true", "1", "已延期"}
_NO = {"否", "no", "n", "false", "0", "未延期"}


def _clean(value: Any) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


def _header_key(text: str) -> str:
    return re.sub(r"[\s_（）()]", "", _clean(text)).lower()


# Applicant columns accept the report's labels and keys: 自然人 / natural_person …
_APPLICANT_TYPES: dict[str, str] = {}
for _key in APPLICANT_PARTS:
    _APPLICANT_TYPES[_key] = _key
    _APPLICANT_TYPES[APPLICANT_COLUMNS[_key]] = _key
_APPLICANT_TYPES["其他组织"] = "other_org"


class TableError(ValueError):
    """A file that cannot be read as a table; the message says what to do, in Chinese."""


@dataclass(frozen=True)
class RowError:
    row: int
    field: str  # the Chinese header, or "" for the row as a whole
    message: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行" + (f"“{self.field}”" if self.field else "")
        return f"{where}：{self.message}"


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


def parse_date(value: Any) -> date | None:
    """Dates as spreadsheets hold them: date cells, 2025-09-26, 2025/9/26, 2025年9月26日."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _clean(value)
    if not text:
        return None
    m = re.fullmatch(
        r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?", text
    )
    if not m:
        raise ValueError(text)
    return date(*(int(g) for g in m.groups()))


def _field_errors(row: int, values: dict[str, Any]) -> tuple[dict[str, Any], list[RowError]]:
    errors: list[RowError] = []
    out: dict[str, Any] = {}

    def err(name: str, message: str) -> None:
        errors.append(RowError(row, FIELDS[name][0], message))

    for name in REQUIRED:
        if not _clean(values.get(name)):
            err(name, "必填，不能为空")
    out["id"] = _clean(values.get("id"))
    for name in ("received", "replied"):
        try:
            out[name] = parse_date(values.get(name))
        except ValueError:
            err(name, f"无法识别的日期“{_clean(values.get(name))}”，请写成 YYYY-MM-DD")
            out[name] = None
    channel = _clean(values.get("channel"))
    out["channel"] = CHANNELS.get(channel) or CHANNELS.get(channel.lower())
    if channel and out["channel"] is None:
        err(
            "channel",
            f"“{channel}”不是可用的申请方式，可填写：当面、信函、传真、电子邮件、网络、其他",
        )
    kind = _clean(values.get("applicant_type"))
    out["applicant_type"] = _APPLICANT_TYPES.get(kind) or _APPLICANT_TYPES.get(kind.lower())
    if kind and out["applicant_type"] is None:
        valid = "、".join(APPLICANT_COLUMNS[k] for k in APPLICANT_PARTS)
        err("applicant_type", f"“{kind}”不是可用的申请人类型，可填写：{valid}")
    outcome = _clean(values.get("outcome"))
    out["outcome"] = None
    if outcome:
        try:
            out["outcome"] = parse_outcome(outcome)
        except OutcomeError as exc:
            err("outcome", str(exc))
    extended = _clean(values.get("extended")).lower()
    out["extended"] = True if extended in _YES else False if extended in _NO else None
    if extended and out["extended"] is None:
        err("extended", f"“{extended}”应填写“是”或“否”")
    if out["outcome"] and out["replied"] is None and not _clean(values.get("replied")):
        err("replied", "已填写办理结果，请填写答复日期")
    if out["replied"] and not outcome:
        err("outcome", "已填写答复日期，请填写办理结果（尚未办结的申请两项都留空）")
    if out["received"] and out["replied"] and out["replied"] < out["received"]:
        err("replied", f"答复日期 {out['replied']} 早于收到日期 {out['received']}")
    out["applicant"] = _clean(values.get("applicant"))
    out["description"] = _clean(values.get("description"))
    return out, errors


def parse_rows(
    rows: Iterable[Mapping[str, Any]],
    *,
    fields: Mapping[str, Sequence[str]],
    required: Sequence[str],
    header_key: Callable[[str], str],
    check: Callable[[int, dict[str, Any]], tuple[dict[str, Any], list[RowError]]],
    make: Callable[[int, dict[str, Any], dict[str, str]], Any],
    first_row: int = 2,
) -> tuple[list, list[RowError]]:
    """Any ledger's rows: headers matched by name (Chinese or English), blank rows skipped,
    unknown columns kept as notes, ids unique; ``check`` validates one row's values and
    ``make`` builds its record. Returns the good rows' records and every bad row's problems."""
    headers = {header_key(name): field for field, names in fields.items() for name in names}
    records: list = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    checked_headers = False
    for row_number, raw in enumerate(rows, first_row):
        if not checked_headers:
            checked_headers = True
            present = {headers.get(header_key(h)) for h in raw if h is not None}
            missing = [fields[f][0] for f in required if f not in present]
            if missing:
                names = "、".join(f"“{m}”" for m in missing)
                return [], [
                    RowError(first_row - 1, "", f"缺少必需的列 {names}；请检查表头（第一行）")
                ]
        if not any(_clean(v) for v in raw.values()):
            continue
        values: dict[str, Any] = {}
        notes: dict[str, str] = {}
        for header, value in raw.items():
            name = headers.get(header_key(header)) if header is not None else None
            if name is not None:
                values[name] = value
            elif _clean(value):
                notes[_clean(header) or "（无表头）"] = _clean(value)
        out, row_errors = check(row_number, values)
        if out["id"] in seen:
            row_errors.append(
                RowError(row_number, fields["id"][0], f"“{out['id']}”与第 {seen[out['id']]} 行重复")
            )
        elif out["id"]:
            seen[out["id"]] = row_number
        if row_errors:
            errors.extend(row_errors)
            continue
        records.append(make(row_number, out, notes))
    return records, errors


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


# --- reading files --------------------------------------------------------------------------


def read_table(source: str | Path | bytes, filename: str | None = None) -> list[dict[str, Any]]:
    """The rows of a CSV or .xlsx file as dicts keyed by the first row's headers.

    ``source`` is a path or the file's bytes (an upload); ``filename`` decides the format when
    bytes are given. Blank rows are kept so that list position + 2 is the spreadsheet's line.
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        filename = filename or path.name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise TableError(f"找不到文件 {path}") from None
        except OSError as exc:
            raise TableError(f"无法读取文件 {path}（{exc.strerror or exc}）") from None
    else:
        data = source
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(data)
    if suffix in (".csv", ".txt", ""):
        return _read_csv(data)
    if suffix == ".xls":
        raise TableError(
            "不支持旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 或 CSV 后再导入。"
        )
    raise TableError(f"不支持 {suffix} 文件：请导入 CSV（UTF-8 或 GB18030 编码）或 .xlsx 文件。")


def _read_csv(data: bytes) -> list[dict[str, Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly any byte string
        raise TableError("无法识别文件编码：请将 CSV 保存为 UTF-8 或 GB18030 编码。")
    if "\x00" in text:
        raise TableError("文件不是文本格式的 CSV（可能是 Excel 文件），请检查文件类型。")
    first_line = text.split("\n", 1)[0]
    # Excel's "Unicode text" export is tab-separated; everything else here uses commas.
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _rows_from(list(reader))


def _read_xlsx(data: bytes) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or mislabelled file
        raise TableError(
            f"无法打开 .xlsx 文件（{type(exc).__name__}）：请确认文件未损坏且未加密。"
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return _rows_from(rows)


def _rows_from(rows: list[list[Any]]) -> list[dict[str, Any]]:
    if not rows:
        raise TableError("文件是空的：第一行应为表头（申请编号、收到日期、申请人类型……）。")
    width = max(len(r) for r in rows)
    headers: list[str] = []
    for i, cell in enumerate(list(rows[0]) + [None] * (width - len(rows[0])), 1):
        name = _clean(cell) or f"第{i}列"
        while name in headers:  # a repeated header keeps its data as a note
            name += "（重复）"
        headers.append(name)
    out = []
    for row in rows[1:]:
        cells = list(row) + [None] * (width - len(row))
        out.append(dict(zip(headers, cells, strict=True)))
    return out
