"""/api/v1/annual-reports/: a lower level's installation submits its annual report, for a
token holding ``report.submit`` over the submitting agency (a county's token on the city's
installation). What it sends is one frozen version as its own open-data API serves it
(``gongkai report push``); ``reports.actions.received`` checks and keeps it in the library."""

from __future__ import annotations

from django.utils import timezone
from ninja import Router, Status

from gongkai.reports.actions.received import receive_submission
from gongkai.reports.models import Source

from .auth import BearerToken
from .schemas import ReportReceivedOut, ReportSubmissionIn
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
        submitted_at=submitted_at,
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
