from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.organisations.models import Agency


class Source(models.TextChoices):
    UPLOADED = "uploaded", "上传的已发布报告"
    PLATFORM = "platform", "平台生成并报送"
    # Submitted by a lower level's own installation through the API (reports.actions.received).
    RECEIVED = "received", "下级平台报送"


# A unit's own submission, with the date it was submitted (an upload's date is only when the
# supervising office fetched it): what counts as submitted, and on time, for the deadlines.
SUBMISSIONS = (Source.PLATFORM, Source.RECEIVED)


# What a person reads for the stored keys (the template's key and the reader's format name).
TEMPLATE_LABELS = {
    "2021": "2021 格式（2021 年及以后）",
    "2019": "2019 格式（2019—2020 年）",
    "legacy": "旧格式（2018 年及以前）",
}
FORMAT_LABELS = {
    "text": "文本",
    "html": "网页",
    "pdf": "PDF",
    "pdf-ocr": "扫描 PDF（文字识别）",
    "docx": "Word 文档",
    "doc": "Word 97-2003 文档",
    "xlsx": "Excel 表格",
    "xls": "Excel 97-2003 表格",
}


class PublishedReport(models.Model):
    """One annual report in the library: built here and submitted, or published elsewhere and
    uploaded. Its figures are the schema's JSON; the file it came from is kept as it was."""

    agency = models.ForeignKey(
        Agency,
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="published_reports",
    )
    # As the report names itself; kept even when matched to an agency on the platform.
    unit_name = models.CharField("报告单位", max_length=200)
    # The supervising agency whose library holds it: who may review it (its subtree's supervisors).
    within = models.ForeignKey(
        Agency, verbose_name="所属地区/主管单位", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("统计年度", db_index=True)
    template = models.CharField("格式", max_length=8)
    source = models.CharField("来源", max_length=16, choices=Source.choices)
    file = models.FileField("原文件", upload_to="reports/%Y/", blank=True)
    file_name = models.CharField("文件名", max_length=200, blank=True)
    # Identical files are one report, however many times they are uploaded.
    file_hash = models.CharField(max_length=64, unique=True)
    source_format = models.CharField(max_length=8, blank=True)
    data = models.JSONField("报告数据")
    narrative = models.TextField("正文", blank=True)
    # For a submission from the platform: the registration numbers behind each figure of
    # section 三, frozen with the figures so a later check sees what was counted then.
    records = models.JSONField(default=dict, blank=True)
    metadata_overrides = models.JSONField(default=dict, blank=True)
    submitted_at = models.DateTimeField("报送/上传时间")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    parsed_at = models.DateTimeField(null=True, blank=True)
    # For a report received from a lower level's installation: its version number there.
    remote_version = models.PositiveIntegerField("报送方版本号", null=True, blank=True)

    class Meta:
        ordering = ["-year", "unit_name"]
        indexes = [models.Index(fields=["agency", "year"])]

    def __str__(self) -> str:
        return f"{self.unit_name} {self.year} 年度报告"

    @property
    def template_label(self) -> str:
        return TEMPLATE_LABELS.get(self.template, self.template)

    @property
    def format_label(self) -> str:
        return FORMAT_LABELS.get(self.source_format, self.source_format.upper())

    @property
    def findings(self) -> list[dict]:
        return self.data.get("findings", [])

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.findings if f.get("severity") == "error")


class FindingDecision(models.Model):
    """A supervisor's decision on one finding, kept across re-parsing: findings are matched by
    their rule and cells, which parsing the same report again reproduces."""

    CONFIRMED, DISMISSED = "confirmed", "dismissed"

    report = models.ForeignKey(PublishedReport, on_delete=models.CASCADE, related_name="decisions")
    finding_key = models.CharField(max_length=300)
    decision = models.CharField(
        max_length=12, choices=[(CONFIRMED, "确认问题"), (DISMISSED, "不是问题")]
    )
    note = models.TextField("说明", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "finding_key"], name="one_decision_per_finding"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.finding_key} · {self.decision}"


def finding_key(finding: dict) -> str:
    return f"{finding.get('rule', '')}|{','.join(sorted(finding.get('cells') or []))}"[:300]


class ReportDraft(models.Model):
    """What a unit adds to its built report before submitting: hand-entered figures with their
    sources, and the narrative sections (with figures quoted by placeholder)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="report_drafts")
    year = models.PositiveSmallIntegerField()
    manual = models.JSONField(default=dict, blank=True)  # {path: {"value": n, "source": "…"}}
    narrative = models.JSONField(default=dict, blank=True)  # {section: text}
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="one_draft_per_agency_year")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} 年度报告草稿"


class UploadStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "解析中"
    DONE = "done", "已解析"
    DUPLICATE = "duplicate", "已有同一文件"
    FAILED = "failed", "无法解析"


class LibraryUpload(models.Model):
    """One file of an upload to the library, waiting for (or done with) its parse in the
    background: a batch of 37 reports answers at once and the page shows them finishing."""

    batch = models.UUIDField(db_index=True)
    within = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept until parsed (the report then keeps its own copy), or while it could not be.
    file = models.FileField(upload_to="reports/uploads/%Y/", blank=True)
    file_name = models.CharField("文件名", max_length=200)
    status = models.CharField(
        "状态", max_length=16, choices=UploadStatus.choices, default=UploadStatus.QUEUED
    )
    report = models.ForeignKey(
        PublishedReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    error = models.TextField("原因", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status not in (UploadStatus.QUEUED, UploadStatus.RUNNING)
