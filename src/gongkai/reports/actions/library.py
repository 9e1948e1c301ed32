"""The report library: reports uploaded by the supervising office (parsed and validated here)
and reports submitted from the platform, deduplicated by file hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai import uploads
from gongkai.annual_report.report import Report, schema_errors
from gongkai.annual_report.tables import TEMPLATES, cell_paths
from gongkai.annual_report.validation import validate
from gongkai.audit import log as audit
from gongkai.catalog import actions as catalog
from gongkai.catalog.domain.kinds import DocType
from gongkai.catalog.models import Category
from gongkai.documents.annual_report import render_pdf
from gongkai.errors import InvalidInput
from gongkai.organisations import policy
from gongkai.organisations.models import Agency
from gongkai.organisations.roles import Action
from gongkai.parsing import UnreadableReport, parse_bytes
from gongkai.requests.domain.ledger import records_behind

from ..builder import request_records
from ..domain.drafting import DraftError, manual_cells
from ..drafts import complete_report
from ..models import FindingDecision, PublishedReport, Source, finding_key

MAX_BYTES = 50 * 1024 * 1024


# The parser judges a report's format by its content (parsing.reading.sniff); the kept file
# is named after that format, never after the uploaded name.
_EXTENSIONS = {"pdf-ocr": "pdf", "text": "txt"}


def _stored_extension(result) -> str:
    fmt = result.source_format or "text"
    return _EXTENSIONS.get(fmt, fmt)


class LibraryError(InvalidInput):
    """Why a report could not be taken into the library, in words a clerk can act on."""

    code = "library_refused"
    message = "无法收录这份年度报告。"


def _match_agency(name: str, within: Agency) -> Agency | None:
    """The platform agency a parsed report names, searched in the uploader's subtree."""
    if not name:
        return None
    candidates = Agency.objects.subtree_of(within)
    return (
        candidates.filter(name=name).first()
        or candidates.filter(short_name=name).first()
        or next((a for a in candidates if a.name and (a.name in name or name in a.name)), None)
    )


def upload_report(
    *, actor, within: Agency, data: bytes, filename: str
) -> tuple[PublishedReport, bool]:
    """Parse, validate and keep a published report; the same file again returns the report
    already kept (second value False)."""
    policy.require(actor, Action.REPORT_REVIEW, within)
    if not data:
        raise LibraryError("文件是空的。")
    if len(data) > MAX_BYTES:
        raise LibraryError("文件超过 50 MB，不像一份年度报告。")
    digest = hashlib.sha256(data).hexdigest()
    existing = PublishedReport.objects.filter(file_hash=digest).first()
    if existing is not None:
        return existing, False

    try:
        result = parse_bytes(data, filename)
    except UnreadableReport as exc:
        raise LibraryError(f"无法识别“{filename}”：{exc}") from exc
    report = _with_provenance(result)
    agency = _match_agency(report.get("agency", ""), within)
    now = timezone.now()
    with transaction.atomic():
        kept = PublishedReport.objects.create(
            agency=agency,
            unit_name=report.get("agency") or filename,
            within=within,
            year=report["year"],
            template=report["template"],
            source=Source.UPLOADED,
            file=ContentFile(data, name=uploads.stored_name(_stored_extension(result))),
            file_name=filename[:200],
            file_hash=digest,
            source_format=result.source_format,
            data=report,
            narrative=result.narrative,
            submitted_at=now,
            submitted_by=actor if getattr(actor, "pk", None) else None,
            parsed_at=now,
        )
        audit.record(
            actor=actor,
            action="report.upload",
            obj=kept,
            agency_id=(agency or within).pk,
            changes={"file": [None, filename], "findings": [None, len(report.get("findings", []))]},
        )
    return kept, True


