"""Forms of the application pages: what a person types, checked, and turned into an action.

The public form (第二十九条) and the staff registration share the applicant fields; their labels,
lengths and choices are the model's. Uploaded documents are checked by their first bytes (a PDF,
JPEG or PNG whatever the name says) and stored by the action that files the application, in the
same transaction. Each step of the procedure on the case page is one small form that knows which
action it builds and when it applies.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from django import forms
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.agencies.models import Agency, Role, validate_credit_code
from gongkai.agencies.permissions import REVIEW_LEVELS, ROLE_ACTIONS, Action, can
from gongkai.law.clock import MAX_EXTENSION_DAYS, Channel, ClockResult, ConsultationKind
from gongkai.law.fees import FeeMethod
from gongkai.law.outcomes import ApplicantCategory, Outcome

from . import actions as act
from .actions import Upload
from .models import (
    OUTCOME_CHOICES,
    Appeal,
    ApplicantType,
    Application,
    Delivery,
    IdType,
    SignOff,
    State,
)

# --- uploads --------------------------------------------------------------------------------------
MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
# The first bytes of each accepted kind: the name and the browser's content type prove nothing.
MAGIC = (
    (b"%PDF-", "application/pdf", ".pdf", "PDF"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg", "JPG"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png", "PNG"),
)


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a PDF, JPEG or PNG from its first bytes; None otherwise."""
    for magic, content_type, extension, _label in MAGIC:
        if head.startswith(magic):
            return content_type, extension
    return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to three files, each a PDF, JPG or PNG of at most 5 MB, judged by content."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png")

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(f"最多上传 {MAX_ATTACHMENTS} 个附件，您选择了 {len(files)} 个。")
        uploads = []
        for upload in files:
            name = os.path.basename(upload.name or "附件")[:200]
            if upload.size > MAX_ATTACHMENT_BYTES:
                raise ValidationError(f"附件“{name}”超过 5 MB，请压缩或分页后重新上传。")
            data_bytes = upload.read()
            kind = sniff(data_bytes[:16])
            if kind is None:
                raise ValidationError(
                    f"附件“{name}”不是 PDF、JPG 或 PNG 文件（按文件内容判断，与文件名无关），请重新选择。"
                )
            uploads.append(Upload(name, kind[0], kind[1], data_bytes))
        return uploads


# --- the applicant's fields -----------------------------------------------------------------------
def _date_input(**attrs) -> forms.DateInput:
    # A browser's date input takes only ISO dates (the zh-hans format would leave it empty).
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


def _model_field(name: str, model=Application, **overrides) -> forms.Field:
    """The model field's form field: its label, length and choices, said once in models.py."""
    field = model._meta.get_field(name).formfield(**overrides)
    if isinstance(field, forms.ChoiceField):
        if isinstance(field.widget, forms.RadioSelect):  # no "---------" button among the choices
            field.choices = [c for c in field.choices if c[0] != ""]
        else:
            field.choices = [("", "请选择") if c[0] == "" else c for c in field.choices]
    return field


