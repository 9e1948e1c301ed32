"""/api/v1/requests/: requests forwarded by other systems, and their status, for a token.

The intake checks what came by the staff intake form's own rules (``StaffIntakeForm``: Art. 29
contents, identity-number checksum, phone, attachments judged by their bytes, size and count)
and registers it through ``requests.actions.intake.forward`` — the named action, the policy's
``request.intake`` in the target agency. The status answers with personal data only when the
token holds ``request.view_personal`` there (``presentation.may_see_personal_data``)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json

import pydantic
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from ninja import Router, Status
from ninja.errors import ValidationError

from gongkai.organisations.models import Agency
from gongkai.requests import presentation
from gongkai.requests.actions import intake
from gongkai.requests.domain.outcomes import OUTCOMES
from gongkai.requests.domain.workflow import Event, State
from gongkai.requests.forms import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, StaffIntakeForm
from gongkai.requests.models import InfoRequest
from gongkai.web.params import BadParameter

from .auth import BearerToken
from .schemas import Error
from .schemas_intake import ApplicantOut, IntakeIn, IntakeOut, StatusOut

router = Router(auth=BearerToken(), tags=["转入申请（需令牌）"])
REFUSALS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 429: Error}
# Base64 is 4/3 of the bytes; a little more for padding and line breaks.
MAX_ENCODED = MAX_ATTACHMENT_BYTES * 4 // 3 + 1024


def _inline(schema: dict) -> dict:
    """A pydantic JSON schema with its ``$defs`` written in place, for the OpenAPI document."""
    defs = schema.pop("$defs", {})
    text = json.dumps(schema)
    for name, body in defs.items():
        text = text.replace(json.dumps({"$ref": f"#/$defs/{name}"}), json.dumps(body))
    return json.loads(text)


INTAKE_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": _inline(IntakeIn.model_json_schema())}},
    },
    "parameters": [
        {
            "name": "Idempotency-Key",
            "in": "header",
            "required": False,
            "schema": {"type": "string", "maxLength": 64},
            "description": "外部工单号（与请求体中的 reference 二选一）",
        }
    ],
}


def active_agency(code: str) -> Agency:
    found = Agency.objects.filter(code=code, is_active=True).first()
    if found is None:
        raise BadParameter(f"没有简码为“{code[:40]}”的在用行政机关。")
    return found


def payload(request, schema=IntakeIn):
    # Read from the stream, not request.body: Django's in-memory limit (2.5 MB) would refuse
    # attachments the public form accepts; the body limit middleware bounds the whole request.
    try:
        raw = json.loads(request.read() or b"null")
    except (ValueError, UnicodeDecodeError):
        raise BadParameter("请求体应为 JSON（Content-Type: application/json）。") from None
    if not isinstance(raw, dict):
        raise BadParameter("请求体应为 JSON 对象。")
    try:
        return schema.model_validate(raw)
    except pydantic.ValidationError as exc:
        raise ValidationError(exc.errors(include_url=False)) from None


def _reference(request, payload: IntakeIn) -> str:
    header = request.headers.get("Idempotency-Key", "").strip()
    body = (payload.reference or "").strip()
    if header and body and header != body:
        raise BadParameter("请求头 Idempotency-Key 与请求体中的 reference 不一致。")
    reference = header or body
    if not reference:
        raise BadParameter("缺少外部工单号：请放在请求头 Idempotency-Key 或请求体的 reference 中。")
    if problem := intake.reference_problem(reference):
        raise BadParameter(problem)
    return reference


def _files(payload: IntakeIn) -> list[SimpleUploadedFile]:
    if len(payload.attachments) > MAX_ATTACHMENTS:
        raise BadParameter(f"附件最多 {MAX_ATTACHMENTS} 个，本次有 {len(payload.attachments)} 个。")
    files = []
    for item in payload.attachments:
        if len(item.content_base64) > MAX_ENCODED:
            raise BadParameter(f"附件“{item.name}”超过 10 MB 的上限。")
        try:
            data = base64.b64decode(item.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise BadParameter(f"附件“{item.name}”的内容不是有效的 Base64。") from None
        files.append(SimpleUploadedFile(item.name or "附件", data))
    return files


def _form_message(form) -> str:
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = f"“{field.label}”（{name}）" if field is not None else ""
        parts.append(f"{label}{''.join(errors)}")
    return "；".join(parts)


def _checked(payload: IntakeIn, files, today) -> dict:
    """The applicant's data as the staff intake form cleans it; 400 with the form's own
    messages when it refuses."""
    fields = payload.model_dump(exclude={"agency", "reference", "attachments"})
    form = StaffIntakeForm(
        data={k: "" if v is None else str(v) for k, v in fields.items()},
        files=MultiValueDict({"attachments": files}),
        today=today,
    )
    if not form.is_valid():
        raise BadParameter("申请内容有误：" + _form_message(form))
    return form.request_data()


def _status_url(req: InfoRequest, reference: str) -> str:
    url = reverse("api:request_status", kwargs={"reference": reference})
    return f"{url}?agency={req.agency.code}"


@router.post(
    "/",
    response={200: IntakeOut, 201: IntakeOut, **REFUSALS},
    url_name="request_intake",
    summary="转入一件依申请公开申请",
    openapi_extra=INTAKE_BODY,
)
def intake_request(request):
    """12345 热线、一网通办等系统转来的申请。外部工单号是幂等键：同一机关、同一工单号、相同内容再次
    提交，答复同一件申请（200，不返回查询码）；内容不同则为 409。新登记的答复 201。"""
    body = payload(request)
    reference = _reference(request, body)
    agency = active_agency(body.agency)
    today = timezone.localdate()
    files = _files(body)
    data = _checked(body, files, today)
    digest = intake.content_digest(
        {
            "data": data,
            "channel": body.channel,
            "received_on": body.received_on,
            "attachments": [(f.name, hashlib.sha256(f.read()).hexdigest()) for f in files],
        }
    )
    for upload in files:
        upload.seek(0)
    req, code = intake.forward(
        actor=request.auth, agency=agency, reference=reference, channel=body.channel,
        data=data, received_on=body.received_on, digest=digest, attachments=files,
        today=today,
    )  # fmt: skip
    answer = {
        "number": req.number,
        "reference": reference,
        "agency": agency.code,
        "tracking_code": code,
        "received_on": req.received_on,
        "due_on": req.due_on,
        "state": req.state,
        "state_label": State(req.state).label,
        "created": code is not None,
        "status_url": _status_url(req, reference),
    }
    return Status(201 if code is not None else 200, answer)


@router.get(
    "/{reference}",
    response={200: StatusOut, **REFUSALS},
    url_name="request_status",
    summary="按外部工单号查询办理进度",
)
def request_status(request, reference: str, agency: str):
    """办理状态、收到日期、答复期限、办理结果和各办理事项的日期。申请人信息只对有
    request.view_personal 权限的令牌返回。"""
    found = active_agency(agency)
    req = intake.find_forwarded(actor=request.auth, agency=found, reference=reference)
    if req is None:
        raise Http404(f"“{found.name}”没有工单号为“{reference[:64]}”的转入申请。")
    personal = presentation.may_see_personal_data(request.auth, req.agency)
    outcome = OUTCOMES.get(req.outcome)
    return {
        "number": req.number,
        "reference": reference,
        "agency": req.agency.code,
        "channel": req.channel,
        "state": req.state,
        "state_label": State(req.state).label,
        "received_on": req.received_on,
        "due_on": req.due_on,
        "extended": req.extended,
        "closed_on": req.closed_on,
        "outcome": req.outcome,
        "outcome_label": outcome.label if outcome else "",
        "events": [
            {"kind": e.kind, "label": Event(e.kind).label, "on": e.on} for e in req.clock.all()
        ],
        "description": presentation.request_texts(req, personal=personal)["description"],
        "applicant": _applicant(req) if personal else None,
    }


def _applicant(req: InfoRequest) -> ApplicantOut:
    return ApplicantOut(
        name=req.applicant_name, organisation=req.organisation_name, id_type=req.id_type,
        id_number=req.id_number, phone=req.phone, email=req.email, address=req.address,
        postcode=req.postcode,
    )  # fmt: skip
