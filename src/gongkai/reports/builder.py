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
from gongkai.reports.domain.reopened import (
    EarlierClosing,
    ReportedChange,
    change_finding,
)
from gongkai.reports.domain.reopened import reported_changes as domain_reported_changes
from gongkai.reports.models import PublishedReport, Source
from gongkai.requests.domain.ledger import RequestRecord, rows_of
from gongkai.requests.models import EarlierReply, InfoRequest

_KNOWN_OUTCOMES = frozenset(OUTCOME_ROWS["2021"]) | {"other"}


def _closings_in_force(agency, day: dt.date) -> dict[int, tuple[str, dt.date]]:
    """Request id → (outcome, date) of a closing in force at the end of ``day`` that a
    reopening superseded later: the request then counts as closed by it."""
    rows = EarlierReply.objects.filter(
        request__agency=agency, closed_on__lte=day, superseded_on__gt=day
    ).values_list("request_id", "outcome", "closed_on")
    return {pk: (outcome, closed) for pk, outcome, closed in rows}


def request_records(agency, year: int) -> tuple[list[RequestRecord], list[Finding]]:
    """Requests that can count in ``year``: received by its end and not closed before it, each
    as it stood on 31 December — a reply superseded by a later reopening still counts in its
    year, so a reopening never rewrites a report already made (``domain.reopened``).

    A request still ``submitted`` has no date of receipt yet (Art. 31: the day both sides
    confirm), so it is not received and counts nowhere.
    """

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    # A current closing before the year: every earlier one is earlier still, so none can
    # be in force in the year.
    rows = (
        InfoRequest.objects.filter(agency=agency, received_on__isnull=False, received_on__lte=end)
        .exclude(closed_on__lt=start)
        .values_list("pk", "number", "received_on", "applicant_type", "outcome", "closed_on")
        .order_by()
    )
    then = _closings_in_force(agency, end)
    records, odd = [], []
    for pk, number, received, applicant_type, outcome, closed in rows.iterator(chunk_size=5000):
        if pk in then:
            outcome, closed = then[pk]
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


def reported_changes(agency, year: int, records: list[RequestRecord]) -> list[ReportedChange]:
    """往年已报数据的变动 for ``year``'s report: its carried-over requests that an earlier
    report counted as replied (``domain.reopened``)."""
    carried = {
        r.id: r.applicant_type for r in records if "carried_from_last_year" in rows_of(r, year)
    }
    if not carried:
        return []
    end = dt.date(year - 1, 12, 31)
    earlier = [
        EarlierClosing(number, outcome, closed, reopened, reason)
        for number, outcome, closed, reopened, reason in EarlierReply.objects.filter(
            request__agency=agency, closed_on__lte=end, superseded_on__gt=end
        ).values_list("request__number", "outcome", "closed_on", "superseded_on", "reason")
    ]
    submitted = PublishedReport.objects.filter(
        agency=agency, source=Source.PLATFORM, year__lt=year
    ).values_list("year", flat=True)
    return domain_reported_changes(year, carried, earlier, submitted_years=set(submitted))


def build_report(agency, year: int, *, template: str | None = None, today: dt.date) -> Report:
    """The report of ``agency`` on ``year`` as the records stand ``today``."""
    return build_with_changes(agency, year, template=template, today=today)[0]


def build_with_changes(
    agency, year: int, *, template: str | None = None, today: dt.date
) -> tuple[Report, list[ReportedChange]]:
    """The report, and the requests earlier reports counted that came back in it."""
    if year > today.year:
        raise ValueError(f"{year} 年还没有到，不能生成该年度的报告。")
    template = template or template_for(year)
    requests, notes = request_records(agency, year)
    changes = reported_changes(agency, year, requests)
    if finding := change_finding(year, changes):
        notes.append(finding)
    if year == today.year:
        notes.append(
            Finding(
                "build.year_not_over",
                "info",
                f"{year} 年尚未结束，表中数字截至 {today.isoformat()}，年底前还会变化。",
                [],
            )
        )
    report = build_from_records(
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
    return report, changes
