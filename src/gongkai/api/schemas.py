"""What the API answers, as typed schemas: the OpenAPI document is generated from these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class Error(Schema):
    code: str = Field(description="机器可读的错误代码，如 not_found、bad_parameter")
    message: str = Field(description="中文说明")


class AgencyOut(Schema):
    code: str = Field(description="机构简码（网址中使用）")
    name: str
    short_name: str
    level: str = Field(description="层级：province、city、county、township")
    level_label: str
    kind: str = Field(description="类别：government、department、other")
    kind_label: str
    parent: str | None = Field(description="上级机构的简码")
    org_code: str = Field(description="统一社会信用代码（或 9 位组织机构代码），未填写为空")
    url: str = Field(description="门户上的机关页面")


class Contact(Schema):
    disclosure_office: str
    address: str
    postcode: str
    office_hours: str
    phone: str
    fax: str
    email: str
    website: str


class GuideOut(Schema):
    agency: AgencyOut
    contact: Contact
    updated_at: dt.datetime
    url: str = Field(description="门户上的公开指南页面")
    apply_url: str = Field(description="在线申请页面")
    content_html: str = Field(description="公开指南正文（HTML），与门户页面相同")


class RecordSummary(Schema):
    id: int
    title: str
    index_number: str | None
    document_number: str
    agency: str = Field(description="发布机关的简码")
    agency_name: str
    category_code: str
    category: str
    doc_type: str
    doc_type_label: str
    validity: str
    validity_label: str
    formed_on: dt.date
    published_on: dt.date | None
    published_at: dt.datetime
    version: int = Field(description="现行版本号")
    url: str
    api_url: str


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    url: str


class VersionOut(Schema):
    number: int
    published_at: dt.datetime
    note: str


class RecordDetail(RecordSummary):
    subject_words: str
    subject_class: str
    summary: str
    body: str = Field(description="正文（HTML，已按白名单清理）")
    changed_on: dt.date | None
    effective_from: dt.date | None
    ended_on: dt.date | None
    validity_basis: str
    interprets: int | None = Field(description="所解读文件的编号（公开的）")
    attachments: list[AttachmentOut]
    versions: list[VersionOut]


class RecordPage(Schema):
    items: list[RecordSummary]
    next_cursor: str | None = Field(description="下一页的游标；为空表示已是最后一页")
    next: str | None = Field(description="下一页的完整地址")


class ReportVersionOut(Schema):
    id: int
    submitted_at: dt.datetime
    template: str


class ReportYearOut(Schema):
    year: int
    record_id: int = Field(description="目录中发布该报告的政府信息编号")
    record_url: str
    url: str
    versions: list[ReportVersionOut]


class ReportVersionData(ReportVersionOut):
    report: dict[str, Any] = Field(
        description="年度报告数据，符合 annual-report.schema.json（每次报送的冻结版本）"
    )
    narrative: str = Field(description="报告正文（文字部分），与数据同一次报送")


class ReportYearData(ReportYearOut):
    agency: str
    versions: list[ReportVersionData]  # type: ignore[assignment]


class ReportSubmissionIn(Schema):
    """A lower level's installation submitting one frozen version of its annual report: what
    ``gongkai report push`` sends, the version as that installation's open-data API serves it."""

    agency: str = Field(max_length=40, description="报送单位的简码（须在令牌的机关范围内）")
    version: int | None = Field(None, ge=1, description="报送方平台上的版本号（其 versions[].id）")
    submitted_at: dt.datetime | None = Field(None, description="在报送方平台上报送的时间")
    report: dict[str, Any] = Field(description="年度报告数据，符合 annual-report.schema.json")
    narrative: str = Field(
        "", max_length=200_000, description="报告正文（文字部分）；校验其中的数字与表格是否一致"
    )


class FindingOut(Schema):
    rule: str
    severity: str = Field(description="error 或 warning")
    message: str
    cells: list[str]


class ReportReceivedOut(Schema):
    id: int = Field(description="本平台报告库中的编号")
    agency: str
    year: int
    template: str
    source: str
    source_label: str
    version: int | None = Field(description="报送方平台上的版本号")
    submitted_at: dt.datetime
    created: bool = Field(description="true 为新收录的版本；同一数据再次报送为 false")
    findings: list[FindingOut] = Field(description="本平台按年报校验规则重新校验的结果")


class HeldVersionOut(Schema):
    id: int = Field(description="本平台报告库中的编号；下次从 after=该编号 起接着取")
    agency: str | None = Field(description="报告单位的简码（上传的本平台以外单位的报告为空）")
    unit_name: str
    within: str = Field(description="所属地区或主管单位的简码")
    year: int
    template: str
    source: str = Field(description="platform 平台生成并报送、received 下级平台报送、uploaded 上传")
    source_label: str
    version: int | None = Field(description="下级平台报送的，为其平台上的版本号")
    submitted_at: dt.datetime
    findings: int = Field(description="本平台按年报校验规则发现的问题数")
    report: dict[str, Any] = Field(description="年度报告数据，符合 annual-report.schema.json")
    narrative: str = Field(description="报告正文（文字部分）")


class HeldVersionsPage(Schema):
    items: list[HeldVersionOut]
    next_after: int | None = Field(description="还有更多时，下一页的 after 值；为空表示已取完")
