"""From the row stream to the report model: which report, then its three tables, then checks."""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.parsing.document import Document
from gongkai.parsing.errors import UnreadableReport
from gongkai.parsing.glued import splits
from gongkai.parsing.legacy import prose_figures
from gongkai.parsing.meta import (
    TABLE_MARKERS,
    compact,
    detect_template,
    find_agency,
    find_title,
    find_year,
    looks_like_report,
)
from gongkai.parsing.model import tables
from gongkai.parsing.placement import broken_sums, place
from gongkai.parsing.proactive import ShortRow, read_proactive
from gongkai.parsing.provenance import (
    BY_ORDER,
    BY_SUMS,
    GLUED,
    INFERRED,
    SHIFTED,
    SUM_OF_PARTS,
    Where,
    low_confidence_notes,
)
from gongkai.parsing.sections import (
    Line,
    appeals_values,
    legacy_table,
    requests_by_order,
    requests_table,
    tokenise,
)
from gongkai.parsing.values import Value, as_int_if_whole

_PROSE_MIN = 15


@dataclass
class Recognised:
    """The report dict (without findings), the parser's own findings, the prose, and the
    section 二 rows that wait for last year's report to be placed."""

    report: dict
    notes: list[dict]
    prose: str
    short: list[ShortRow] = field(default_factory=list)
    # Legacy figures read from the prose itself: comparing them with the prose says nothing.
    from_prose: list[str] = field(default_factory=list)
    where: dict[str, Where] = field(default_factory=dict)  # cell path → its provenance


def recognise(doc: Document) -> Recognised:
    texts = [row.text() for row in doc.rows]
    full = "\n".join(texts)
    if not full.strip():
        raise UnreadableReport("文件没有可读的文字内容")
    title = find_title(texts) or (find_title([doc.title_hint]) if doc.title_hint else None)
    # Mentioning the annual report is not being one: a report has its title, or at least the
    # table headings of the national format.
    flat = compact(full)
    markers = sum(marker in flat for marker in TABLE_MARKERS)
    if not looks_like_report(full) or (title is None and markers < 2):
        raise UnreadableReport("不是政府信息公开工作年度报告：未找到年度报告的标题或统计表")
    year = find_year(title, full)
    agency = find_agency(title, full)
    template, _has_tables = detect_template(full, year)
    if year is None:
        raise UnreadableReport("无法确定报告所统计的年度")
    report: dict = {"template": template, "year": year, "agency": agency or ""}
    if title:
        report["title"] = title
    prose = "\n".join(r.text() for r in doc.rows if not r.in_table and len(r.text()) >= _PROSE_MIN)
    notes: list[dict] = []
    if template == "legacy":
        figures = prose_figures(full)
        # The appended 统计表, where there is one, is what the body counted; the prose rounds.
        lines = [tokenise(row, split_glued=True) for row in doc.rows if row.in_table]
        counted = {k: _num(v) for k, v in legacy_table(lines).items()}
        figures.update(counted)
        report["legacy"] = {k: figures.get(k) for k in tables.LEGACY_FIELDS}
        from_prose = [k for k in tables.LEGACY_FIELDS if k not in counted]
        return Recognised(report, notes, prose, from_prose=from_prose)

    lines = [tokenise(row, split_glued=True) for row in doc.rows]
    where: dict[str, Where] = {}
    requests, start, end = _requests(lines, template, notes, where)
    report["proactive"], short = read_proactive(lines, template, start, where)
    report["requests"] = requests
    report["appeals"] = _appeals(lines, end if end is not None else 0, notes, where)
    notes += low_confidence_notes(where, tables.label_of)
    if not any(
        v is not None
        for section in ("proactive", "requests", "appeals")
        for row in report[section].values()
        for v in row.values()
    ):
        notes.append(_tables_missing(doc.images))
    return Recognised(report, notes, prose, short, where=where)


def _tables_missing(images: int) -> dict:
    """Said as an error: a report with empty tables must not pass for one that reported zeros."""
    if images:
        message = (
            "未找到统计表：正文中的表格似乎是图片，无法读取数字，请向发布机关索取文字版或人工录入。"
        )
    else:
        message = "未找到统计表：报告中没有可识别的主动公开、依申请公开和复议诉讼统计表。"
    return {"rule": "parse.tables_missing", "severity": "error", "message": message, "cells": []}


