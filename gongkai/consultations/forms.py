"""Forms of the consultation pages: what a person types, checked, and turned into an action."""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime, time
from typing import Any, ClassVar

from django import forms
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.actions import refusal_text
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import ROLE_ACTIONS, Action, can
from gongkai.applications.forms import LookupForm as ApplicationLookupForm

from . import actions as act
from .models import Channel, Consultation, Kind, State

QUESTION_MAX = 5000
ANSWER_MAX = 10000


def add_refusal(form: forms.Form, exc: Exception) -> None:
    """An action's refusal shown on the form: by field where the error names one."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, refusal_text(exc))


def _text(label: str, max_length: int, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=max_length, widget=forms.Textarea(attrs={"rows": 6}), **kwargs
    )


def _datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def clean_phone(value: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if not value and not required:
        return ""
    if not re.fullmatch(r"[\d\s()（）+\-－]+", value) or sum(c.isdigit() for c in value) < 7:
        raise ValidationError("请填写有效的电话号码（至少 7 位数字，可带区号和连字符）。")
    return value


class AskerFields(forms.Form):
    """The question and who asks it: shared by the public form and the staff's log."""

    kind = forms.ChoiceField(
        label="类别", choices=Kind.choices, widget=forms.RadioSelect, initial=Kind.CONSULTATION
    )
    subject = forms.CharField(
        label="标题", max_length=120, help_text="用一句话概括您的问题，不超过 120 个字。"
    )
    question = _text("内容", QUESTION_MAX, help_text=f"不超过 {QUESTION_MAX} 个字。只接受文字。")
    asker_name = forms.CharField(label="姓名", max_length=60)
    phone = forms.CharField(
        label="联系电话",
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text="用于答复和查询办理情况（凭查询码和电话后四位）。",
    )
    email = forms.EmailField(label="电子邮箱（可选）", required=False, max_length=254)

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"], required=self.fields["phone"].required)

    def data_for_action(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name, "") for name in act.FIELDS}


class OnlineConsultationForm(AskerFields):
    """The public form. ``website`` is a trap for robots: people never see it."""

    website = forms.CharField(
        label="请勿填写此项",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


LOG_SALT = "gongkai.consultations.log"


class LogCallForm(AskerFields):
    agency = forms.ModelChoiceField(label="受理机关", queryset=Agency.objects.none(), empty_label=None)
    channel = forms.ChoiceField(
        label="渠道", choices=[(c.value, c.label) for c in act.STAFF_CHANNELS], widget=forms.RadioSelect
    )
    received_at = forms.DateTimeField(
        label="收到时间", widget=_datetime_input(), help_text="来电、来访或收到来信、微信留言的时间。"
    )
    # A signed one-time key: the same form posted twice (a double click) records one consultation.
    key = forms.CharField(label="登记表", widget=forms.HiddenInput)

    field_order = [
        "agency",
        "channel",
        "received_at",
        "kind",
        "subject",
        "question",
        "asker_name",
        "phone",
        "email",
    ]

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].initial = signing.dumps(secrets.token_urlsafe(24), salt=LOG_SALT)
        self.fields["agency"].queryset = agencies
        self.fields["phone"].required = False
        self.fields["phone"].label = "联系电话（可选）"
        self.fields["asker_name"].help_text = "不愿留名的，可填“匿名”。"
        now = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["received_at"].initial = now
        self.fields["received_at"].widget.attrs["max"] = now.strftime("%Y-%m-%dT%H:%M")

    def clean_key(self) -> str:
        try:
            return signing.loads(self.cleaned_data["key"], salt=LOG_SALT, max_age=24 * 3600)
        except signing.BadSignature:
            raise ValidationError("本页面已失效（打开时间过长），请核对后重新提交。") from None

    def build(self, actor) -> act.LogCall:
        d = self.cleaned_data
        return act.LogCall(
            actor,
            d["agency"],
            self.data_for_action(),
            channel=d["channel"],
            received_at=d["received_at"],
            submission_key=f"staff-{d['key']}",
        )


class LookupForm(ApplicationLookupForm):
    given = "提交时"
    shown = "提交后"


# --- the item page's steps ------------------------------------------------------------------------
class StepForm(forms.Form):
    """One step on the item page: when it applies, and the action it builds."""

    name: ClassVar[str]
    title: ClassVar[str]
    action: ClassVar[type[act.ConsultationAction]]
    button: ClassVar[str] = "提交"
    hint: ClassVar[str] = ""

    def __init__(self, *args, consultation: Consultation, user, **kwargs):
        self.consultation, self.user = consultation, user
        kwargs.setdefault("prefix", self.name)
        super().__init__(*args, **kwargs)

    @property
    def heading(self) -> str:
        return self.title

    @classmethod
    def applies(cls, consultation: Consultation, user) -> bool:
        return consultation.state in cls.action.states and can(user, cls.action.permission, consultation)

    def build(self) -> act.ConsultationAction:
        return self.action(self.user, self.consultation, **self.cleaned_data)


