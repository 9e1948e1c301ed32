from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models

from gongkai.fieldcrypt.fields import EncryptedCharField
from gongkai.organisations.models import Agency
from gongkai.state_guard import GuardedStateModel, GuardedStateQuerySet

from .domain.workflow import State


class ApplicantType(models.TextChoices):
    NATURAL_PERSON = "natural_person", "自然人"
    COMMERCIAL_ENTERPRISE = "commercial_enterprise", "商业企业"
    RESEARCH_INSTITUTION = "research_institution", "科研机构"
    SOCIAL_WELFARE_ORG = "social_welfare_org", "社会公益组织"
    LEGAL_SERVICE_ORG = "legal_service_org", "法律服务机构"
    OTHER_ORG = "other_org", "其他组织"


class Channel(models.TextChoices):
    # Art. 31 fixes the date of receipt differently for each channel.
    IN_PERSON = "in_person", "当面提交"
    REGISTERED_POST = "registered_post", "邮寄（挂号信、EMS）"
    LETTER = "letter", "平信"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"
    ONLINE = "online", "网上申请"
    # Forwarded by another system through the API (requests/actions/intake.py).
    HOTLINE_12345 = "hotline_12345", "12345 热线转来"
    YIWANGTONGBAN = "yiwangtongban", "一网通办转来"
    OTHER = "other", "其他"


# The channels another system may forward a request under (the API's intake).
FORWARDING_CHANNELS = (Channel.HOTLINE_12345, Channel.YIWANGTONGBAN, Channel.OTHER)