def _num(value: float | None):
    return None if value is None else as_int_if_whole(value)


def _requests(lines: list[Line], template: str, notes: list[dict], where: dict[str, Where]):
    labels = tables.REQUEST_ROWS[template]
    columns = list(tables.APPLICANT_COLUMNS)
    raw, start, end = requests_table(lines, labels, len(columns))
    keys = [k for k in labels if not (template == "2021" and k == "other")]
    outcomes = tables.OUTCOME_ROWS[template]
    placed = place(raw, keys, outcomes)
    by_labels = True
    ordered = requests_by_order(lines, keys, start, len(columns)) if start is not None else None
    if ordered is not None and ordered != {k: raw.get(k) for k in keys}:
        # Labels too broken to match: the rows' order may still hold; keep whichever reading
        # breaks fewer of the table's sums, with more rows read.
        by_order = place(ordered, keys, outcomes)

        def quality(reading):
            filled = sum(any(v is not None for v in reading.cells[k]) for k in keys)
            return (broken_sums(reading.cells, keys, outcomes), -filled)

        if quality(by_order) < quality(placed):
            raw, placed = ordered, by_order
            by_labels = False
    cells, inferred = placed.cells, placed.inferred
    for key, options in placed.ambiguous.items():
        open_columns = [i for i in range(len(columns)) if len({o[i] for o in options}) > 1]
        for i in open_columns:
            cells[key][i] = None
        readings = "；".join(" ".join(str(_num(v)) for v in o) for o in options[:4])
        notes.append(
            {
                "rule": "parse.ambiguous",
                "severity": "warning",
                "message": f"{tables.label_of(f'requests.{key}.total', short=True).split('·')[0]}"
                f"：原文此行的数字连在一起，有 {len(options)} 种拆分都符合表内合计关系（{readings}），"
                "无法确定，相关格暂记为未知，请对照原文填写。",
                "cells": [f"requests.{key}.{columns[i]}" for i in open_columns],
            }
        )
    for key in placed.shifted:
        notes.append(
            {
                "rule": "parse.shifted",
                "severity": "info",
                "message": f"{tables.label_of(f'requests.{key}.total', short=True).split('·')[0]}"
                "：原文此行的数字错列（与表头不对齐），已按本行及各列的合计关系重新归位，请核对。",
                "cells": [f"requests.{key}.{c}" for c in columns],
            }
        )
    out = {k: {c: _num(v) for c, v in zip(columns, cells[k], strict=True)} for k in keys}
    if template == "2021":
        parts = [cells[k] for k in tables.OTHER_PARTS]
        own = [v.number for v in raw.get("other", [])]
        if any(v is not None for v in own) and len(own) == len(columns):
            out["other"] = {c: _num(v) for c, v in zip(columns, own, strict=True)}
        else:
            out["other"] = {
                c: (
                    _num(sum(p[i] or 0 for p in parts))
                    if any(p[i] is not None for p in parts)
                    else None
                )
                for i, c in enumerate(columns)
            }
        out = {k: out[k] for k in labels}
    _requests_where(out, raw, placed, columns, by_labels, where)
    for key, col, value in inferred:
        path = f"requests.{key}.{columns[col]}"
        notes.append(
            {
                "rule": "parse.inferred",
                "severity": "info",
                "message": f"{tables.label_of(path)}：原文缺少此格，按表内勾稽关系推算为 {_num(value)}。",
                "cells": [path],
            }
        )
    return out, start, end


def _requests_where(out, raw, placed, columns, by_labels: bool, where: dict[str, Where]) -> None:
    inferred = {(k, c) for k, c, _ in placed.inferred}
    for key, row in out.items():
        for i, column in enumerate(columns):
            path = f"requests.{key}.{column}"
            if row[column] is None:
                continue
            if key not in placed.origin:  # 2021's （六）其他处理, the sum of its three rows
                where[path] = Where(None, SUM_OF_PARTS)
                continue
            origin = placed.origin[key][i]
            if (key, i) in inferred or origin is None:
                where[path] = Where(None, INFERRED)
                continue
            rule = (
                GLUED
                if key in placed.glued
                else SHIFTED
                if key in placed.shifted
                else BY_SUMS
                if len(raw.get(key, [])) < len(columns)
                else None
            )
            if not by_labels:
                rule = "；".join(r for r in (BY_ORDER, rule) if r)
            where[path] = Where(raw[key][origin].source, rule)