class AssignForm(StepForm):
    name = "assign"
    title = "分派经办人"
    action = act.Assign
    button = "分派"
    assignee = forms.ModelChoiceField(label="经办人", queryset=get_user_model().objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        editors = [role for role, allowed in ROLE_ACTIONS.items() if Action.EDIT in allowed]
        self.fields["assignee"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True,
                memberships__agency_id=self.consultation.agency_id,
                memberships__role__in=editors,
            )
            .distinct()
            .order_by("username")
        )
        self.fields["assignee"].label_from_instance = lambda u: u.first_name or u.username
        self.fields["assignee"].initial = self.consultation.assigned_to_id

    def build(self):
        return self.action(self.user, self.consultation, self.cleaned_data["assignee"])


class AnswerForm(StepForm):
    name = "answer"
    title = "答复"
    action = act.Answer
    button = "保存答复"
    hint = "记录给提问人的答复（电话、书面或当面答复均在此记录）。"
    answer = _text("答复内容", ANSWER_MAX)
    at = forms.DateTimeField(
        label="答复时间", required=False, widget=_datetime_input(), help_text="不填即为现在。"
    )

    def build(self):
        d = self.cleaned_data
        return self.action(self.user, self.consultation, d["answer"], at=d.get("at"))


class PublishForm(StepForm):
    name = "publish"
    title = "公开问答"
    action = act.Publish
    button = "公开"
    hint = "在本机关的“政策咨询问答”页面公开。请删去提问人的姓名、电话、住址等个人信息后再公开。"
    subject = forms.CharField(label="公开的标题", max_length=120)
    question = _text("公开的问题", QUESTION_MAX)
    answer = _text("公开的答复", ANSWER_MAX)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        c = self.consultation
        if c.state == State.PUBLISHED:
            self.initial.update(
                subject=c.published_subject, question=c.published_question, answer=c.published_answer
            )
        else:
            self.initial.update(
                subject=c.published_subject or c.subject,
                question=c.published_question or c.question,
                answer=c.published_answer or c.answer,
            )

    @property
    def heading(self) -> str:
        return "修改公开的问答" if self.consultation.state == State.PUBLISHED else self.title


class UnpublishForm(StepForm):
    name = "unpublish"
    title = "撤下公开的问答"
    action = act.Unpublish
    button = "撤下"
    reason = forms.CharField(label="撤下的原因", max_length=200)


class CloseForm(StepForm):
    name = "close"
    title = "办结，不予公开"
    action = act.CloseWithoutPublication
    button = "办结"
    hint = "答复只告知提问人，不在网站公开（如涉及个人事项的投诉）。"
    reason = forms.CharField(label="不予公开的原因（可选）", max_length=200, required=False)


STEP_FORMS: dict[str, type[StepForm]] = {
    form.name: form for form in (AssignForm, AnswerForm, PublishForm, UnpublishForm, CloseForm)
}


class RevealForm(forms.Form):
    reason = forms.CharField(
        label="查看事由", max_length=200, help_text="如“电话回复提问人”。每次查看均有记录。"
    )


class ListFilterForm(forms.Form):
    q = forms.CharField(label="查询码或标题", required=False, max_length=60)
    state = forms.ChoiceField(label="状态", choices=[("", "全部")] + State.choices, required=False)
    kind = forms.ChoiceField(label="类别", choices=[("", "全部")] + Kind.choices, required=False)
    channel = forms.ChoiceField(label="渠道", choices=[("", "全部")] + Channel.choices, required=False)
    agency = forms.ModelChoiceField(
        label="机关", queryset=Agency.objects.none(), required=False, empty_label="全部"
    )
    overdue = forms.BooleanField(label="只看超过答复目标未答复的", required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FiguresForm(forms.Form):
    agency = forms.ModelChoiceField(label="机关", queryset=Agency.objects.none(), empty_label=None)
    start = forms.DateField(label="起始日期", widget=_date_input())
    end = forms.DateField(label="截止日期", widget=_date_input())
    target = forms.IntegerField(label="答复目标（工作日）", min_value=1, max_value=60, required=False)

    def __init__(self, *args, agencies, target: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["target"].help_text = f"不填为 {target} 个工作日。"

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise ValidationError("起始日期不能晚于截止日期。")
            if (end - start).days > 366 * 5:
                raise ValidationError("统计期间不能超过 5 年。")
        return data


def local_datetime(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """An aware datetime for a local day and time (the demo and tests)."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))
