"""Forms of the staff catalog pages: what a person types, checked, and turned into an action.

Labels, lengths and choices come from the models (said once there). The draft form offers only the
agency's own 信息类别, the active 主题分类 and, for a 政策解读, the agency's published items. Each step
on the item page (submit, review, publish, withdraw, 失效/废止, 修订) is one small :class:`ItemForm`
that knows when it applies to the person and the item, and which action it builds.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.agencies.permissions import REVIEW_LEVELS, Action, can

from . import actions as act
from . import files, index_number
from .models import (
    ART_20_CHOICES,
    MAX_REVIEW_LEVELS,
    CatalogItem,
    Category,
    State,
    StatisticsEntry,
    Topic,
    Validity,
)

MAX_FILES = 10


def level_name(level: int) -> str:
    """科室负责人, 分管领导, 主要领导 (levels beyond the third are again the 主要领导's)."""
    return REVIEW_LEVELS[min(max(level, 1), len(REVIEW_LEVELS)) - 1][1].label


def article20_label(n: int | None) -> str:
    """「第（五）项：办理行政许可……」 from the statute's own words."""
    if not n:
        return ""
    text = dict(ART_20_CHOICES)[n]
    head, _, rest = text.partition("）")
    return f"第{head}）项：{rest}"


def _today() -> date:
    return timezone.localdate()


def _date_input(**attrs) -> forms.DateInput:
    # A browser's date input takes only ISO dates (the zh-hans format would leave it empty).
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


def add_refusal(form: forms.Form, exc: Exception) -> None:
    """Put an action's refusal on the form: field by field where it names a field of the form."""
    from gongkai.actions import refusal_text

    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, refusal_text(exc))


# --- the list's filters ---------------------------------------------------------------------------
class ItemFilterForm(forms.Form):
    q = forms.CharField(label="名称、索引号或文号", required=False, max_length=100)
    agency = forms.ModelChoiceField(label="机关", required=False, queryset=None, empty_label="全部")
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *State.choices])
    category = forms.ChoiceField(label="信息类别", required=False)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    mine = forms.BooleanField(label="待我审查", required=False)
    overdue = forms.BooleanField(label="已超期（第二十六条）", required=False)

    def __init__(self, *args, agencies, categories, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        # One choice per name: agencies that share a category name are filtered together.
        names = sorted({c.name for c in categories}, key=lambda n: n)
        self.fields["category"].choices = [("", "全部")] + [(n, n) for n in names]
        self.fields["year"].choices = [("", "全部")] + [(y, f"{y} 年") for y in years]
        self.fields["year"].help_text = "已发布的按发布日期，未发布的按创建日期。"


# --- the draft ------------------------------------------------------------------------------------
def _model_field(name: str, **overrides) -> forms.Field:
    field = CatalogItem._meta.get_field(name).formfield(**overrides)
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        field.choices = [("", "请选择") if c[0] == "" else c for c in field.choices]
    return field


class InterpretsChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CatalogItem) -> str:
        number = f"（{obj.document_number}）" if obj.document_number else ""
        return f"{obj.title}{number} · {obj.published_on:%Y-%m-%d}" if obj.published_on else obj.title


