"""A region's figures: the sum of its units' reports, as a city compiles its whole area."""

from __future__ import annotations

from collections.abc import Sequence

from gongkai.annual_report.report import Finding, Report
from gongkai.annual_report.tables import cell_paths
from gongkai.annual_report.validation import validate


def aggregate(reports: Sequence[Report], *, agency: str, year: int, template: str) -> Report:
    """Every cell summed over the units' reports of ``template``; reports in another format
    are left out and named in a finding, since their cells do not mean the same."""
    total = Report(
        template=template,
        year=year,
        agency=agency,
        title=f"{agency}{year}年政府信息公开工作年度报告（全区域汇总）",
    )
    included = [r for r in reports if r.template == template and r.year == year]
    left_out = [r for r in reports if r not in included]
    for path in cell_paths(template):
        values = [r.get(path) for r in included]
        present = [v for v in values if v is not None]
        total.set(path, sum(present) if present else None)
    findings = []
    if left_out:
        names = "、".join(f"{r.agency}（{r.year}年，{r.template}格式）" for r in left_out)
        findings.append(
            Finding(
                "aggregate.left_out",
                "warning",
                f"以下报告的年度或格式与汇总不同，未计入：{names}。",
                [],
            )
        )
    total.findings = [*findings, *validate(total)]
    return total
