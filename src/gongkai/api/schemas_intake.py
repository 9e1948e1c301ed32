"""What the intake and status endpoints take and answer."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class AttachmentIn(Schema):
    name: str = Field(max_length=200, description="文件名，如 身份证明.pdf")
    content_base64: str = Field(description="文件内容（Base64）；类型按内容判断，与在线申请相同")


class IntakeIn(Schema):
    agency: str = Field(max_length=40, description="受理机关的简码（须在令牌的机关范围内）")
    reference: str | None = Field(
        None, max_length=64, description="外部工单号；也可放在请求头 Idempotency-Key 中"
    )
    channel: str = Field(description="申请方式：hotline_12345、yiwangtongban 或 other")
    received_on: dt.date = Field(
        description="收到申请之日（第三十一条：互联网渠道为双方确认之日），答复期限由此起算"
    )
    applicant_type: str = Field(description="申请人类型：natural_person、commercial_enterprise 等")
    applicant_name: str = Field(max_length=100)
    organisation_name: str = Field("", max_length=200)
    id_type: str = Field("", description="证件类型：resident_id、passport、other、org_code")
    id_number: str = Field("", max_length=40)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=200)
    postcode: str = Field("", max_length=6)
    description: str = Field(description="所需信息的内容描述（第二十九条）")
    document_number: str = Field("", max_length=200)
    provision_form: str = Field("electronic", description="paper、electronic 或 inspection")
    receive_method: str = Field("email", description="post、email、pickup 或 online")
    attachments: list[AttachmentIn] = Field(default_factory=list, description="最多 5 个")


class IntakeOut(Schema):
    number: str = Field(description="登记编号")
    reference: str = Field(description="外部工单号")
    agency: str
    tracking_code: str | None = Field(
        description="申请人的查询码，只在首次受理时返回；重复提交时为空（平台只保存其摘要）"
    )
    received_on: dt.date
    due_on: dt.date | None = Field(description="答复期限")
    state: str
    state_label: str
    created: bool = Field(description="本次是否新登记（false：同一工单号已登记过）")
    status_url: str


class EventOut(Schema):
    kind: str
    label: str
    on: dt.date


class ApplicantOut(Schema):
    name: str
    organisation: str
    id_type: str
    id_number: str
    phone: str
    email: str
    address: str
    postcode: str


class StatusOut(Schema):
    number: str
    reference: str
    agency: str
    channel: str
    state: str
    state_label: str
    received_on: dt.date | None
    due_on: dt.date | None
    extended: bool
    closed_on: dt.date | None
    outcome: str
    outcome_label: str
    events: list[EventOut]
    description: str = Field(description="内容描述；无个人信息权限时其中的个人信息已遮盖")
    applicant: ApplicantOut | None = Field(
        description="申请人信息，仅当令牌有 request.view_personal 权限时返回"
    )
