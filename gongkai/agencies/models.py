"""Agencies (行政机关) and the staff roles people hold in them."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from simple_history import register
from simple_history.models import HistoricalRecords

# GB 32100-2015 统一社会信用代码: 18 characters from this alphabet (no I, O, Z, S, V).
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def validate_credit_code(value: str) -> None:
    """Check a 统一社会信用代码, including its GB 32100 check character."""
    if len(value) != 18 or any(c not in _CREDIT_ALPHABET for c in value):
        raise ValidationError("统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V）。")
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(value[:17], _CREDIT_WEIGHTS, strict=True))
    expected = _CREDIT_ALPHABET[(31 - total % 31) % 31]
    if value[17] != expected:
        raise ValidationError(f"统一社会信用代码校验位错误：应为 {expected}。")


# The public site puts each agency at /<code>/, beside the site's own top-level paths.
# The first parts of the system's own addresses: an agency's pages live at /<代号>/…, so a code equal
# to one of them would be shadowed (tests/agencies/test_reserved_codes.py reads the URLconf).
RESERVED_CODES = frozenset(
    {"admin", "staff", "check", "api", "static", "media", "accounts", "login"}
    | {"catalog", "search", "display", "feed", "consult", "apply"}
)


def validate_agency_code(value: str) -> None:
    if value.lower() in RESERVED_CODES:
        raise ValidationError(f"机关代号“{value}”与系统网址冲突，请换一个。")


def validate_org_code(value: str) -> None:
    """组织机构代码 (GB 11714): 8 body characters and a check character, hyphen optional."""
    if not re.fullmatch(r"[0-9A-Z]{8}-?[0-9X]", value):
        raise ValidationError("组织机构代码应为 9 位（8 位本体代码加 1 位校验码，可带连字符）。")


class HttpsURLField(models.URLField):
    """A URL field whose form adds https:// to a bare domain (government sites are served over HTTPS)."""

    def formfield(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)


class Agency(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", "国家级"
        PROVINCE = "province", "省级"
        PREFECTURE = "prefecture", "市级"
        COUNTY = "county", "县级"
        TOWNSHIP = "township", "乡镇级"

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "人民政府"
        DEPARTMENT = "department", "政府部门"
        VERTICAL = "vertical", "垂直管理机构"
        DISPATCHED = "dispatched", "派出机构"
        OTHER = "other", "其他"

    code = models.SlugField(
        "机关代号",
        max_length=40,
        unique=True,
        validators=[validate_agency_code],
        help_text="系统内唯一的英文代号，用于网址和命令行。",
    )
    name = models.CharField("机关全称", max_length=120, unique=True)
    short_name = models.CharField("机关简称", max_length=60, blank=True)
    level = models.CharField("层级", max_length=12, choices=Level.choices)
    kind = models.CharField("类别", max_length=12, choices=Kind.choices, default=Kind.DEPARTMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code]
    )
    org_code = models.CharField("组织机构代码", max_length=10, blank=True, validators=[validate_org_code])

    # The disclosure office's contact facts, as 条例第十二条 requires the guide to state them.
    office_name = models.CharField("政府信息公开工作机构名称", max_length=120, blank=True)
    office_address = models.CharField("办公地址", max_length=200, blank=True)
    office_postcode = models.CharField(
        "邮政编码",
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", "邮政编码应为 6 位数字。")],
    )
    office_phone = models.CharField("联系电话", max_length=60, blank=True)
    office_fax = models.CharField("传真号码", max_length=60, blank=True)
    office_email = models.EmailField("电子邮箱", blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    online_channel = HttpsURLField("互联网联系方式（在线申请渠道）", blank=True)
    website = HttpsURLField("门户网站", blank=True)
    # Further facts the real guides (指南) state: where letters go when it is not the office, the
    # 政务新媒体 and 查阅场所 that carry proactive disclosures, and what the agency does.
    mail_address = models.CharField(
        "邮寄地址", max_length=200, blank=True, help_text="信函申请的收件地址；留空则与办公地址相同。"
    )
    new_media = models.TextField(
        "政务新媒体", blank=True, help_text="每行一个，例如：微信公众号：晋江行政服务。"
    )
    reading_rooms = models.TextField(
        "政府信息查阅场所",
        blank=True,
        help_text="每行一处：名称、地址、电话（如档案馆、公共图书馆、政务服务中心查阅点）；"
        "留空则沿用上级机关登记的查阅场所。",
    )
    functions = models.TextField("主要职能", blank=True, help_text="本机关的主要职能，在指南中公布。")

    is_active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "行政机关"
        verbose_name_plural = "行政机关"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        if self.pk is not None and self.parent_id is not None:
            if self.parent_id == self.pk or self.pk in Agency.ancestor_ids(self.parent_id):
                raise ValidationError({"parent": "上级机关不能是本机关或其下级机关。"})

    @staticmethod
    def ancestor_ids(agency_id: int) -> list[int]:
        """Ids of the agencies above ``agency_id``, nearest first (not including itself)."""
        chain: list[int] = []
        seen = {agency_id}
        current = Agency.objects.filter(pk=agency_id).values_list("parent_id", flat=True).first()
        while current is not None and current not in seen:
            chain.append(current)
            seen.add(current)
            current = Agency.objects.filter(pk=current).values_list("parent_id", flat=True).first()
        return chain

    def descendant_ids(self) -> set[int]:
        """Ids of every agency below this one (not including itself)."""
        found: set[int] = set()
        frontier = [self.pk]
        while frontier:
            children = list(Agency.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            children = [c for c in children if c not in found]
            found.update(children)
            frontier = children
        return found


class Role(models.TextChoices):
    CLERK = "clerk", "经办人"
    SECTION_HEAD = "section_head", "科室负责人"
    DEPUTY_HEAD = "deputy_head", "分管领导"
    HEAD = "head", "主要领导"
    OFFICE_HEAD = "office_head", "公开工作机构负责人"
    SUPERVISOR = "supervisor", "主管部门"
    SYSADMIN = "sysadmin", "系统管理员"


class Membership(models.Model):
    """One role a person holds in one agency; a person may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="人员", on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    created = models.DateTimeField("授予时间", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "人员角色"
        verbose_name_plural = "人员角色"
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_membership")]
        ordering = ["agency__name", "role"]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency.display_name} · {self.get_role_display()}"


# People's accounts keep a history too (who made whom superuser, deactivated or deleted whom);
# the password hash and the time of the last sign-in are not part of it.
register(User, app="gongkai.agencies", excluded_fields=["password", "last_login"])
