from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Substr

from .roles import ROLE_LABELS, Role


class Level(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡镇（街道）"


class Kind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "政府部门"
    OTHER = "other", "其他（派出机构、授权组织）"


# 统一社会信用代码 is 18 characters; older 组织机构代码 are 9 (often written 8-1). Index numbers
# embed whichever the agency uses, so both are accepted.
org_code_validator = RegexValidator(
    r"^(?:[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}|[0-9A-Z]{8}-?[0-9A-Z])$",
    "机构代码应为 18 位统一社会信用代码或 9 位组织机构代码。",
)
code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{1,39}$",
    "机构简码只能包含小写字母、数字和连字符（2–40 个字符），例如 demo-county。",
)


class AgencyQuerySet(models.QuerySet):
    def subtree_of(self, agency: Agency) -> AgencyQuerySet:
        return self.filter(path__startswith=agency.path)

    def public(self) -> AgencyQuerySet:
        """The agencies the portal and the open-data API show, in the tree's order."""
        return self.filter(is_active=True).order_by("path")


class Agency(models.Model):
    """A 行政机关 (or a body authorised to act in its own name) that discloses information."""

    code = models.CharField(
        "机构简码",
        max_length=40,
        unique=True,
        validators=[code_validator],
        help_text="用于网址和命令行，例如 demo-county。",
    )
    name = models.CharField("机构名称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    org_code = models.CharField(
        "统一社会信用代码/组织机构代码",
        max_length=20,
        blank=True,
        validators=[org_code_validator],
    )
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of primary keys ("/0000001/0000004/") so a supervisor's whole subtree is one
    # indexed prefix query, however deep the tree.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    disclosure_office = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    phone = models.CharField("联系电话", max_length=64, blank=True)
    fax = models.CharField("传真", max_length=64, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    website = models.URLField("网站", blank=True)
    # How long released documents stay downloadable on the tracking page (网上获取); empty
    # means the platform's default (requests.domain.outcomes.DEFAULT_RELEASE_DAYS).
    release_download_days = models.PositiveSmallIntegerField(
        "公开文件网上获取期限（日）",
        null=True,
        blank=True,
        validators=[MinValueValidator(7), MaxValueValidator(3650)],
        help_text="申请人可在查询页面下载公开文件的天数，自答复之日起计算；不填则为 90 日。",
    )

    is_active = models.BooleanField("在用", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = "行政机关"
        verbose_name_plural = "行政机关"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def save(self, *args, **kwargs) -> None:
        old_path = self.path
        super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent_id else "/"
        # Zero-padded so that string order of paths is creation order among siblings.
        new_path = f"{parent_path}{self.pk:07d}/"
        if new_path != old_path:
            Agency.objects.filter(pk=self.pk).update(path=new_path)
            self.path = new_path
            if old_path:
                # Moving a unit moves everything below it.
                Agency.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
                )

    def clean(self) -> None:
        if self.parent_id and self.pk and self.parent_id in self._subtree_ids():
            raise ValidationError({"parent": "上级机构不能是本机关自己或其下级机构。"})

    def _subtree_ids(self) -> set[int]:
        return set(Agency.objects.subtree_of(self).values_list("pk", flat=True))


class RoleAssignment(models.Model):
    """One role one person holds in one agency; a person may hold many."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="人员",
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(
        "角色", max_length=16, choices=[(r.value, ROLE_LABELS[r]) for r in Role]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="unique_role_per_agency"
            )
        ]
        ordering = ["agency__path", "role"]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"
