"""Reports a lower level's own installation submits through the API (``POST
/api/v1/annual-reports/``): a county's gongkai sending its frozen version to the city's.

What came is the schema's JSON as the county's open-data API serves it. It is checked by the
shared schema (``schema_errors``; rows its template lacks are refused, not dropped), and its
findings are computed here again by the consistency rules, as the library does for any report:
the receiving office judges what it holds, not what the sender said of it. Every version is
kept: a new submission is a new row; the same JSON again is the row already kept."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.db import transaction
from django.utils import timezone

from gongkai.annual_report.report import Report, schema_errors, template_errors
from gongkai.annual_report.validation import validate
from gongkai.audit import log as audit
from gongkai.errors import Conflict
from gongkai.organisations import policy
from gongkai.organisations.models import Agency
from gongkai.organisations.roles import Action

from ..models import PublishedReport, Source
from .library import LibraryError


class VersionConflict(Conflict):
    code = "version_conflict"
    message = "报送方的同一版本号已报送过不同的内容。"


def submission_digest(agency: Agency, data: dict, version: int | None, narrative: str = "") -> str:
    """The version's identity: the agency, the sender's version number, the report's figures
    and its prose, whatever JSON spacing or key order carried them (so the same report sent
    twice is one row). A version sent without prose keeps the identity it had before prose
    was sent at all."""
    content = {"agency": agency.code, "version": version, "report": data}
    if narrative:
        content["narrative"] = narrative
    frozen = json.dumps(content, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(frozen.encode()).hexdigest()


def _checked(agency: Agency, data) -> Report:
    if not isinstance(data, dict):
        raise LibraryError("报告数据应为 JSON 对象（annual-report.schema.json）。")
    problems = schema_errors(data)
    if problems:
        more = f"（另有 {len(problems) - 1} 处）" if len(problems) > 1 else ""
        raise LibraryError(f"报告数据不符合年度报告 JSON 格式：{problems[0]}{more}")
    lost = template_errors(data)
    if lost:
        raise LibraryError(f"报告数据有其格式没有的行或列：{lost[0]}")
    report = Report.from_dict(data)
    if report.year >= timezone.localdate().year:
        raise LibraryError(f"{report.year} 年尚未结束，不能报送该年度的报告。")
    return report


def receive_submission(
    *,
    actor,
    agency: Agency,
    data,
    version: int | None = None,
    submitted_at: dt.datetime | None = None,
    narrative: str = "",
) -> tuple[PublishedReport, bool]:
    """Keep ``agency``'s report sent from its own installation in the library of its supervising
    office; returns the row and whether it is new (the same JSON again: the row already kept)."""
    policy.require(actor, Action.REPORT_SUBMIT, agency)
    report = _checked(agency, data)
    narrative = (narrative or "").strip()
    # The prose's figures are checked against the tables here too (``narrative.mismatch``).
    report.findings = validate(report, narrative=narrative or None)
    kept_data = report.to_dict()
    digest = submission_digest(agency, data, version, narrative)
    existing = PublishedReport.objects.filter(file_hash=digest).first()
    if existing is not None:
        return existing, False
    if (
        version is not None
        and PublishedReport.objects.filter(
            agency=agency, source=Source.RECEIVED, year=report.year, remote_version=version
        ).exists()
    ):
        raise VersionConflict(
            f"“{agency.name}”{report.year} 年度报告的第 {version} 号版本已报送过不同的内容；"
            "报送方的版本一经报送即冻结，修改后请作为新版本报送。"
        )
    now = timezone.now()
    with transaction.atomic():
        kept = PublishedReport.objects.create(
            agency=agency,
            unit_name=agency.name,
            within=agency.parent or agency,
            year=report.year,
            template=report.template,
            source=Source.RECEIVED,
            file_hash=digest,
            data=kept_data,
            narrative=narrative,
            remote_version=version,
            submitted_at=submitted_at or now,
            parsed_at=now,
        )
        audit.record(
            actor=actor,
            action="report.receive",
            obj=kept,
            agency_id=agency.pk,
            changes={
                "year": [None, report.year],
                "version": [None, version],
                "findings": [None, len(report.findings)],
            },
        )
    return kept, True
