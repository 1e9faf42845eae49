"""Disclosure applications (依申请公开) and the reconsideration and litigation that follow.

Models are thin: a case's due dates are derived from its events by ``gongkai.law.clock`` (see
:mod:`gongkai.applications.clock`); ``received_on``, ``reply_due`` and ``clock_status`` are that
derivation cached for lists and aggregate queries, written only by the actions. Outcome codes,
applicant categories and the 表三/表四 rows are ``gongkai.law``'s.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from gongkai.agencies.models import Agency
from gongkai.law.clock import Channel, ConsultationKind
from gongkai.law.outcomes import OUTCOME_BASIS, ApplicantCategory, Outcome

from .personal import EncryptedTextField, mask_id_number, mask_phone

CHANNEL_CHOICES = [(c.name, c.value) for c in Channel]
CATEGORY_CHOICES = [(c.name, c.value) for c in ApplicantCategory]
OUTCOME_CHOICES = [(o.name, f"{o.label}（{OUTCOME_BASIS[o] or '—'}）") for o in Outcome]


class ApplicantType(models.TextChoices):
    NATURAL_PERSON = "natural", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN = "taiwan", "台湾居民来往大陆通行证"
    FOREIGN_PR = "foreign_pr", "外国人永久居留身份证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    OTHER = "other", "其他证件"


class Medium(models.TextChoices):
    """第二十九条（三）「政府信息的形式要求」."""

    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子数据"


class Delivery(models.TextChoices):
    """第二十九条（三）「获取信息的方式、途径」."""

    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "自行领取"
    ONLINE = "online", "网上获取"


class State(models.TextChoices):
    """第四十五条 「登记、审核、办理、答复、归档」."""

    REGISTERED = "registered", "已登记，待审核"
    CORRECTION = "correction", "待申请人补正"
    HANDLING = "handling", "办理中"
    REVIEW = "review", "答复待审签"
    SIGNED = "signed", "已审签，待送达"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "已终结（未作答复）"
    ARCHIVED = "archived", "已归档"


OPEN_STATES = (State.REGISTERED, State.CORRECTION, State.HANDLING, State.REVIEW, State.SIGNED)


class HandlingRules(models.Model):
    """What an agency configures about its own procedure."""

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="handling_rules", verbose_name="机关"
    )
    reply_signoff_levels = models.PositiveSmallIntegerField(
        "答复审签层级",
        default=1,
        choices=[(1, "科室负责人"), (2, "科室负责人、分管领导"), (3, "科室负责人、分管领导、主要领导")],
    )
    fee_pauses_clock = models.BooleanField("收费期间不计入答复期限", default=True)
    letter_prefix = models.CharField(
        "文书字号", max_length=30, blank=True, help_text="如「晋行服依复」，文号为「晋行服依复〔2026〕3号」。"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "依申请公开办理设置"
        verbose_name_plural = verbose_name


class Application(models.Model):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="applications", verbose_name="受理机关"
    )
    tracking_code = models.CharField("查询码", max_length=16, unique=True)
    # The submitting form's one-time token: a second POST of the same form finds this row.
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    channel = models.CharField("提交方式", max_length=20, choices=CHANNEL_CHOICES)
    arrived_on = models.DateField("提交（签收）日期")
    confirmed_on = models.DateField("确认日期", null=True, blank=True)

    applicant_type = models.CharField("申请人类型", max_length=16, choices=ApplicantType.choices)
    category = models.CharField("申请人类别（年报）", max_length=20, choices=CATEGORY_CHOICES)
    name = models.CharField("姓名或名称", max_length=120)
    contact_person = models.CharField("联系人", max_length=60, blank=True)
    id_type = models.CharField("证件类型", max_length=16, choices=IdType.choices)
    id_number = EncryptedTextField("证件号码")
    id_digest = models.CharField(max_length=64, db_index=True, editable=False)
    phone = EncryptedTextField("联系电话")
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    description = models.TextField("所需政府信息的名称或特征描述")
    document_number = models.CharField("文号", max_length=80, blank=True)
    medium = models.CharField("信息的形式要求", max_length=12, choices=Medium.choices)
    delivery = models.CharField("获取信息的方式、途径", max_length=12, choices=Delivery.choices)
    description_digest = models.CharField(max_length=64, db_index=True, editable=False, default="")

    state = models.CharField(
        "状态", max_length=12, choices=State.choices, default=State.REGISTERED, db_index=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_applications",
        verbose_name="经办人",
    )
    outcome = models.CharField("处理结果", max_length=40, choices=OUTCOME_CHOICES, blank=True)
    reply_reasons = models.TextField("答复理由和告知事项", blank=True)
    reply_number = models.CharField("答复书文号", max_length=60, blank=True)
    # Indexed with the agency first (Meta.indexes): every query on it is one agency's.
    closed_on = models.DateField("答复（终结）日期", null=True, blank=True)

    fee_method = models.CharField("信息处理费计收方式", max_length=8, blank=True)
    fee_quantity = models.PositiveIntegerField("计费件数或页数", null=True, blank=True)
    fee_amount = models.DecimalField(
        "信息处理费（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )

    # Derived from the events by the clock; written by the actions only.
    received_on = models.DateField("收到申请之日", null=True, blank=True, db_index=True)
    reply_due = models.DateField("答复期限", null=True, blank=True, db_index=True)
    clock_status = models.CharField("期限状态", max_length=30, blank=True)

    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["submission_key"])

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = verbose_name
        ordering = ["-arrived_on", "-id"]
        indexes = [
            models.Index(fields=["agency", "received_on"], name="app_agency_received"),
            # 表三 reads only these columns of the rows finished since 1 January or still open
            # (figures.table3_for): the index answers it without touching the table.
            models.Index(
                fields=["agency", "closed_on", "received_on", "category", "outcome"],
                name="app_agency_closed_cover",
            ),
            models.Index(fields=["agency", "state"], name="app_agency_state"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} · {self.name}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def outcome_code(self) -> Outcome | None:
        return Outcome[self.outcome] if self.outcome else None

    @property
    def applicant_category(self) -> ApplicantCategory:
        return ApplicantCategory[self.category]


class Attachment(models.Model):
    """An applicant's document (身份证明、营业执照…), kept outside the web root."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    file = models.FileField(upload_to="applications/%Y/%m/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "申请附件"
        verbose_name_plural = verbose_name