class ProvisionForm(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子文档"
    INSPECTION = "inspection", "当场阅读、抄录"


class ReceiveMethod(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    ONLINE = "online", "网上获取"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    OTHER = "other", "其他有效证件"
    ORG_CODE = "org_code", "统一社会信用代码"


STATE_CHOICES = [(s.value, s.label) for s in State]
OPEN_STATES = [s.value for s in State if s != State.CLOSED]


def new_tracking_code() -> str:
    # Unambiguous characters only: the code is read aloud on the phone and typed on phones.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


def hash_tracking_code(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace("-", "").encode()).hexdigest()


class InfoRequest(GuardedStateModel):
    """One request for government information (政府信息公开申请). Its state changes only
    through ``requests.actions`` (``gongkai.state_guard``)."""

    objects = GuardedStateQuerySet.as_manager()

    agency = models.ForeignKey(Agency, verbose_name="受理机关", on_delete=models.PROTECT)
    number = models.CharField("登记编号", max_length=40, unique=True)
    # Only a hash is kept: the code is the applicant's key to the tracking page.
    tracking_code_hash = models.CharField(max_length=64, db_index=True)
    state = models.CharField("状态", max_length=24, choices=STATE_CHOICES, db_index=True)

    channel = models.CharField("申请方式", max_length=24, choices=Channel.choices)
    submitted_at = models.DateTimeField("提交时间")
    received_on = models.DateField("收到日期", null=True, blank=True)

    applicant_type = models.CharField("申请人类型", max_length=32, choices=ApplicantType.choices)
    applicant_name = models.CharField("申请人姓名", max_length=100)
    organisation_name = models.CharField("法人或其他组织名称", max_length=200, blank=True)
    id_type = models.CharField("证件类型", max_length=24, choices=IdType.choices, blank=True)
    # Encrypted at rest (fieldcrypt): the model gives plaintext, the database holds ciphertext,
    # and nothing can be looked up by them: the same applicant is found by applicant_key.
    id_number = EncryptedCharField("证件号码", max_length=40, blank=True)
    phone = EncryptedCharField("联系电话", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    description = models.TextField("所需信息的内容描述")
    document_number = models.CharField("文件名称、文号", max_length=200, blank=True)
    provision_form = models.CharField(
        "信息的提供形式", max_length=16, choices=ProvisionForm.choices, default="electronic"
    )
    receive_method = models.CharField(
        "获取信息的方式", max_length=16, choices=ReceiveMethod.choices, default="email"
    )

    # The blind index: recognises the same applicant across requests (duplicates, volume,
    # Art. 35/36) without being personal data itself: an HMAC of the identity number, phone,
    # email or name, keyed by GONGKAI_PSEUDONYM_SECRET (never stored in the database).
    applicant_key = models.CharField(max_length=64, blank=True, db_index=True)

    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField("办理结果", max_length=48, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    # Derived from the clock events; stored so the work queue can sort and filter in SQL.
    # Recomputed by the actions whenever an event is added or the calendar changes.
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    # Working days of the reply period used when it closed; with due_on, what timeliness
    # statistics (share answered on time, average days) are counted from.
    days_used = models.PositiveSmallIntegerField("用时（工作日）", null=True, blank=True)
    extended = models.BooleanField("已延期", default=False)
    notes = models.JSONField("其他信息", default=dict, blank=True)

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["agency", "state", "due_on"])]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.state != State.CLOSED

    def get_state_display_zh(self) -> str:
        return State(self.state).label


class ClockEventRecord(models.Model):
    """One entry of the request's statutory clock; never changed, only appended."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="clock")
    kind = models.CharField(max_length=32)
    on = models.DateField("日期")
    working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    actor_label = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.request} {self.kind} {self.on}"


class Correction(models.Model):
    """What the applicant sent online in answer to the correction notice (补正, Art. 30); its
    arrival is the clock's RECEIVE_CORRECTION event, taken in the same transaction."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField("补正内容", blank=True)
    submitted_at = models.DateTimeField("提交时间")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.request} 补正"


class Attachment(models.Model):
    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="attachments")
    # Set for the files that came with an online correction; empty for the request's own.
    correction = models.ForeignKey(
        Correction,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(upload_to="requests/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    purpose = models.CharField(max_length=32, default="applicant")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class Reply(models.Model):
    """The reply letter (告知书) and its delivery."""

    request = models.OneToOneField(InfoRequest, on_delete=models.CASCADE, related_name="reply")
    outcome = models.CharField("办理结果", max_length=48)
    replied_on = models.DateField("答复日期")
    letter_number = models.CharField("文号", max_length=60, blank=True)
    body = models.TextField("告知书正文")
    withheld = models.JSONField("不予公开的部分及理由", default=list, blank=True)
    delivery_method = models.CharField("送达方式", max_length=16, blank=True)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.request} 答复"


class EarlierReply(models.Model):
    """A closing that a reopening superseded (重新办理): its outcome and date, and — when it was a
    reply — the letter as it was given (wording and number frozen when superseded) and its
    delivery. Never changed; the request's current reply stays its ``Reply``.

    The report of a year counts the closing in force on 31 December (``closed_on`` on or before
    it, ``superseded_on`` after it), so a reopening never rewrites a year already reported.
    """

    request = models.ForeignKey(
        InfoRequest, on_delete=models.CASCADE, related_name="earlier_replies"
    )
    outcome = models.CharField("办理结果", max_length=48)
    closed_on = models.DateField("办结日期")
    # False for a closing without a letter (withdrawn, correction or fee lapsed).
    had_letter = models.BooleanField("有告知书", default=False)
    letter_number = models.CharField("文号", max_length=60, blank=True)
    body = models.TextField("告知书正文", blank=True)
    withheld = models.JSONField("不予公开的部分及理由", default=list, blank=True)
    delivery_method = models.CharField("送达方式", max_length=16, blank=True)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    replied_at = models.DateTimeField("答复登记时间", null=True, blank=True)
    superseded_on = models.DateField("重新办理日期", db_index=True)
    superseded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准重新办理",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField("重新办理的原因")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "此前的答复"
        verbose_name_plural = "此前的答复"
        ordering = ["closed_on", "id"]

    def __str__(self) -> str:
        return f"{self.request} 此前的答复（{self.closed_on}）"

    @property
    def replied_on(self):
        # The letter's date, under the name ``Reply`` uses, so one renderer serves both.
        return self.closed_on


class ForwardedRequest(models.Model):
    """A request another system forwarded (12345 hotline, 一网通办) under its own reference
    (工单号). The reference is the idempotency key: the same one again for the agency is the
    same request. ``digest`` is the forwarded content's fingerprint, so the same reference with
    other content is refused instead of silently answered with the first request. The tracking
    code is not kept here either (only its hash, on the request): a repeated call gets the
    number and due date, and a lost code is reissued by the office."""

    request = models.OneToOneField(InfoRequest, on_delete=models.CASCADE, related_name="forwarded")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField("外部工单号", max_length=64)
    digest = models.CharField(max_length=64)
    source = models.CharField("转入方", max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "外部系统转入的申请"
        verbose_name_plural = "外部系统转入的申请"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "reference"], name="one_request_per_forwarded_reference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} → {self.request_id}"


class Transfer(models.Model):
    """A request moved (转办) from the agency it came to, to the agency responsible for the
    information (``actions.transfer``). The registration number stays, so the applicant's
    number and tracking code keep working; the receiving agency sees where it came from."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="transfers")
    from_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    on = models.DateField("转送日期")
    reason = models.TextField("转送原因")
    actor_label = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "转办记录"
        verbose_name_plural = "转办记录"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_agency_id} → {self.to_agency_id}"


class RequestCounter(models.Model):
    """Per-agency, per-year serial for registration numbers; locked while a number is taken."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="one_counter_per_agency_year")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


class CopyStatus(models.TextChoices):
    QUEUED = "queued", "正在生成"
    READY = "ready", "已生成"
    FAILED = "failed", "生成失败"


class ReleaseFile(models.Model):
    """A document to be released in reply, and the areas withheld from it (Art. 37).

    The original is kept for the file; only the redacted copy, rendered to images so that no
    withheld text survives, is ever given out.
    """

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="releases")
    original = models.FileField(upload_to="releases/original/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    areas = models.JSONField(default=list, blank=True)
    redacted = models.FileField(upload_to="releases/redacted/%Y/%m/", blank=True)
    # The copy is burnt in by a background task (every page pictured): queued while it runs,
    # failed with the reason. Each new marking is a new revision; a task finishing an older
    # one discards its copy, so the copy given out always has the latest areas.
    copy_status = models.CharField(
        "公开版本", max_length=8, choices=CopyStatus.choices, blank=True, default="", db_default=""
    )
    copy_error = models.TextField(blank=True, default="", db_default="")
    revision = models.PositiveIntegerField(default=0, db_default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


class LetterTemplate(models.Model):
    """An agency's own wording of the decision paragraph for one outcome of a reply letter."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="letter_templates")
    outcome = models.CharField("办理结果", max_length=48)
    body = models.TextField("告知书正文范本")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "outcome"], name="one_template_per_outcome")
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.outcome}"