# 自然人, and the five kinds of 法人或其他组织 (表三's applicant columns): one choice sets both fields.
APPLICANT_CHOICES = [("NATURAL_PERSON", "自然人")] + [
    (c.name, f"法人或其他组织：{c.value}")
    for c in ApplicantCategory
    if c is not ApplicantCategory.NATURAL_PERSON
]
_RESIDENT_ID = re.compile(r"^\d{17}[\dX]$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def check_resident_id(value: str) -> None:
    """GB 11643: 18 characters, the last a check digit (0–9 or X)."""
    if not _RESIDENT_ID.match(value):
        raise ValidationError("居民身份证号码应为 18 位，前 17 位是数字，最后一位是数字或 X。")
    total = sum(int(c) * w for c, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    if "10X98765432"[total % 11] != value[17]:
        raise ValidationError("居民身份证号码校验位不符，请核对是否有输错的数字。")


class ApplicantForm(forms.Form):
    """第二十九条第二款: who applies, what they ask for, and how they want it."""

    applicant = forms.ChoiceField(
        label="申请人类型",
        choices=APPLICANT_CHOICES,
        widget=forms.RadioSelect,
        help_text="法人或其他组织请选择最接近的类别，用于本机关的年度报告统计。",
    )
    name = _model_field("name", label="姓名或者名称", help_text="自然人填写姓名；法人或其他组织填写全称。")
    contact_person = _model_field("contact_person", help_text="法人或其他组织必填。")
    id_type = _model_field("id_type", label="身份证明类型")
    id_number = forms.CharField(label="身份证明号码", max_length=40)
    phone = forms.CharField(
        label="联系电话",
        max_length=30,
        help_text="查询办理进度时需要联系电话的后四位。",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = _model_field("email", help_text="选择以电子邮件获取信息的，必填。")
    address = _model_field("address", help_text="选择邮寄的，必填。")
    postcode = _model_field("postcode")
    description = _model_field(
        "description",
        label="所需政府信息的名称或者特征性描述",
        help_text="请写明信息的名称，或者便于查询的特征，如制作机关、大致时间、涉及的事项或地点。",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    document_number = _model_field("document_number", help_text="知道的请填写，如“晋政〔2024〕12号”。")
    medium = _model_field("medium", widget=forms.RadioSelect)
    delivery = _model_field("delivery", widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.setdefault("autocomplete", "name")
        self.fields["email"].widget.attrs.setdefault("autocomplete", "email")
        self.fields["address"].widget.attrs.setdefault("autocomplete", "street-address")
        self.fields["postcode"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "postal-code"})

    def clean_id_number(self) -> str:
        return "".join(self.cleaned_data["id_number"].split()).upper()

    def clean_postcode(self) -> str:
        value = self.cleaned_data.get("postcode", "").strip()
        if value and not re.fullmatch(r"\d{6}", value):
            raise ValidationError("邮政编码应为 6 位数字。")
        return value

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        if not re.fullmatch(r"[\d\s()（）+\-－]+", value) or sum(c.isdigit() for c in value) < 7:
            raise ValidationError("请填写有效的电话号码（至少 7 位数字，可带区号和连字符）。")
        return value

    def clean(self):
        data = super().clean()
        choice = data.get("applicant")
        if choice:
            organisation = choice != "NATURAL_PERSON"
            data["applicant_type"] = (
                ApplicantType.ORGANISATION if organisation else ApplicantType.NATURAL_PERSON
            ).value
            data["category"] = choice
            if organisation and not data.get("contact_person"):
                self.add_error("contact_person", "法人或其他组织申请的，请填写联系人。")
        id_type, id_number = data.get("id_type"), data.get("id_number")
        if id_number and id_type == IdType.RESIDENT_ID:
            try:
                check_resident_id(id_number)
            except ValidationError as exc:
                self.add_error("id_number", exc)
        elif id_number and id_type == IdType.CREDIT_CODE:
            try:
                validate_credit_code(id_number)
            except ValidationError as exc:
                self.add_error("id_number", exc)
        delivery = data.get("delivery")
        if delivery == Delivery.EMAIL and not data.get("email"):
            self.add_error("email", "选择以电子邮件获取信息的，请填写电子邮箱。")
        if delivery == Delivery.POST and not data.get("address"):
            self.add_error("address", "选择邮寄的，请填写通信地址。")
        return data

    # The form's three parts (第二十九条第二款（一）至（三）), rendered in this order by both pages.
    WHO = (
        "applicant",
        "name",
        "contact_person",
        "id_type",
        "id_number",
        "phone",
        "email",
        "address",
        "postcode",
    )
    WHAT = ("description", "document_number")
    HOW = ("medium", "delivery")

    @property
    def who(self) -> list[forms.BoundField]:
        return [self[name] for name in self.WHO]

    @property
    def what(self) -> list[forms.BoundField]:
        return [self[name] for name in self.WHAT]

    @property
    def how(self) -> list[forms.BoundField]:
        return [self[name] for name in self.HOW]

    def applicant_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k in act.APPLICANT_FIELDS}


def add_refusal(form: forms.Form, exc: Exception) -> None:
    """Put an action's refusal on the form: field by field where it names a field of the form."""
    from gongkai.actions import refusal_text

    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, refusal_text(exc))


class OnlineApplicationForm(ApplicantForm):
    """The public form. ``website`` is a trap for robots: people never see it."""

    attachments = AttachmentsField(
        label="附件（可选）",
        help_text="如身份证明、营业执照的扫描件或照片。最多 3 个文件，每个不超过 5 MB，"
        "只接受 PDF、JPG、PNG 格式。页面提示填写有误时，请重新选择附件。",
    )
    website = forms.CharField(
        label="请勿填写此项",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


REGISTER_SALT = "gongkai.applications.register"


class RegistrationForm(ApplicantForm):
    """Staff record an application that came in person, by post, by fax or orally (第三十一条)."""

    agency = forms.ModelChoiceField(label="受理机关", queryset=Agency.objects.none(), empty_label=None)
    channel = forms.ChoiceField(
        label="提交方式",
        choices=[
            (Channel.IN_PERSON.name, "当面提交（含口头提出、代为填写）"),
            (Channel.POST_SIGNED.name, "邮寄（需签收）"),
            (Channel.ORDINARY_LETTER.name, "平常信函"),
            (Channel.INTERNET.name, "互联网（电子邮件等）"),
            (Channel.FAX.name, "传真"),
        ],
        widget=forms.RadioSelect,
    )
    oral = forms.BooleanField(label="申请人口头提出，由工作人员代为填写（第二十九条第一款）", required=False)
    arrived_on = forms.DateField(
        label="提交（签收、到达）日期",
        widget=_date_input(),
        help_text="当面提交之日、邮件签收之日，或信函、电子邮件、传真到达之日。",
    )
    confirmed_on = forms.DateField(
        label="与申请人确认的日期",
        required=False,
        widget=_date_input(),
        help_text="平常信函、互联网、传真提交的必填：确认之日为收到申请之日（第三十一条）。",
    )
    attachments = AttachmentsField(
        label="附件（可选）", help_text="身份证明等材料的扫描件：最多 3 个，每个不超过 5 MB，PDF、JPG、PNG。"
    )

    # A signed one-time key: the same form posted twice (a double click) registers one application.
    key = forms.CharField(label="登记表", widget=forms.HiddenInput)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].initial = signing.dumps(secrets.token_urlsafe(24), salt=REGISTER_SALT)
        self.fields["agency"].queryset = agencies
        today = timezone.localdate().isoformat()
        self.fields["arrived_on"].widget.attrs["max"] = today
        self.fields["confirmed_on"].widget.attrs["max"] = today

    @property
    def received(self) -> list[forms.BoundField]:
        return [self[name] for name in ("agency", "channel", "oral", "arrived_on", "confirmed_on")]

    def clean_key(self) -> str:
        try:
            return signing.loads(self.cleaned_data["key"], salt=REGISTER_SALT, max_age=24 * 3600)
        except signing.BadSignature:
            raise ValidationError("本页面已失效（打开时间过长），请核对后重新提交。") from None

    def build(self, actor) -> act.RegisterApplication:
        d = self.cleaned_data
        return act.RegisterApplication(
            actor,
            d["agency"],
            self.applicant_data(),
            uploads=d.get("attachments") or [],
            channel=Channel[d["channel"]],
            arrived_on=d["arrived_on"],
            confirmed_on=d.get("confirmed_on"),
            reason="登记口头申请，工作人员代为填写" if d.get("oral") else "",
            submission_key=f"staff-{d['key']}",
        )


# --- the public progress query --------------------------------------------------------------------
class LookupForm(forms.Form):
    """查询码 + the phone's last four digits; other public queries (政策咨询) subclass it with
    their own words for when the code and phone were given."""

    given = "申请时"  # when the phone number was written down
    shown = "提交申请后"  # when the code was shown

    code = forms.CharField(
        label="查询码",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    tail = forms.CharField(
        label="联系电话后四位",
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tail"].help_text = f"{self.given}填写的联系电话的最后四位数字。"

    def clean_code(self) -> str:
        code = re.sub(r"[\s\-－]", "", self.cleaned_data["code"]).upper()
        if len(code) != act.TRACKING_LENGTH or any(c not in act.TRACKING_ALPHABET for c in code):
            raise ValidationError(
                f"查询码是 {act.TRACKING_LENGTH} 位字母和数字（不含 0、1、I、O），请核对{self.shown}页面上显示的查询码。"
            )
        return code

    def clean_tail(self) -> str:
        tail = self.cleaned_data["tail"].strip()
        if not re.fullmatch(r"\d{4}", tail):
            raise ValidationError("请填写 4 位数字。")
        return tail


# --- the case page's steps ------------------------------------------------------------------------
@dataclass
class CaseFacts:
    """What the case page knows once, for every form's ``applies()``."""

    application: Application
    clock: ClockResult | None
    signoff_level: int

    @property
    def open_consultations(self) -> list:
        return [c for c in (self.clock.consultations if self.clock else ()) if c.answered is None]

    @property
    def fee_pending(self) -> bool:
        return bool(self.clock and self.clock.fee_notice_on and not self.clock.fee_paid_on)


def _today() -> date:
    return timezone.localdate()


def _on(label: str = "日期") -> forms.DateField:
    return forms.DateField(label=label, widget=_date_input())


class CaseForm(forms.Form):
    """One step of the procedure: when it applies, and the action it builds from what was typed."""

    name: ClassVar[str]
    title: ClassVar[str]
    action: ClassVar[type[act.CaseAction]]
    button: ClassVar[str] = "提交"
    hint: ClassVar[str] = ""

    @property
    def heading(self) -> str:
        return self.title

    def __init__(self, *args, facts: CaseFacts, user, **kwargs):
        self.facts, self.user = facts, user
        kwargs.setdefault("prefix", self.name)
        super().__init__(*args, **kwargs)
        today = _today()
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField) and name in ("on", "notified_on", "served"):
                field.initial = today if name == "on" else None
                field.widget.attrs["max"] = today.isoformat()

    @classmethod
    def permission(cls, facts: CaseFacts) -> Action:
        return cls.action.permission

    @classmethod
    def applies(cls, facts: CaseFacts, user) -> bool:
        app = facts.application
        return app.state in cls.action.states and can(user, cls.permission(facts), app)

    def build(self) -> act.CaseAction:
        return self.action(self.user, self.facts.application, **self.arguments())

    def arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class AssignForm(CaseForm):
    name = "assign"
    title = "分配经办人"
    action = act.AssignApplication
    button = "分配"
    assignee = forms.ModelChoiceField(label="经办人", queryset=get_user_model().objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        editors = [role for role, allowed in ROLE_ACTIONS.items() if Action.EDIT in allowed]
        self.fields["assignee"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True,
                memberships__agency_id=self.facts.application.agency_id,
                memberships__role__in=editors,
            )
            .distinct()
            .order_by("username")
        )
        self.fields["assignee"].label_from_instance = lambda u: u.first_name or u.username
        self.fields["assignee"].initial = self.facts.application.assigned_to_id

    def build(self):
        return self.action(self.user, self.facts.application, self.cleaned_data["assignee"])


class AcceptForm(CaseForm):
    name = "accept"
    title = "审核通过，开始办理"
    action = act.AcceptApplication
    button = "受理"
    hint = "申请内容符合第二十九条的要求。内容不明确的，请改用“告知补正”。"


class RequestCorrectionForm(CaseForm):
    name = "correction_request"
    title = "告知补正（第三十条）"
    action = act.RequestCorrection
    button = "告知补正"
    hint = "自收到申请之日起7个工作日内一次性告知，说明需要补正的事项和合理的补正期限。"
    on = _on("告知日期")
    deadline = forms.DateField(label="补正期限", widget=_date_input(), help_text="一般不超过15个工作日。")
    matters = forms.CharField(label="需要补正的事项", widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def applies(cls, facts, user):
        """第三十条 「一次性告知」: not offered once a notice has been given."""
        return not (facts.clock and facts.clock.correction_requested) and super().applies(facts, user)


class ReceiveCorrectionForm(CaseForm):
    name = "correction_receive"
    title = "收到补正"
    action = act.ReceiveCorrection
    button = "登记补正"
    hint = "答复期限自收到补正的申请之日起重新计算（第三十条）。"
    on = _on("收到补正的日期")
    description = forms.CharField(
        label="补正的内容", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseWithoutCorrectionForm(CaseForm):
    name = "close_no_correction"
    title = "逾期不补正，视为放弃申请"
    action = act.CloseWithoutCorrection
    button = "终结"
    on = _on("终结日期")


class StartConsultationForm(CaseForm):
    name = "consultation_start"
    title = "征求意见（第三十二条、第三十四条）"
    action = act.StartConsultation
    button = "登记发出征求意见书"
    hint = "征求第三方和其他机关意见所需时间不计算在答复期限内（第三十三条第三款）。"
    kind = forms.ChoiceField(
        label="征求意见对象",
        choices=[(k.name, f"{k.value}（{k.article}）") for k in ConsultationKind],
        widget=forms.RadioSelect,
        initial=ConsultationKind.THIRD_PARTY.name,
    )
    party = forms.CharField(label="第三方或机关名称", max_length=120)
    on = _on("发出征求意见书的日期")
    served = forms.DateField(
        label="对方收到征求意见书的日期",
        required=False,
        widget=_date_input(),
        help_text="不知道的可以不填，按发出之日计算对方的15个工作日。",
    )
    matters = forms.CharField(
        label="征求意见的事项", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def arguments(self):
        d = dict(self.cleaned_data)
        d["kind"] = ConsultationKind[d["kind"]]
        return d


class AnswerConsultationForm(CaseForm):
    name = "consultation_answer"
    title = "收到征求意见答复"
    action = act.AnswerConsultation
    button = "登记答复"
    which = forms.ChoiceField(label="答复的一方")
    on = _on("收到答复的日期")
    opinion = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["which"].choices = [
            (
                f"{c.kind.name}|{c.party}",
                f"{c.kind.value}：{c.party or '（未写名称）'}（{c.sent:%Y-%m-%d} 发出）",
            )
            for c in self.facts.open_consultations
        ]

    @classmethod
    def applies(cls, facts, user):
        return bool(facts.open_consultations) and super().applies(facts, user)

    def arguments(self):
        d = dict(self.cleaned_data)
        kind, _, party = d.pop("which").partition("|")
        return {**d, "kind": ConsultationKind[kind], "party": party}


class ExtensionForm(CaseForm):
    name = "extension"
    title = "批准延长答复期限（第三十三条第二款）"
    action = act.ApproveExtension
    button = "批准延长"
    hint = "须经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日。"
    days = forms.IntegerField(
        label="延长的工作日数", min_value=1, max_value=MAX_EXTENSION_DAYS, initial=MAX_EXTENSION_DAYS
    )
    on = _on("批准日期")
    notified_on = forms.DateField(label="告知申请人的日期", required=False, widget=_date_input())
    grounds = forms.CharField(label="延长的理由", widget=forms.Textarea(attrs={"rows": 3}))


class DelayForm(CaseForm):
    name = "delay"
    title = "确定延迟答复期限（第三十五条）"
    action = act.NotifyDelay
    button = "登记"
    hint = "申请的数量、频次明显超过合理范围，理由合理但无法在第三十三条的期限内答复的，可以确定延迟答复的合理期限并告知申请人。"
    on = _on("告知申请人的日期")
    until = forms.DateField(label="延迟答复的期限", widget=_date_input())
    reason = forms.CharField(label="理由", max_length=200)


class FeeNoticeForm(CaseForm):
    name = "fee_notice"
    title = "发出收费通知（国办函〔2020〕109号）"
    action = act.IssueFeeNotice
    button = "计算并发出"
    hint = "金额按申请人本月在本机关的累计申请量自动计算；按标准不收费的，系统会提示。"
    method = forms.ChoiceField(
        label="计收方式", choices=[(m.value, m.label) for m in FeeMethod], widget=forms.RadioSelect
    )
    quantity = forms.IntegerField(label="件数或页数", min_value=1)
    on = _on("收费通知日期")
    served = forms.DateField(label="申请人收到通知的日期", required=False, widget=_date_input())

    @classmethod
    def applies(cls, facts, user):
        return not facts.application.fee_method and super().applies(facts, user)

    def arguments(self):
        d = dict(self.cleaned_data)
        d["method"] = FeeMethod(d["method"])
        return d


class FeePendingForm(CaseForm):
    """A step offered while a fee notice waits for its payment."""

    @classmethod
    def applies(cls, facts, user):
        return facts.fee_pending and super().applies(facts, user)


class FeePaidForm(FeePendingForm):
    name = "fee_paid"
    title = "登记缴费"
    action = act.RecordFeePaid
    button = "登记"
    on = _on("缴费日期")


class FeeLapsedForm(FeePendingForm):
    name = "fee_lapsed"
    title = "逾期未缴费，视为放弃申请"
    action = act.RecordFeeLapsed
    button = "终结"
    on = _on("终结日期")


REPLY_CHOICES = [(k, v) for k, v in OUTCOME_CHOICES if Outcome[k] not in act.CLOSING_OUTCOMES]
ON_SPOT_CHOICES = [(k, v) for k, v in REPLY_CHOICES if k != Outcome.STILL_UNCLEAR_AFTER_CORRECTION.name]


class DraftReplyForm(CaseForm):
    name = "draft"
    title = "拟定答复，提交审签"
    action = act.DraftReply
    button = "提交审签"
    outcome = forms.ChoiceField(
        label="处理结果", choices=REPLY_CHOICES, help_text="年度报告表三的行名称及法律依据。"
    )
    reasons = forms.CharField(label="答复内容和理由", widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        app = self.facts.application
        if app.outcome and not self.is_bound:
            self.initial.update(outcome=app.outcome, reasons=app.reply_reasons)

    def arguments(self):
        return {"outcome": Outcome[self.cleaned_data["outcome"]], "reasons": self.cleaned_data["reasons"]}


class SignOffForm(CaseForm):
    name = "signoff"
    title = "审签答复"
    action = act.SignOffReply
    button = "提交审签意见"
    decision = forms.ChoiceField(
        label="审签意见", choices=SignOff.Decision.choices, widget=forms.RadioSelect, initial="approved"
    )
    opinion = forms.CharField(
        label="意见", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="退回修改的必填。"
    )

    @classmethod
    def permission(cls, facts):
        return REVIEW_LEVELS[min(facts.signoff_level, len(REVIEW_LEVELS)) - 1][0]

    @property
    def heading(self) -> str:
        level = self.facts.signoff_level
        role = REVIEW_LEVELS[min(level, len(REVIEW_LEVELS)) - 1][1]
        return f"审签答复（第 {level} 级：{Role(role).label}）"

    def arguments(self):
        d = self.cleaned_data
        return {"approve": d["decision"] == SignOff.Decision.APPROVED, "opinion": d["opinion"]}


class IssueReplyForm(CaseForm):
    name = "issue"
    title = "出具答复书"
    action = act.IssueReply
    button = "出具"
    hint = "答复书的日期即答复之日（第三十三条）。"
    on = _on("答复日期")


class OnSpotForm(CaseForm):
    name = "on_spot"
    title = "当场答复（第三十三条第一款）"
    action = act.AnswerOnSpot
    button = "当场答复"
    outcome = forms.ChoiceField(label="处理结果", choices=ON_SPOT_CHOICES)
    reasons = forms.CharField(label="答复内容和理由", widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def applies(cls, facts, user):
        return facts.application.channel == Channel.IN_PERSON.name and super().applies(facts, user)

    def arguments(self):
        return {"outcome": Outcome[self.cleaned_data["outcome"]], "reasons": self.cleaned_data["reasons"]}


class WithdrawForm(CaseForm):
    name = "withdraw"
    title = "申请人撤回申请"
    action = act.WithdrawApplication
    button = "登记撤回"
    on = _on("撤回日期")
    reason = forms.CharField(label="撤回的方式和理由", max_length=200, help_text="如：申请人书面撤回，理由……")


class ArchiveForm(CaseForm):
    name = "archive"
    title = "归档（第四十五条）"
    action = act.ArchiveApplication
    button = "归档"


CASE_FORMS: dict[str, type[CaseForm]] = {
    form.name: form
    for form in (
        AssignForm,
        AcceptForm,
        OnSpotForm,
        RequestCorrectionForm,
        ReceiveCorrectionForm,
        CloseWithoutCorrectionForm,
        StartConsultationForm,
        AnswerConsultationForm,
        ExtensionForm,
        DelayForm,
        FeeNoticeForm,
        FeePaidForm,
        FeeLapsedForm,
        DraftReplyForm,
        SignOffForm,
        IssueReplyForm,
        WithdrawForm,
        ArchiveForm,
    )
}


class RevealForm(forms.Form):
    reason = forms.CharField(
        label="查看事由",
        max_length=200,
        required=False,
        help_text="记入个人信息查看记录；不填写的记为“查看申请人完整证件号码和电话”。",
    )


# --- appeals --------------------------------------------------------------------------------------
class AppealForm(forms.Form):
    kind = _model_field("kind", model=Appeal)
    role = _model_field("role", model=Appeal)
    body = _model_field("body", model=Appeal)
    case_number = _model_field("case_number", model=Appeal)
    tracking_code = forms.CharField(
        label="原申请的查询码",
        max_length=40,
        required=False,
        help_text="由依申请公开引起的，填写原申请的查询码。",
    )
    filed_on = forms.DateField(label="申请（立案）日期", widget=_date_input())
    decided_on = forms.DateField(label="决定（裁判）日期", required=False, widget=_date_input())
    result = _model_field("result", model=Appeal, required=False)
    note = _model_field("note", model=Appeal, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, agency: Agency, **kwargs):
        self.agency = agency
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = [("", "尚未审结")] + list(Appeal.Result.choices)

    def clean_tracking_code(self):
        code = re.sub(r"\s", "", self.cleaned_data.get("tracking_code", "")).upper()
        if not code:
            return None
        app = Application.objects.filter(agency=self.agency, tracking_code=code).first()
        if app is None:
            raise ValidationError(f"本机关没有查询码为 {code} 的申请。")
        return app

    def appeal_data(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["application"] = d.pop("tracking_code")
        d["result"] = d.get("result") or ""
        return d

    @classmethod
    def initial_from(cls, appeal: Appeal) -> dict[str, Any]:
        initial = {
            f: getattr(appeal, f)
            for f in ("kind", "role", "body", "case_number", "filed_on", "decided_on", "result", "note")
        }
        initial["tracking_code"] = appeal.application.tracking_code if appeal.application_id else ""
        return initial


# --- the register's filters -----------------------------------------------------------------------
class ListFilterForm(forms.Form):
    q = forms.CharField(label="查询码或申请人", required=False, max_length=120)
    state = forms.ChoiceField(label="状态", required=False)
    year = forms.TypedChoiceField(label="收到年份", required=False, coerce=int, empty_value=None)
    due = forms.ChoiceField(
        label="期限",
        required=False,
        choices=[("", "全部"), ("overdue", "已超过答复期限"), ("soon", "3个工作日内到期")],
    )
    agency = forms.ModelChoiceField(
        label="机关", required=False, queryset=Agency.objects.none(), empty_label="全部"
    )
    mine = forms.BooleanField(label="只看分配给我的", required=False)
    signable = forms.BooleanField(label="只看待我审签的", required=False)

    def __init__(self, *args, agencies, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "全部")] + list(State.choices)
        self.fields["year"].choices = [("", "全部")] + [(y, f"{y} 年") for y in years]
        self.fields["agency"].queryset = agencies
