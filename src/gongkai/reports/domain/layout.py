"""A report's tables as rows of labelled cells, for pages and spreadsheets to show as printed."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.annual_report.report import Report
from gongkai.annual_report.tables import (
    APPEAL_COLUMNS,
    APPEAL_GROUPS,
    APPLICANT_COLUMNS,
    LEGACY_FIELDS,
    PROACTIVE_ROWS,
    REQUEST_ROWS,
)


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[tuple[str, object]]  # (dotted path, value)


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[str]  # column headings, after the row label
    rows: list[Row]


def tables(report: Report) -> list[Table]:
    t = report.template
    if t == "legacy":
        return [
            Table(
                "主要数据",
                ["数值"],
                [
                    Row(label, [(f"legacy.{k}", report.get(f"legacy.{k}"))])
                    for k, label in LEGACY_FIELDS.items()
                ],
            )
        ]
    out = []
    # Section 二 mixes rows with different columns; each row carries its own headings.
    proactive_rows = []
    for key, row in PROACTIVE_ROWS[t].items():
        cells = [
            (f"proactive.{key}.{col}", report.get(f"proactive.{key}.{col}")) for col in row.columns
        ]
        heading = "、".join(row.columns.values())
        proactive_rows.append(Row(f"{row.label}（{heading}）", cells))
    out.append(Table("二、主动公开政府信息情况", [], proactive_rows))
    out.append(
        Table(
            "三、收到和处理政府信息公开申请情况",
            list(APPLICANT_COLUMNS.values()),
            [
                Row(
                    label,
                    [
                        (f"requests.{key}.{col}", report.get(f"requests.{key}.{col}"))
                        for col in APPLICANT_COLUMNS
                    ],
                )
                for key, label in REQUEST_ROWS[t].items()
            ],
        )
    )
    out.append(
        Table(
            "四、政府信息公开行政复议、行政诉讼情况",
            list(APPEAL_COLUMNS.values()),
            [
                Row(
                    label,
                    [
                        (f"appeals.{g}.{col}", report.get(f"appeals.{g}.{col}"))
                        for col in APPEAL_COLUMNS
                    ],
                )
                for g, label in APPEAL_GROUPS.items()
            ],
        )
    )
    return out
