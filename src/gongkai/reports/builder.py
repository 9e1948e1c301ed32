"""The annual report of one agency and year, from the rows in the database.

A thin layer over ``domain.build``: it reads requests and appeal cases as the ledgers' record
types and asks the catalog for section 二's 规章 and 规范性文件. Only the
columns the counting needs are read, so a year of 100,000 requests stays a few seconds.
"""

from __future__ import annotations

import datetime as dt

from gongkai.annual_report.report import Finding, Report
from gongkai.annual_report.tables import OUTCOME_ROWS
from gongkai.appeals.models import AppealCase
from gongkai.appeals.records import appeal_records
from gongkai.catalog.stats import regulation_counts
from gongkai.reports.domain.build import build_report as build_from_records
from gongkai.reports.domain.build import template_for
from gongkai.requests.domain.ledger import RequestRecord
from gongkai.requests.models import InfoRequest

_KNOWN_OUTCOMES = frozenset(OUTCOME_ROWS["2021"]) | {"other"}


def request_records(agency, year: int) -> tuple[list[RequestRecord], list[Finding]]:
    """Requests that can count in ``year``: received by its end and not closed before it.

    A request still ``submitted`` has no date of receipt yet (Art. 31: the day both sides
    confirm), so it is not received and counts nowhere.
    """

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = (
        InfoRequest.objects.filter(agency=agency, received_on__isnull=False, received_on__lte=end)
        .exclude(closed_on__lt=start)
        .values_list("number", "received_on", "applicant_type", "outcome", "closed_on")
        .order_by()
    )
    records, odd = [], []
    for number, received, applicant_type, outcome, closed in rows.iterator(chunk_size=5000):
        if closed is not None and outcome not in _KNOWN_OUTCOMES:
            # A closed request must land in some outcome row, or （七） would not be their sum.
            odd.append(number)
            outcome = "other_misc"
        records.append(
            RequestRecord(
                row=0,
                id=number,
                received=received,
                applicant_type=applicant_type,
                outcome=(outcome or None) if closed is not None else None,
                replied=closed,
            )
        )
    findings = []
    if odd:
        shown = "、".join(odd[:10]) + ("等" if len(odd) > 10 else "")
        findings.append(
            Finding(
                "build.unknown_outcome",
                "warning",
                f"{len(odd)} 件已办结的申请没有可识别的办理结果（{shown}），暂计入"
                "“（六）其他处理”；请在申请页面核对办理结果后重新生成报告。",
                ["requests.other.total"],
            )
        )
    return records, findings


def appeal_records_for(agency, year: int):
    return appeal_records(AppealCase.objects.filter(agency=agency, filed_on__year=year).order_by())


def build_report(agency, year: int, *, template: str | None = None, today: dt.date) -> Report:
    """The report of ``agency`` on ``year`` as the records stand ``today``."""
    if year > today.year:
        raise ValueError(f"{year} 年还没有到，不能生成该年度的报告。")
    template = template or template_for(year)
    requests, notes = request_records(agency, year)
    if year == today.year:
        notes.append(
            Finding(
                "build.year_not_over",
                "info",
                f"{year} 年尚未结束，表中数字截至 {today.isoformat()}，年底前还会变化。",
                [],
            )
        )
    return build_from_records(
        agency=agency.name,
        year=year,
        template=template,
        requests=requests,
        appeals=appeal_records_for(agency, year),
        regulation_counts=regulation_counts(agency, year),
        notes=notes,
        agency_level=agency.level,
        agency_kind=agency.kind,
    )