def reparse(*, actor, report: PublishedReport) -> PublishedReport:
    """Parse the kept file again (after the parser improved); decisions on findings stay."""
    policy.require(actor, Action.REPORT_REVIEW, report.within)
    if not report.file:
        # A report received as data from a lower level's installation has no file to read.
        raise LibraryError("这份报告是下级平台报送的数据，没有可重新解析的原文件。")
    with report.file.open("rb") as f:
        data = f.read()
    try:
        result = parse_bytes(data, report.file_name)
    except UnreadableReport as exc:
        raise LibraryError(str(exc)) from exc
    with transaction.atomic():
        before = len(report.findings)
        report.data = _with_provenance(result) | _apply_overrides({}, report.metadata_overrides)
        report.narrative = result.narrative
        report.parsed_at = timezone.now()
        report.save()
        audit.record(
            actor=actor,
            action="report.reparse",
            obj=report,
            agency_id=report.agency_id,
            changes={"findings": [before, len(report.findings)]},
        )
    return report


def _with_provenance(result) -> dict:
    """The parsed report, with where each doubtful cell (one a finding names) came from, so a
    supervisor can check the figure against the document."""
    doubtful = {c for f in result.report.get("findings", []) for c in f.get("cells") or []}
    where = {c: result.provenance[c] for c in sorted(doubtful) if c in result.provenance}
    return result.report | ({"provenance": where} if where else {})


def _apply_overrides(data: dict, overrides: dict) -> dict:
    return {k: v for k, v in overrides.items() if k in ("agency", "year", "template")} | data


def decide(
    *, actor, report: PublishedReport, key: str, decision: str, note: str
) -> FindingDecision:
    policy.require(actor, Action.REPORT_REVIEW, report.within)
    if decision not in (FindingDecision.CONFIRMED, FindingDecision.DISMISSED):
        raise LibraryError("请选择“确认问题”或“不是问题”。")
    if decision == FindingDecision.DISMISSED and not note.strip():
        raise LibraryError("认定“不是问题”时请写明理由。")
    if key not in {finding_key(f) for f in report.findings}:
        raise LibraryError("报告中没有这一项校验结果（可能已重新解析），请刷新页面。")
    with transaction.atomic():
        row, created = FindingDecision.objects.update_or_create(
            report=report,
            finding_key=key,
            defaults={"decision": decision, "note": note.strip(), "decided_by": actor},
        )
        audit.record(
            actor=actor,
            action="report.finding_decision",
            obj=report,
            agency_id=report.agency_id,
            changes={"finding": [None, key], "decision": [None, decision]},
            note=note.strip(),
        )
    return row


def edit_metadata(
    *,
    actor,
    report: PublishedReport,
    unit_name: str,
    year: int,
    agency: Agency | None,
    template: str | None = None,
) -> PublishedReport:
    """Correct what parsing could not tell: the unit, the year, the format. A changed format
    re-shapes the figures (cells the other format lacks are dropped) and validates again."""

    policy.require(actor, Action.REPORT_REVIEW, report.within)
    if agency is not None:
        policy.require(actor, Action.REPORT_REVIEW, agency)
    if not 2008 <= year <= dt.date.today().year + 1:
        raise LibraryError(f"年度 {year} 不在合理范围内。")
    template = template or report.template
    if template not in TEMPLATES:
        raise LibraryError(f"格式只能是 {'、'.join(TEMPLATES)}。")
    unit_name = unit_name.strip() or report.unit_name
    data = report.data | {"agency": unit_name, "year": year}
    if template != report.template:
        reshaped = Report.from_dict({**data, "template": template, "findings": []})
        # Every cell of the format, blank where unknown: a section 二 holding only cells both
        # formats share would otherwise match both of the schema's shapes.
        for path in cell_paths(template):
            reshaped.set(path, reshaped.get(path))
        reshaped.findings = validate(reshaped)
        data = reshaped.to_dict()
        problems = schema_errors(data)
        if problems:
            raise LibraryError(f"按 {template} 格式无法保存：{problems[0]}")
    with transaction.atomic():
        before = {
            "unit_name": report.unit_name,
            "year": report.year,
            "agency": report.agency_id,
            "template": report.template,
        }
        report.unit_name, report.year, report.agency = unit_name, year, agency
        report.template, report.data = template, data
        report.metadata_overrides = {"agency": unit_name, "year": year, "template": template}
        report.save()
        audit.record(
            actor=actor,
            action="report.metadata",
            obj=report,
            agency_id=report.agency_id,
            changes=audit.diff(
                before,
                {
                    "unit_name": unit_name,
                    "year": year,
                    "agency": report.agency_id,
                    "template": template,
                },
            ),
        )
    return report