def _appeals(lines: list[Line], start: int, notes: list[dict], where: dict[str, Where]) -> dict:
    groups = list(tables.APPEAL_GROUPS)
    columns = list(tables.APPEAL_COLUMNS)
    width = len(groups) * len(columns)
    printed = appeals_values(lines, start, width)
    values = [v.number for v in printed]
    glued = _glued_appeals(printed, len(columns))
    if glued is not None:
        values, open_cells = glued
        if open_cells:
            paths = [
                f"appeals.{groups[i // len(columns)]}.{columns[i % len(columns)]}"
                for i in open_cells
            ]
            notes.append(
                {
                    "rule": "parse.ambiguous",
                    "severity": "warning",
                    "message": "四、行政复议和行政诉讼：原文的数字连在一起，有多种拆分都符合各组合计，"
                    "无法确定的格暂记为未知，请对照原文填写。",
                    "cells": paths,
                }
            )
    inferred_at = None
    if len(values) == width - 1:
        inferred_at = _infer_appeal(values, len(columns))
        if inferred_at is not None:
            values = inferred_at[1]
    values += [None] * (width - len(values))
    out = {}
    for g, group in enumerate(groups):
        chunk = values[g * len(columns) : (g + 1) * len(columns)]
        out[group] = {c: _num(v) for c, v in zip(columns, chunk, strict=True)}
    for i, value in enumerate(values):
        if value is None:
            continue
        path = f"appeals.{groups[i // len(columns)]}.{columns[i % len(columns)]}"
        if glued is not None:
            run = printed[i * len(printed) // width]
            where[path] = Where(run.source, GLUED)
        elif inferred_at is not None and i == inferred_at[0]:
            where[path] = Where(None, INFERRED)
        else:
            at = i - 1 if inferred_at is not None and i > inferred_at[0] else i
            where[path] = Where(printed[at].source if at < len(printed) else None)
    if inferred_at is not None:
        index = inferred_at[0]
        path = f"appeals.{groups[index // len(columns)]}.{columns[index % len(columns)]}"
        notes.append(
            {
                "rule": "parse.inferred",
                "severity": "info",
                "message": f"{tables.label_of(path)}：原文缺少此格，按表内勾稽关系推算为 {_num(values[index])}。",
                "cells": [path],
            }
        )
    return out


def _glued_appeals(printed: list[Value], size: int):
    """Section 四's fifteen cells when they ran together, in one run or one per group: the
    values every split that keeps the group sums agrees on, and the indexes left open."""
    runs = [v.digits for v in printed]
    if not runs or not all(runs) or len(runs) not in (1, 3):
        return None
    width = size * 3 // len(runs)
    per_run = [splits(d, width, size) for d in runs]  # type: ignore[arg-type]
    if not all(per_run):
        return None
    values: list[float | None] = []
    open_cells = []
    for options in per_run:
        for i in range(width):
            seen = {o[i] for o in options}
            if len(seen) > 1:
                open_cells.append(len(values))
            values.append(float(next(iter(seen))) if len(seen) == 1 else None)
    return values, open_cells


def _infer_appeal(values: list[float | None], group: int):
    """Where one of fifteen values was lost: the one slot whose group sums then all hold."""
    fits = []
    for slot in range(len(values) + 1):
        trial = values[:slot] + [None] + values[slot:]
        g, pos = divmod(slot, group)
        chunk = trial[g * group : (g + 1) * group]
        parts = chunk[:-1]
        if pos == group - 1:
            guess = sum(p or 0 for p in parts)
        else:
            guess = (chunk[-1] or 0) - sum(p or 0 for p in parts if p is not None)
        if guess < 0:
            continue
        trial[slot] = guess
        ok = all(
            abs(sum(x or 0 for x in trial[i : i + group - 1]) - (trial[i + group - 1] or 0)) < 1e-9
            for i in range(0, len(trial), group)
        )
        if ok:
            fits.append((slot, trial))
    values_now = {tuple(t) for _, t in fits}
    if len(values_now) == 1:
        return fits[0]
    return None
