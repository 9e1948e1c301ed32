"""The catalog (政府信息公开目录): categories, records, their versions, reviews and files."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.organisations.models import Agency
from gongkai.state_guard import (
    GuardedStateModel,
    GuardedStateQuerySet,
    ImmutableModel,
    ImmutableQuerySet,
)

from .domain.index_number import DEFAULT_SCHEME
from .domain.kinds import DOC_TYPE_LABELS, VALIDITY_LABELS
from .domain.workflow import STATE_LABELS, State

DOC_TYPE_CHOICES = [(k.value, v) for k, v in DOC_TYPE_LABELS.items()]
VALIDITY_CHOICES = [("", "—")] + [(k.value, v) for k, v in VALIDITY_LABELS.items()]
STATE_CHOICES = [(k.value, v) for k, v in STATE_LABELS.items()]


class CatalogSettings(models.Model):
    """An agency's index-number scheme and the organisation code that goes into it."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="catalog_settings")
    index_scheme = models.CharField("索引号规则", max_length=80, default=DEFAULT_SCHEME)
    org_code = models.CharField("索引号中的机构代码", max_length=40, blank=True)

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.index_scheme}"


class IndexCounter(models.Model):
    """Per-agency, per-year serial; locked while a number is taken and never decremented,
    so a number once given is never given again (even if the record is withdrawn)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="catalog_one_counter_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


class Category(models.Model):
    """A heading of an agency's 公开目录; a tree per agency."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="categories")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code = models.CharField("目录代码", max_length=20)
    name = models.CharField("目录名称", max_length=100)
    kind = models.CharField(max_length=20, blank=True)
    article = models.CharField("依据", max_length=40, blank=True)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="catalog_category_code")
        ]

    def __str__(self) -> str:
        return self.name


class Record(GuardedStateModel):
    """One piece of government information in the catalog. The fields are the working copy;
    what the public sees is ``live`` (the last published version), so a revision under
    review never leaks. Its state changes only through ``catalog.actions``."""

    objects = GuardedStateQuerySet.as_manager()

    agency = models.ForeignKey(Agency, verbose_name="发布机构", on_delete=models.PROTECT)
    category = models.ForeignKey(
        Category, verbose_name="公开目录", null=True, blank=True, on_delete=models.PROTECT
    )
    title = models.CharField("标题", max_length=300)
    index_number = models.CharField("索引号", max_length=80, unique=True, null=True, blank=True)
    state = models.CharField("状态", max_length=16, choices=STATE_CHOICES, default=State.DRAFT)
    doc_type = models.CharField("文件类型", max_length=20, choices=DOC_TYPE_CHOICES)
    document_number = models.CharField("文号", max_length=100, blank=True)
    subject_words = models.CharField("主题词", max_length=200, blank=True)
    subject_class = models.CharField("主题分类", max_length=100, blank=True)
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True)
    formed_on = models.DateField("成文日期")
    changed_on = models.DateField("变更日期", null=True, blank=True)
    validity = models.CharField("有效性", max_length=12, choices=VALIDITY_CHOICES, blank=True)
    effective_from = models.DateField("施行日期", null=True, blank=True)
    ended_on = models.DateField("失效或废止日期", null=True, blank=True)
    validity_basis = models.CharField("废止或替代文件", max_length=200, blank=True)
    interprets = models.ForeignKey(
        "self",
        verbose_name="解读的政策文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interpretations",
    )
    # Public side, set by publish and withdraw only.
    is_public = models.BooleanField(default=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    live = models.ForeignKey(
        "RecordVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    publish_late = models.BooleanField("超过 20 个工作日公开", default=False)
    withdrawn_reason = models.TextField(blank=True)
    source_request_number = models.CharField("转为主动公开的申请", max_length=40, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "is_public", "published_at"]),
            models.Index(fields=["category", "is_public", "published_at"]),
            models.Index(fields=["is_public", "published_at"]),
            # The list page's year filter (published_on) counts and orders from this index
            # alone; without it every row of the agency is read.
            models.Index(
                fields=["agency", "is_public", "published_on", "published_at"],
                name="catalog_record_agency_day",
            ),
            models.Index(fields=["agency", "state"]),
            # Nearly every record interprets nothing, so statistics call the plain foreign-key
            # index useless for "interprets = X" and SQLite scans the table; the partial index
            # holds only interpretations and is chosen.
            models.Index(
                fields=["interprets", "published_at"],
                condition=models.Q(interprets__isnull=False),
                name="catalog_record_interpretations",
            ),
            # Covers the search join: every filter column is read from the index, never from
            # the wide row with its body. search/sqlite.py names it (INDEXED BY).
            models.Index(
                fields=[
                    "id",
                    "is_public",
                    "published_at",
                    "agency",
                    "category",
                    "published_on",
                    "doc_type",
                    "validity",
                ],
                name="catalog_record_search",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def state_label(self) -> str:
        return State(self.state).label


class RecordVersion(ImmutableModel):
    """A published version: the content exactly as the public saw it. Never changed: a change
    (a revision, a new validity) is a new version."""

    objects = ImmutableQuerySet.as_manager()

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    published_at = models.DateTimeField()
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["record", "number"], name="catalog_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.record_id} v{self.number}"


class Review(models.Model):
    """One confidentiality review (保密审查) of one submission: who, when, what they said."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="reviews")
    decision = models.CharField(max_length=10)  # "approve" or "return"
    opinion = models.TextField("审查意见")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer_label = models.CharField(max_length=150)
    submitted_by_label = models.CharField(max_length=150, blank=True)
    title = models.CharField(max_length=300)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.record_id} {self.decision}"


class Attachment(models.Model):
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="catalog/%Y/%m/")
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    removed = models.BooleanField(default=False)
    # The order the record page lists its files in (the publisher sets it on the draft).
    position = models.PositiveIntegerField(default=0, db_default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.original_name


class PortalGeneration(models.Model):
    """Bumped after every publish or withdrawal: part of the portal's cache keys, so cached
    pages of every worker process expire at once."""

    number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.number)
