"""The annual report from the platform's own records, by the counting rules of ledgers.md.

Plain Python: the records come in as the ledgers' record types (``RequestRecord`` of the
request ledger, ``AppealRecord`` of the appeal ledger), whatever they were read from — the
database, an imported spreadsheet, a test. Section 三 is the request ledger's own ``tabulate``
(so an office's ledger and the platform can never count differently) and section 四 the appeal
ledger's. Every error rule of the validator holds by construction: 三 and 四 are counts in
which each request and case lands in exactly one cell per column, and totals are sums of the
cells they total. The validator still runs, and its findings go into the report.

Figures the platform cannot know from its records (licensing, penalty and coercion decisions,
fees) are left blank (``None``) for a clerk to enter; an ``info`` finding says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from gongkai.annual_report.report import Finding, Report, Table
from gongkai.annual_report.tables import PROACTIVE_ROWS
from gongkai.annual_report.validation import validate
from gongkai.appeals.domain.cases import AppealRecord, tabulate_appeals
from gongkai.requests.domain.ledger import RequestRecord, tabulate

FIRST_2021_YEAR = 2021
ART20_1_ROWS = ("regulations", "normative_documents")

# 2019 asks 本年新制作 / 本年新公开 / 对外公开总数量; the catalog counts 制发 / 废止 / 现行有效.
# What the platform publishes it publishes when it issues it, so 制发 serves for both of the
# first two, and what is in force is what stands published.
_COLUMNS_FROM_CATALOG = {
    "2021": {"issued": "issued", "abolished": "abolished", "in_force": "in_force"},
    "2019": {"new_made": "issued", "new_published": "issued", "total_published": "in_force"},
}


def template_for(year: int) -> str:
    """The format the report on ``year`` uses: 2019 for 2019–2020, 2021 from 2021 on."""
    if year < 2019:
        raise ValueError(f"{year} 年的报告适用旧条例，没有统一表格，平台不生成。")
    return "2019" if year < FIRST_2021_YEAR else "2021"


def title_for(agency_name: str, year: int) -> str:
    return f"{agency_name}{year}年政府信息公开工作年度报告"


def proactive_table(
    template: str, regulation_counts: Mapping[str, Mapping[str, Any]] | None
) -> Table:
    """Section 二 with every cell blank, except 规章 and 规范性文件 when the catalog counted them."""
    table: Table = {
        row: dict.fromkeys(spec.columns, None) for row, spec in PROACTIVE_ROWS[template].items()
    }
    for row in ART20_1_ROWS:
        counts = (regulation_counts or {}).get(row)
        if not counts:
            continue
        for column, source in _COLUMNS_FROM_CATALOG[template].items():
            value = counts.get(source)
            table[row][column] = None if value is None else int(value)
    return table


def _blank_cells(report: Report) -> list[str]:
    return [
        f"proactive.{row}.{column}"
        for row, cells in (report.proactive or {}).items()
        for column, value in cells.items()
        if value is None
    ]


def not_recorded_note(report: Report) -> Finding | None:
    """The note naming the section 二 figures still blank, or None when all are filled."""
    blank = _blank_cells(report)
    if not blank:
        return None
    rows = dict.fromkeys(path.split(".")[1] for path in blank)
    names = "、".join(PROACTIVE_ROWS[report.template][row].label.split(" ")[-1] for row in rows)
    return Finding(
        "build.not_recorded",
        "info",
        f"第二部分中平台没有记录的数据留空：{names}。请在发布前据实填写。",
        blank,
    )


def build_report(
    *,
    agency: str,
    year: int,
    requests: Iterable[RequestRecord],
    appeals: Iterable[AppealRecord],
    template: str | None = None,
    regulation_counts: Mapping[str, Mapping[str, Any]] | None = None,
    notes: Iterable[Finding] = (),
    agency_level: str | None = None,
    agency_kind: str | None = None,
) -> Report:
    """The report on ``year``. ``notes`` are findings of the caller's own (what it could not
    read) and come first; the validator's findings follow."""
    template = template or template_for(year)
    if template not in ("2019", "2021"):
        raise ValueError(f"年度报告格式应为 2019 或 2021，而不是 {template!r}")
    report = Report(
        template=template,
        year=year,
        agency=agency,
        title=title_for(agency, year),
        proactive=proactive_table(template, regulation_counts),
        requests=tabulate(requests, year, template=template),
        appeals=tabulate_appeals(appeals, year),
    )
    findings = list(notes)
    note = not_recorded_note(report)
    if note:
        findings.append(note)
    findings.extend(validate(report, level=agency_level, kind=agency_kind))
    report.findings = findings
    return report
