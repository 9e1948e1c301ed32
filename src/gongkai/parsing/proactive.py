"""Section 二's rows into their columns, including rows that lost a value in extraction.

A row that shows fewer numbers than it has columns (two of 制发/废止/现行有效) leaves open which
cell is missing. The rules decide it only sometimes: a signed number is the 本年增/减, a sum of
money is the amount, and given last year's report the chains fix 上一年项目数量 and 现行有效件数.
Every placement the rules allow is kept; the cells on which they all agree are filled, the rest
are left unknown and said so in a finding, instead of guessing the order.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from gongkai.parsing.model import tables
from gongkai.parsing.provenance import Where
from gongkai.parsing.sections import Line, proactive_table
from gongkai.parsing.values import Value, as_int_if_whole, money_factor

BY_RULES = "原文此行缺格，按规则归位（见发现）"


@dataclass
class ShortRow:
    """A row printed with fewer values than columns, waiting for last year's report."""

    key: str
    values: list[Value]
    header_unit: str | None


def read_proactive(lines: list[Line], template: str, stop: int | None, where: dict | None = None):
    """The section's cells, and the rows whose values could not be placed by count alone;
    ``where`` gets each cell's provenance."""
    where = {} if where is None else where
    specs = tables.PROACTIVE_ROWS[template]
    found = proactive_table(lines, {k: s.label.split()[-1] for k, s in specs.items()}, stop)
    out: dict = {}
    short: list[ShortRow] = []
    for key, spec in specs.items():
        cell = found.get(key)
        values: list[Value] = cell.values[: len(spec.columns)] if cell else []
        unit = cell.header_unit if cell else None
        if values and len(values) < len(spec.columns):
            short.append(ShortRow(key, values, unit))
            values = []
        out[key] = {
            column: _number(values[i] if i < len(values) else None, column in spec.units, unit)
            for i, column in enumerate(spec.columns)
        }
        for i, column in enumerate(spec.columns):
            if out[key][column] is not None:
                where[f"proactive.{key}.{column}"] = Where(values[i].source)
        for row in short[-1:] if short and short[-1].key == key else []:
            # Placed later, with last year's report; the row's place is known now.
            for column in spec.columns:
                where[f"proactive.{key}.{column}"] = Where(row.values[0].source, BY_RULES)
    return out, short


def _number(value: Value | None, money: bool, header_unit: str | None):
    if value is None or value.number is None:
        return None
    number = value.number * money_factor(value.unit, header_unit) if money else value.number
    return as_int_if_whole(number)


def settle(report: dict, short: list[ShortRow], previous: dict | None) -> list[dict]:
    """Place the short rows by the rules; the parser's findings on what it filled or left open."""
    template = report["template"]
    notes: list[dict] = []
    before = (previous or {}).get("proactive") or {}
    for row in short:
        spec = tables.PROACTIVE_ROWS[template][row.key]
        options = _placements(row, spec, before.get(row.key) or {}, template)
        columns = list(spec.columns)
        cells = report["proactive"][row.key]
        agreed = {
            c: options[0][c]
            for c in columns
            if options and all(option[c] == options[0][c] for option in options)
        }
        for column in columns:
            cells[column] = agreed.get(column)
        printed = "、".join(_printed(v) for v in row.values)
        paths = [f"proactive.{row.key}.{c}" for c in columns]
        label = tables.label_of(paths[0], short=True).split("·")[0]
        inferred = [
            c
            for c in columns
            if agreed.get(c) is not None and not any(_same(agreed[c], v) for v in row.values)
        ]
        unknown = [c for c in columns if agreed.get(c) is None]
        if inferred:
            notes.append(
                _note(
                    "parse.inferred",
                    "info",
                    row.key,
                    inferred,
                    (
                        f"{label}：原文此行只有 {printed}，缺少的格按上年报告的勾稽关系推算为 "
                        + "、".join(f"{spec.columns[c]} {agreed[c]}" for c in inferred)
                        + "。"
                    ),
                )
            )
        if unknown:
            notes.append(
                _note(
                    "parse.unknown",
                    "warning",
                    row.key,
                    unknown,
                    (
                        f"{label}：原文此行只有 {printed}（应有 {len(columns)} 格），无法确定缺少的是哪一格，"
                        f"{'、'.join(spec.columns[c] for c in unknown)} 暂记为未知，请对照原文填写。"
                    ),
                )
            )
    return notes


def _note(rule: str, severity: str, key: str, columns: list[str], message: str) -> dict:
    return {
        "rule": rule,
        "severity": severity,
        "message": message,
        "cells": [f"proactive.{key}.{c}" for c in columns],
    }


def _printed(value: Value) -> str:
    text = f"{as_int_if_whole(value.number)}" if value.number is not None else "空"
    return ("+" + text if value.signed and (value.number or 0) >= 0 else text) + (value.unit or "")


def _same(cell, value: Value) -> bool:
    return value.number is not None and abs(cell - value.number) < 1e-9


def _placements(row: ShortRow, spec, last: dict, template: str) -> list[dict]:
    """Every order-keeping placement of the printed values the rules allow, completed where a
    rule gives the missing cell."""
    columns = list(spec.columns)
    out = []
    for slots in itertools.combinations(range(len(columns)), len(row.values)):
        cells: dict = dict.fromkeys(columns)
        ok = True
        for slot, value in zip(slots, row.values, strict=True):
            column = columns[slot]
            if (value.signed or (value.number or 0) < 0) and column != "change":
                ok = False  # only 本年增/减 carries a sign
            if value.unit in ("元", "万元", "亿元") and column not in spec.units:
                ok = False  # a sum of money is the amount
            cells[column] = _number(value, column in spec.units, row.header_unit)
        if ok and _chains(cells, last, template):
            out.append(cells)
    return out


def _chains(cells: dict, last: dict, template: str) -> bool:
    """Fill what last year's report determines; False where the placement contradicts it."""
    if template == "2021" and last.get("in_force") is not None and "in_force" in cells:
        issued, abolished, in_force = cells["issued"], cells["abolished"], cells["in_force"]
        if in_force is None and issued is not None and abolished is not None:
            cells["in_force"] = last["in_force"] + issued - abolished
        elif issued is None and in_force is not None and abolished is not None:
            cells["issued"] = in_force - last["in_force"] + abolished
        elif abolished is None and in_force is not None and issued is not None:
            cells["abolished"] = last["in_force"] + issued - in_force
        return all(v is None or v >= 0 for v in cells.values())
    if template == "2019" and "prev_items" in cells and last.get("prev_items") is not None:
        expected = last["prev_items"] + (last.get("change") or 0)
        if cells["prev_items"] is None:
            cells["prev_items"] = expected
        return cells["prev_items"] == expected
    return True
