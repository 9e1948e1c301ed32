"""/api/v1/annual-reports/: a lower level's installation submits its annual report, for a
token holding ``report.submit`` over the submitting agency (a county's token on the city's
installation). What it sends is one frozen version as its own open-data API serves it
(``gongkai report push``); ``reports.actions.received`` checks and keeps it in the library."""

from __future__ import annotations

from django.utils import timezone
from ninja import Router, Status

from gongkai.organisations import policy
from gongkai.organisations.roles import Action
from gongkai.reports.actions.received import receive_submission
from gongkai.reports.models import Source
from gongkai.reports.published import held_versions
from gongkai.web.params import YEAR_MAX, YEAR_MIN, BadParameter

from .auth import BearerToken
from .schemas import HeldVersionsPage, ReportReceivedOut, ReportSubmissionIn
from .views_intake import REFUSALS, _inline, active_agency, payload

router = Router(auth=BearerToken(), tags=["年度报告报送（需令牌）"])

SUBMISSION_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": _inline(ReportSubmissionIn.model_json_schema())}
        },
    }
}


@router.post(
    "/",
    response={200: ReportReceivedOut, 201: ReportReceivedOut, **REFUSALS},
    url_name="report_submit",
    summary="报送一份年度报告（下级平台向上级平台）",
    openapi_extra=SUBMISSION_BODY,
)
def submit_report(request):
    """下级单位的平台报送其年度报告的一个冻结版本（数据同其开放数据接口 /api/v1/agencies/{code}/
    annual-reports/{year} 的 versions[]）。本平台按年报规则重新校验并收入报告库；同一数据再次报送
    答复已收录的同一份（200），新版本答复 201。报送方同一版本号的内容不同为 409。"""
    body = payload(request, ReportSubmissionIn)
    agency = active_agency(body.agency)
    submitted_at = body.submitted_at
    if submitted_at is not None and timezone.is_naive(submitted_at):
        submitted_at = timezone.make_aware(submitted_at)
    kept, created = receive_submission(
        actor=request.auth, agency=agency, data=body.report, version=body.version,
        submitted_at=submitted_at, narrative=body.narrative,
    )  # fmt: skip
    answer = {
        "id": kept.pk,
        "agency": agency.code,
        "year": kept.year,
        "template": kept.template,
        "source": kept.source,
        "source_label": Source(kept.source).label,
        "version": kept.remote_version,
        "submitted_at": kept.submitted_at,
        "created": created,
        "findings": kept.findings,
    }
    return Status(201 if created else 200, answer)


MAX_PAGE = 100


@router.get(
    "/",
    response={200: HeldVersionsPage, **REFUSALS},
    url_name="report_versions",
    summary="汇集所辖单位的年度报告（上级平台拉取）",
)
def held_reports(request, agency: str, year: int | None = None, after: int = 0, limit: int = 20):
    """令牌机关（须有 report.view）及其所有下级单位在本平台报告库中的每一份报告、每一个版本：
    本平台生成并报送的、下级平台报送的、主管部门上传的，连同数据和本平台的校验问题数。按收录先后
    排列；把上次取到的最后一个 id 作为 after 传回，即只取新收录的版本。"""
    found = active_agency(agency)
    policy.require(request.auth, Action.REPORT_VIEW, found)
    if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
        raise BadParameter(f"年度应在 {YEAR_MIN} 到 {YEAR_MAX} 之间。")
    if after < 0 or not 1 <= limit <= MAX_PAGE:
        raise BadParameter(f"after 不能为负数，limit 应在 1 到 {MAX_PAGE} 之间。")
    rows = list(held_versions(request.auth, found, year=year, after=after)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [
            {
                "id": kept.pk,
                "agency": kept.agency.code if kept.agency else None,
                "unit_name": kept.unit_name,
                "within": kept.within.code,
                "year": kept.year,
                "template": kept.template,
                "source": kept.source,
                "source_label": Source(kept.source).label,
                "version": kept.remote_version,
                "submitted_at": kept.submitted_at,
                "findings": len(kept.findings or []),
                "report": kept.data,
                "narrative": kept.narrative,
            }
            for kept in rows
        ],
        "next_after": rows[-1].pk if more else None,
    }