class EventKind(models.TextChoices):
    """Each kind maps onto one ``gongkai.law.clock`` event (:mod:`gongkai.applications.clock`)."""

    RECEIVED = "received", "收到申请"
    ON_SPOT = "on_spot", "当场答复"
    CORRECTION_REQUESTED = "correction_requested", "告知补正"
    CORRECTION_RECEIVED = "correction_received", "收到补正"
    CONSULTATION_STARTED = "consultation_started", "发出征求意见书"
    CONSULTATION_ANSWERED = "consultation_answered", "收到征求意见答复"
    EXTENSION = "extension", "延长答复期限"
    DELAY = "delay", "确定延迟答复期限（第三十五条）"
    FEE_NOTICE = "fee_notice", "发出收费通知"
    FEE_PAID = "fee_paid", "缴纳信息处理费"
    FEE_LAPSED = "fee_lapsed", "逾期未缴费"
    ANSWERED = "answered", "作出答复"


class CaseEvent(models.Model):
    """One fact of the case with its date; the clock is computed from these, in entry order."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=24, choices=EventKind.choices)
    on = models.DateField("日期", null=True, blank=True)
    served = models.DateField("送达日期", null=True, blank=True)
    until = models.DateField("期限至", null=True, blank=True)
    notified_on = models.DateField("告知申请人日期", null=True, blank=True)
    days = models.PositiveSmallIntegerField("工作日数", null=True, blank=True)
    party = models.CharField("对象", max_length=120, blank=True)
    consultation_kind = models.CharField(
        "征求意见对象类别", max_length=12, blank=True, choices=[(k.name, k.value) for k in ConsultationKind]
    )
    note = models.TextField("说明", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "办理事项"
        verbose_name_plural = verbose_name
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on or ''}"


class SignOff(models.Model):
    """One level of the reply's sign-off (审签): approved, or returned with an opinion."""

    class Decision(models.TextChoices):
        APPROVED = "approved", "同意"
        RETURNED = "returned", "退回修改"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="signoffs")
    level = models.PositiveSmallIntegerField("层级")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name="审签人")
    decision = models.CharField("意见", max_length=10, choices=Decision.choices)
    opinion = models.TextField("审签意见", blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)
    round = models.PositiveSmallIntegerField("第几轮", default=1)

    class Meta:
        verbose_name = "答复审签"
        verbose_name_plural = verbose_name
        ordering = ["id"]