def as_report(kept: PublishedReport) -> Report:
    return Report.from_dict(kept.data)


def submit_report(
    *, actor, agency: Agency, year: int, today: dt.date, now: dt.datetime | None = None
) -> tuple[PublishedReport, bool]:
    """Build the agency's report from its records and send it to its supervising office.

    The submitted copy is frozen: its figures and its rendered PDF never change. Submitting
    again after the records changed adds a new version; an unchanged report is not stored twice.
    """

    policy.require(actor, Action.REPORT_EDIT, agency)
    if year >= today.year:
        raise LibraryError(f"{year} 年尚未结束，不能报送该年度的报告。")
    try:
        report, narrative = complete_report(agency, year, today=today)
    except DraftError as exc:
        raise LibraryError(str(exc)) from exc
    errors = [f for f in report.findings if f.severity == "error"]
    if errors:
        raise LibraryError(f"报告有 {len(errors)} 处错误，改正后才能报送：{errors[0].message}")
    blank = [
        label for path, label in manual_cells(report.template).items() if report.get(path) is None
    ]
    if blank:
        # A blank cannot be told from "not reported"; nothing to report is a 0.
        raise LibraryError(f"请先填写：{'、'.join(blank)}（没有的填 0），再报送。")

    counted, _ = request_records(agency, year)
    behind = records_behind(counted, year, template=report.template)
    data = report.to_dict()
    # The narrative is part of what is submitted: editing it alone makes a new version too.
    frozen = json.dumps(
        {"report": data, "narrative": narrative}, sort_keys=True, ensure_ascii=False
    )
    digest = hashlib.sha256(frozen.encode()).hexdigest()
    existing = PublishedReport.objects.filter(file_hash=digest).first()
    if existing is not None:
        return existing, False
    pdf = render_pdf(report, narrative)
    with transaction.atomic():
        kept = PublishedReport.objects.create(
            agency=agency,
            unit_name=agency.name,
            within=agency.parent or agency,
            year=year,
            template=report.template,
            source=Source.PLATFORM,
            file=ContentFile(pdf, name=f"{agency.code}-{year}.pdf"),
            file_name=f"{agency.name}{year}年政府信息公开工作年度报告.pdf",
            file_hash=digest,
            source_format="pdf",
            data=data,
            narrative="\n".join(narrative.values()),
            records=behind,
            submitted_at=now or timezone.now(),
            submitted_by=actor if getattr(actor, "pk", None) else None,
        )
        audit.record(
            actor=actor,
            action="report.submit",
            obj=kept,
            agency_id=agency.pk,
            transition="submit",
            changes={"year": [None, year], "version": [None, digest[:12]]},
        )
    return kept, True


def publish_to_catalog(*, actor, kept: PublishedReport, today: dt.date):
    """Put a submitted report into the agency's catalog under 政府信息公开工作年度报告, as a
    draft with its frozen PDF attached: publishing it then goes through 保密审查 like any record
    (Art. 17), and the catalog action checks the permission to draft."""

    if kept.source != Source.PLATFORM or kept.agency is None:
        raise LibraryError("只有本平台报送的本机关报告可以从这里发布。")
    category = Category.objects.filter(agency=kept.agency, kind="annual_report").first()
    if category is None:
        catalog.ensure_catalog(actor=actor, agency=kept.agency)
        category = Category.objects.get(agency=kept.agency, kind="annual_report")
    title = kept.data.get("title") or f"{kept.unit_name}{kept.year}年政府信息公开工作年度报告"
    with transaction.atomic():
        record = catalog.create_draft(
            actor=actor,
            agency=kept.agency,
            today=today,
            data={
                "title": title,
                "category": category,
                "doc_type": DocType.ANNUAL_REPORT,
                "formed_on": timezone.localtime(kept.submitted_at).date(),
                "body": "".join(f"<p>{p}</p>" for p in kept.narrative.splitlines() if p.strip())
                or f"<p>{title}全文见附件。</p>",
            },
        )
        with kept.file.open("rb") as f:
            catalog.add_attachment(actor=actor, record=record, name=f"{title}.pdf", data=f.read())
    return record