class DraftForm(forms.Form):
    """Every field of :data:`DRAFT_FIELDS`; ``form_key`` makes a new draft's POST one-time."""

    DATE_FIELDS = ("written_on", "formed_on", "special_due", "issued_on")

    form_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, agency, item: CatalogItem | None = None, **kwargs):
        self.agency, self.item = agency, item
        if item is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                name: (
                    getattr(item, f"{name}_id")
                    if name in ("topic", "category", "interprets")
                    else getattr(item, name)
                )
                for name in act.DRAFT_FIELDS
            }
        super().__init__(*args, **kwargs)
        today = _today().isoformat()
        for name in act.DRAFT_FIELDS:
            if name in ("topic", "category", "interprets", "article20_item"):
                continue
            if name in self.DATE_FIELDS:
                max_day = {"max": today} if name != "special_due" else {}
                self.fields[name] = _model_field(name, widget=_date_input(**max_day))
            elif name in ("body", "summary", "disclosure_reason"):
                rows = 12 if name == "body" else 3
                self.fields[name] = _model_field(name, widget=forms.Textarea(attrs={"rows": rows}))
            else:
                self.fields[name] = _model_field(name)
        self.fields["title"].widget.attrs["size"] = 60
        current_category = item.category_id if item else None
        categories = act.categories_of(agency).filter(active=True) | Category.objects.filter(
            pk=current_category
        )
        self.fields["category"] = forms.ModelChoiceField(
            label="体裁/信息类别",
            queryset=categories.distinct().order_by("position", "name"),
            required=False,
            empty_label="请选择",
            help_text="本机关的信息类别；提交审查前必须选择。",
        )
        current_topic = item.topic_id if item else None
        topics = Topic.objects.filter(active=True) | Topic.objects.filter(pk=current_topic)
        self.fields["topic"] = forms.ModelChoiceField(
            label="主题分类",
            queryset=topics.distinct().order_by("position", "name"),
            required=False,
            empty_label="请选择",
        )
        self.fields["article20_item"] = forms.TypedChoiceField(
            label="第二十条所列事项",
            choices=[("", "不属于或不确定")] + [(n, article20_label(n)) for n, _text in ART_20_CHOICES],
            coerce=int,
            empty_value=None,
            required=False,
        )
        published = CatalogItem.objects.filter(agency=agency, state=State.PUBLISHED)
        if item is not None:
            published = published.exclude(pk=item.pk)
        self.fields["interprets"] = InterpretsChoiceField(
            label="所解读的文件（政策解读）",
            queryset=published.order_by("-published_on", "-id"),
            required=False,
            empty_label="不是政策解读",
            help_text="只能选择本机关已发布的信息。",
        )
        self.fields["disclosure"].required = True
        self.fields["document_kind"].required = True
        self.order_fields(["form_key", *act.DRAFT_FIELDS])

    def draft_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in act.DRAFT_FIELDS}
        for name in ("title", "summary", "publisher", "document_number", "disclosure_reason", "body"):
            data[name] = data[name] or ""
        return data

    def build(self, user, submission_key: str = "") -> act.SaveDraft:
        return act.SaveDraft(user, self.agency, self.draft_fields(), item=self.item, submission_key=submission_key)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to :data:`MAX_FILES` files, each at most 20 MB — the size is checked before the file is
    read; the kind is judged by the action from the content."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ".pdf,.docx,.ofd,.png,.jpg,.jpeg,.gif")

    def clean(self, data, initial=None):
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not uploads:
            raise ValidationError("请选择要上传的文件。")
        if len(uploads) > MAX_FILES:
            raise ValidationError(f"一次最多上传 {MAX_FILES} 个文件，您选择了 {len(uploads)} 个。")
        found = []
        for upload in uploads:
            name = os.path.basename(upload.name or "附件")[:200]
            if upload.size > files.MAX_ATTACHMENT_BYTES:
                raise ValidationError(f"附件“{name}”超过 20 MB，请压缩或拆分后再上传。")
            found.append((name, upload))
        return found


class AttachmentForm(forms.Form):
    files = AttachmentsField(label="附件（PDF、DOCX、OFD 或图片，每个不超过 20 MB，可多选）")


# --- the item page's steps ------------------------------------------------------------------------
class ItemForm(forms.Form):
    """One step on the item page: when it applies, and the action it builds."""

    name: ClassVar[str]
    title: ClassVar[str]
    button: ClassVar[str] = "提交"
    hint: ClassVar[str] = ""
    states: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args, item: CatalogItem, user, **kwargs):
        self.item, self.user = item, user
        kwargs.setdefault("prefix", self.name)
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = _date_input(
                    **({"max": _today().isoformat()} if self.name != "publish" else {})
                )

    @property
    def heading(self) -> str:
        return self.title

    @classmethod
    def applies(cls, item: CatalogItem, user) -> bool:
        return item.state in cls.states and can(user, Action.EDIT, item)

    def build(self):
        raise NotImplementedError


class SubmitForm(ItemForm):
    name = "submit"
    title = "提交发布审查"
    button = "提交审查"
    hint = "提交后由科室负责人开始第十七条规定的发布审查，审查期间不能修改。"
    states = (State.DRAFT,)

    def build(self):
        return act.SubmitForReview(self.user, self.item)


YES_NO = [("yes", "是"), ("no", "否")]


def _yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": f"请回答“{label}”。"},
    )