class Letter(models.Model):
    """A document issued to the applicant or a consulted party; its text is fixed when issued."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "补正告知书"
        EXTENSION = "extension", "延期答复告知书"
        CONSULTATION = "consultation", "征求第三方意见书"
        FEE = "fee", "收费通知书"
        REPLY = "reply", "政府信息公开申请答复书"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField("文书", max_length=16, choices=Kind.choices)
    number = models.CharField("文号", max_length=60, blank=True)
    issued_on = models.DateField("日期")
    context = models.JSONField("文书内容", default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "告知文书"
        verbose_name_plural = verbose_name
        ordering = ["id"]


class Appeal(models.Model):
    """A reconsideration or lawsuit over the agency's disclosure work (表四; spec §7)."""

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", "行政复议"
        LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
        LITIGATION_AFTER = "litigation_after_reconsideration", "行政诉讼（复议后起诉）"

    class Role(models.TextChoices):
        ORIGINAL = "original", "原行政行为机关"
        CO_DEFENDANT = "co_defendant", "复议机关（共同被告）"

    class Result(models.TextChoices):
        UPHELD = "upheld", "结果维持"
        CORRECTED = "corrected", "结果纠正"
        OTHER = "other", "其他结果"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="appeals", verbose_name="机关")
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name="原申请",
    )
    kind = models.CharField("类型", max_length=40, choices=Kind.choices)
    role = models.CharField("本机关地位", max_length=16, choices=Role.choices, default=Role.ORIGINAL)
    body = models.CharField("复议机关或人民法院", max_length=120)
    case_number = models.CharField("案号", max_length=80, blank=True)
    filed_on = models.DateField("申请（立案）日期")
    decided_on = models.DateField("决定（裁判）日期", null=True, blank=True)
    result = models.CharField("结果", max_length=12, choices=Result.choices, blank=True)
    note = models.TextField("说明", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "行政复议、行政诉讼案件"
        verbose_name_plural = verbose_name
        ordering = ["-filed_on", "-id"]
        indexes = [models.Index(fields=["agency", "filed_on"], name="appeal_agency_filed")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number or self.filed_on}"


class PersonalDataAccess(models.Model):
    """Who saw an applicant's full ID number and phone, when and why (append-only)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="personal_data_accesses"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    reason = models.CharField("事由", max_length=200)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "个人信息查看记录"
        verbose_name_plural = verbose_name
        ordering = ["-at"]


def _letter_template_path(instance: LetterTemplate, filename: str) -> str:
    return f"letter_templates/{instance.agency.code}/{instance.kind}.docx"


class LetterTemplate(models.Model):
    """An agency's own Word template for one kind of letter, used instead of the one the system
    ships (gongkai/applications/letters; the placeholders are listed in docs/letters.md)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="letter_templates", verbose_name="机关"
    )
    kind = models.CharField("文书", max_length=16, choices=Letter.Kind.choices)
    file = models.FileField("模板文件", upload_to=_letter_template_path)
    name = models.CharField("上传的文件名", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["agency", "kind"], name="unique_letter_template")]

    def __str__(self) -> str:
        return f"{self.agency.display_name} · {self.get_kind_display()}"


class ReminderSent(models.Model):
    """The deadline reminder e-mailed to one person on one day: however often the daily scan runs
    that day, a person gets one (gongkai.applications.reminders)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField("日期")
    due_soon = models.PositiveIntegerField("即将到期件数", default=0)
    overdue = models.PositiveIntegerField("已超期件数", default=0)
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)

    class Meta:
        verbose_name = "期限提醒邮件"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="unique_reminder_per_day")]


class Acknowledgement(models.Model):
    """An online application acknowledged to its applicant (the tracking code e-mailed when an
    address was given; recorded either way). Written by the task in the same transaction as the
    sending, one row per application, so the task's effect happens once however often it runs
    (a task worker killed mid-task and the task run again) — and "ran exactly once" is checkable."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="acknowledgement")
    mailed = models.BooleanField("已发送邮件", default=False)
    at = models.DateTimeField("确认时间", auto_now_add=True)

    class Meta:
        verbose_name = "网上申请确认"
        verbose_name_plural = verbose_name
