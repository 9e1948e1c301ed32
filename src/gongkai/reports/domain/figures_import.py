"""The figures the platform cannot count, read from a spreadsheet (项目, 数值, 来源), as the
licensing or enforcement systems export them."""

from __future__ import annotations

import unicodedata

from gongkai.annual_report.entry import FigureError, parse_figure

from .drafting import DraftError, check_figure, manual_cells


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split())


def figures_from_rows(rows: list[dict], template: str) -> dict[str, dict]:
    """{cell path: {"value", "source"}} from rows with 项目 (a cell path, or the row's name such
    as 行政许可), 数值 and 来源; DraftError names each row that cannot be used."""
    cells = manual_cells(template)
    by_name = {}
    for path, label in cells.items():
        by_name[_norm(path)] = path
        by_name[_norm(label)] = path
        row_name = label.split(" · ")[0].split(" ")[-1]  # 第二十条第（五）项 行政许可 → 行政许可
        by_name.setdefault(_norm(row_name), path)
    figures, problems = {}, []
    for line, row in enumerate(rows, start=2):
        item = _norm(row.get("项目") or row.get("item") or "")
        if not item:
            continue
        path = by_name.get(item)
        if path is None:
            problems.append(f"第 {line} 行：不认识的项目“{item}”")
            continue
        raw = row.get("数值")
        if raw is None or raw == "":  # a cell holding 0 is a figure, not an empty cell
            raw = row.get("value")
        try:
            value = parse_figure(raw)
            if value is not None:
                value = check_figure(path, value)
        except (FigureError, DraftError) as exc:
            problems.append(f"第 {line} 行：数值{exc}")
            continue
        if value is None:
            problems.append(f"第 {line} 行：请填写数值")
            continue
        source = str(row.get("来源") or row.get("source") or "").strip()
        if not source:
            problems.append(f"第 {line} 行：请注明数据来源")
            continue
        figures[path] = {"value": value, "source": source}
    if problems:
        raise DraftError("；".join(problems))
    return figures
