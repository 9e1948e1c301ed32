from __future__ import annotations

from django.db import models

from gongkai.organisations.models import Agency
from gongkai.requests.models import InfoRequest

from .domain.cases import KINDS, PENDING, RESULT_LABELS


class Kind(models.TextChoices):
    RECONSIDERATION = "reconsideration", KINDS["reconsideration"]
    LITIGATION_DIRECT = "litigation_direct", KINDS["litigation_direct"]
    LITIGATION_AFTER = (
        "litigation_after_reconsideration",
        KINDS["litigation_after_reconsideration"],
    )


RESULT_CHOICES = [(key, RESULT_LABELS[key]) for key in (PENDING, "upheld", "corrected", "other")]


class AppealCase(models.Model):
    """One reconsideration or lawsuit about a disclosure decision of the agency."""

    agency = models.ForeignKey(Agency, verbose_name="被申请（被告）机关", on_delete=models.PROTECT)
    number = models.CharField("案件编号", max_length=60)
    kind = models.CharField("类型", max_length=40, choices=Kind.choices)
    request = models.ForeignKey(
        InfoRequest,
        verbose_name="涉及的申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    body = models.CharField("复议机关或法院", max_length=200, blank=True)
    filed_on = models.DateField("收案日期")
    result = models.CharField("结果", max_length=16, choices=RESULT_CHOICES, default=PENDING)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    # Whether the decision orders the agency to handle the request again (e.g. 责令重新答复).
    reopens_request = models.BooleanField("决定要求重新答复", default=False)
    notes = models.TextField("备注", blank=True)
    ledger_notes = models.JSONField("台账其他列", default=dict, blank=True)

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "复议诉讼案件"
        verbose_name_plural = "复议诉讼案件"
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="one_case_number_per_agency")
        ]
        indexes = [models.Index(fields=["agency", "filed_on"])]

    def __str__(self) -> str:
        return self.number

    @property
    def is_pending(self) -> bool:
        return self.result == PENDING


class AppealDocument(models.Model):
    """A decision, judgment, petition or other paper of the case."""

    case = models.ForeignKey(AppealCase, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="appeals/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name