class ReviewForm(ItemForm):
    name = "review"
    title = "发布审查（保密审查）"
    button = "提交审查意见"
    states = (State.REVIEW,)

    decision = forms.ChoiceField(
        label="审查结论",
        choices=[("approve", "同意公开"), ("return", "退回修改")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择审查结论。"},
    )
    opinion = forms.CharField(
        label="审查意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="退回修改时必填；涉及商业秘密或者个人隐私仍同意公开的，写明依据（第十五条）。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in act.CHECKLIST.items():
            self.fields[key] = _yes_no(label)
        self.order_fields([*act.CHECKLIST, "decision", "opinion"])

    @property
    def heading(self) -> str:
        return f"第{self.item.review_level}级发布审查（{level_name(self.item.review_level)}）"

    @classmethod
    def applies(cls, item: CatalogItem, user) -> bool:
        return item.state == State.REVIEW and can(user, act.level_action(item.review_level or 1), item)

    def build(self):
        c = self.cleaned_data
        return act.ReviewItem(
            self.user,
            self.item,
            approve=c["decision"] == "approve",
            opinion=c["opinion"],
            **{key: c[key] for key in act.CHECKLIST},
        )


class PublishForm(ItemForm):
    name = "publish"
    title = "发布"
    button = "发布"
    hint = "留空则今天发布；填写今后的日期则定时发布，公众自该日起可以看到。发布时生成索引号，此后不再改变。"
    states = (State.APPROVED,)

    on = forms.DateField(label="发布日期", required=False)

    def build(self):
        return act.Publish(self.user, self.item, on=self.cleaned_data["on"])


class WithdrawForm(ItemForm):
    name = "withdraw"
    title = "撤回"
    button = "撤回"
    hint = "撤回后公众不再能看到该信息；记录、索引号和历史保留。"
    states = (State.PUBLISHED,)

    reason = forms.CharField(
        label="撤回理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": "请写明撤回理由。"},
    )

    def build(self):
        return act.Withdraw(self.user, self.item, reason=self.cleaned_data["reason"])


class ValidityForm(ItemForm):
    name = "validity"
    title = "宣布失效或废止"
    button = "登记"
    states = (State.PUBLISHED, State.WITHDRAWN)

    kind = forms.ChoiceField(
        label="有效性",
        choices=[(Validity.REPEALED, "废止"), (Validity.EXPIRED, "失效")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择废止或失效。"},
    )
    on = forms.DateField(label="失效或废止日期", error_messages={"required": "请填写失效或废止日期。"})

    @classmethod
    def applies(cls, item: CatalogItem, user) -> bool:
        return super().applies(item, user) and item.validity == Validity.VALID

    def build(self):
        action = act.Repeal if self.cleaned_data["kind"] == Validity.REPEALED else act.Expire
        return action(self.user, self.item, on=self.cleaned_data["on"])


class AmendForm(ItemForm):
    name = "amend"
    title = "登记修订"
    button = "登记修订"
    hint = "修订后的文本作为新的信息起草、审查和发布；这里只登记修订日期。"
    states = (State.PUBLISHED,)

    on = forms.DateField(label="修订日期", error_messages={"required": "请填写修订日期。"})

    @classmethod
    def applies(cls, item: CatalogItem, user) -> bool:
        return super().applies(item, user) and item.is_lifecycle_document and item.validity == Validity.VALID

    def build(self):
        return act.Amend(self.user, self.item, on=self.cleaned_data["on"])


ITEM_FORMS: dict[str, type[ItemForm]] = {
    f.name: f for f in (SubmitForm, ReviewForm, PublishForm, WithdrawForm, ValidityForm, AmendForm)
}


# --- vocabularies and settings --------------------------------------------------------------------
class CategoryForm(forms.Form):
    name = forms.CharField(label="信息类别", max_length=Category._meta.get_field("name").max_length)
    position = forms.IntegerField(label="排序", required=False, min_value=0, max_value=32767)
    active = forms.BooleanField(label="在用", required=False, initial=True)


class TopicForm(forms.Form):
    name = forms.CharField(label="主题分类", max_length=Topic._meta.get_field("name").max_length)
    position = forms.IntegerField(label="排序", required=False, min_value=0, max_value=32767)
    active = forms.BooleanField(label="在用", required=False, initial=True)


class RulesForm(forms.Form):
    review_levels = forms.TypedChoiceField(
        label="发布审查层级",
        coerce=int,
        choices=[
            (1, "1 级：科室负责人"),
            (2, "2 级：科室负责人、分管领导"),
            (3, "3 级：科室负责人、分管领导、主要领导（三审）"),
            *[(n, f"{n} 级：三审后再经主要领导审查 {n - 3} 次") for n in range(4, MAX_REVIEW_LEVELS + 1)],
        ],
    )
    index_format = forms.ChoiceField(label="索引号格式", choices=list(index_number.FORMAT_LABELS.items()))
    index_prefix = forms.CharField(
        label="索引号前段码",
        required=False,
        max_length=30,
        help_text="留空则使用组织机构代码（或统一社会信用代码第9至17位）。已发布信息的索引号不变。",
    )


# --- statistics -----------------------------------------------------------------------------------
class StatisticsForm(forms.Form):
    licensing = forms.IntegerField(label="行政许可处理决定数量", min_value=0, initial=0)
    penalties = forms.IntegerField(label="行政处罚处理决定数量", min_value=0, initial=0)
    enforcement = forms.IntegerField(label="行政强制处理决定数量", min_value=0, initial=0)
    fees = forms.DecimalField(
        label="行政事业性收费金额（万元）",
        min_value=0,
        max_digits=18,
        decimal_places=6,
        initial=0,
        help_text="单位万元，最多 6 位小数。",
    )

    @classmethod
    def initial_from(cls, entry: StatisticsEntry | None) -> dict[str, Any]:
        if entry is None:
            return {}
        return {f: getattr(entry, f) for f in ("licensing", "penalties", "enforcement", "fees")}


class StatisticsPickForm(forms.Form):
    agency = forms.ModelChoiceField(label="机关", queryset=None, empty_label="请选择")
    year = forms.TypedChoiceField(label="年度", coerce=int)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        this_year = _today().year
        self.fields["year"].choices = [(y, f"{y} 年") for y in range(this_year, 2007, -1)]
        self.fields["year"].initial = this_year - 1


class StatisticsImportForm(forms.Form):
    file = forms.FileField(label="统计数据表（.xlsx）")

    def clean_file(self):
        from .statistics_import import MAX_BYTES

        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError("文件超过 5 MB，请删除多余的工作表或内容后再上传。")
        return upload
