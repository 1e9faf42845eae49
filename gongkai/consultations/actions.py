"""Every state change of a consultation, each one action (gongkai/actions.py).

The life of a consultation: received (``SubmitOnline`` from the public form, or ``LogCall`` when
staff record a call, a WeChat message, a letter or a visit) → 待分派 → ``Assign`` → 办理中 →
``Answer`` → 已答复 → ``Publish`` (the selected Q&A, with texts edited for publication) → 已公开,
or ``CloseWithoutPublication`` → 不予公开答复. ``Unpublish`` takes a published Q&A off the public
page (back to 已答复). Each action names the states it may run in; a refusal is a Chinese
``ValidationError`` and nothing is saved.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.actions import BaseAction
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action, can
from gongkai.applications.actions.base import TRACKING_ALPHABET, TRACKING_LENGTH  # one code shape
from gongkai.applications.personal import normalise

from .deadlines import answer_due
from .models import Channel, Consultation, ContactAccess, Kind, State

FIELDS = ("kind", "subject", "question", "asker_name", "phone", "email")
STAFF_CHANNELS = (Channel.HOTLINE, Channel.WECHAT, Channel.LETTER, Channel.VISIT)


def now() -> datetime:
    return timezone.now()


def new_tracking_code() -> str:
    while True:
        code = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))
        if not Consultation.objects.filter(tracking_code=code).exists():
            return code


def _clean_text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class _NewConsultation(BaseAction[Consultation]):
    """One new row with its tracking code and answer target. A second submission with the same
    ``submission_key`` (a double click, a reloaded answer page) returns the first row."""

    channel: Channel
    received_at: datetime

    def __init__(
        self, actor: Any, agency: Agency, data: dict[str, Any], *, submission_key: str = "", reason=""
    ):
        super().__init__(actor, reason=reason)
        self.agency = agency
        self.data = {k: _clean_text(v) for k, v in data.items() if k in FIELDS}
        self.submission_key = submission_key or None

    def target(self) -> Agency:
        return self.agency

    def _earlier(self) -> Consultation | None:
        if not self.submission_key:
            return None
        return Consultation.objects.filter(submission_key=self.submission_key).first()

    def build(self) -> Consultation:
        received_on = timezone.localdate(self.received_at)
        return Consultation(
            agency=self.agency,
            channel=self.channel,
            received_at=self.received_at,
            received_on=received_on,
            submission_key=self.submission_key,
            **self.data,
        )

    def validate(self) -> None:
        if self._earlier() is not None:
            return
        row = self.build()
        row.tracking_code = "X" * TRACKING_LENGTH
        row.full_clean(exclude=["tracking_code", "submission_key", "answer_due"])
        if not row.question.strip():
            raise ValidationError("请填写咨询（投诉、建议）的内容。")

    def apply(self) -> Consultation:
        earlier = self._earlier()
        if earlier is not None:
            return earlier
        row = self.build()
        row.tracking_code = new_tracking_code()
        row.answer_due = answer_due(row.received_on)
        try:
            with transaction.atomic():  # a savepoint: a concurrent double submit loses the race here
                self.stamp(row).save()
        except IntegrityError:
            earlier = self._earlier()
            if earlier is None:
                raise
            return earlier
        return row


class SubmitOnline(_NewConsultation):
    """A member of the public through the form at /<code>/consult/: received when submitted."""

    permission = Action.VIEW  # not asked (check() below): anyone may ask
    default_reason = "公众网上提交"
    channel = Channel.WEBSITE

    def __init__(self, agency: Agency, data: dict[str, Any], *, submission_key: str = ""):
        super().__init__(None, agency, data, submission_key=submission_key)
        self.received_at = now()

    def check(self) -> None:
        """Anyone may ask the agency a question; there is no permission to ask."""

    def validate(self) -> None:
        super().validate()
        if not normalise(self.data.get("phone", "")):
            raise ValidationError("请填写联系电话。")

    @property
    def history_user(self) -> Any:
        return None  # the asker is not a user of the system


class LogCall(_NewConsultation):
    """Staff record a consultation that came by the hotline, WeChat, a letter or a visit, with the
    time it was received."""

    permission = Action.EDIT
    default_reason = "登记咨询"

    def __init__(
        self,
        actor: Any,
        agency: Agency,
        data: dict[str, Any],
        *,
        channel: Channel | str,
        received_at: datetime,
        submission_key: str = "",
        reason: str = "",
    ):
        super().__init__(actor, agency, data, submission_key=submission_key, reason=reason)
        self.channel = Channel(channel)
        self.received_at = received_at

    def describe(self) -> str:
        return f"登记{self.channel.label}{Kind(self.data.get('kind') or Kind.CONSULTATION).label}"

    def validate(self) -> None:
        if self.channel not in STAFF_CHANNELS:
            raise ValidationError("网站渠道的咨询由公众在线提交，请选择热线电话、微信、来信或来访。")
        if self.received_at is None:
            raise ValidationError("请填写收到时间。")
        if self.received_at > now() + timedelta(minutes=5):
            raise ValidationError("收到时间不能晚于现在。")
        super().validate()


class ConsultationAction(BaseAction[Consultation]):
    """An action on one consultation: allowed only in ``states``; the row is re-read under lock."""

    permission = Action.EDIT
    states: ClassVar[tuple[str, ...]] = ()
    verb: ClassVar[str] = ""

    def __init__(self, actor: Any, consultation: Consultation, *, reason: str = ""):
        super().__init__(actor, reason=reason)
        self.consultation = consultation

    def target(self) -> Consultation:
        return self.consultation

    def validate(self) -> None:
        self.consultation = Consultation.objects.select_for_update().get(pk=self.consultation.pk)
        if self.states and self.consultation.state not in self.states:
            raise ValidationError(
                f"该事项目前“{self.consultation.get_state_display()}”，不能{self.verb or self.default_reason}。"
            )

    def save(self, **changes: Any) -> Consultation:
        for field, value in changes.items():
            setattr(self.consultation, field, value)
        self.stamp(self.consultation).save()
        return self.consultation


class Assign(ConsultationAction):
    default_reason = "分派经办人"
    verb = "分派"
    states = (State.NEW, State.HANDLING)

    def __init__(self, actor: Any, consultation: Consultation, assignee: Any, *, reason: str = ""):
        super().__init__(actor, consultation, reason=reason)
        self.assignee = assignee

    def describe(self) -> str:
        name = getattr(self.assignee, "first_name", "") or getattr(self.assignee, "username", "")
        return f"分派给{name}" if name else self.default_reason

    def validate(self) -> None:
        super().validate()
        if self.assignee is None or not can(self.assignee, Action.EDIT, self.consultation):
            raise ValidationError(f"{self.assignee} 在该机关没有办理权限，不能分派给他。")

    def apply(self) -> Consultation:
        return self.save(assigned_to=self.assignee, state=State.HANDLING)


class Answer(ConsultationAction):
    """The answer given to the asker (by phone, in writing…), and when it was given."""

    default_reason = "答复"
    states = (State.NEW, State.HANDLING)

    def __init__(
        self, actor: Any, consultation: Consultation, answer: str, *, at: datetime | None = None, reason=""
    ):
        super().__init__(actor, consultation, reason=reason)
        self.answer = (answer or "").strip()
        self.at = at

    def validate(self) -> None:
        super().validate()
        if not self.answer:
            raise ValidationError("请填写答复内容。")
        self.at = self.at or now()
        if self.at > now() + timedelta(minutes=5):
            raise ValidationError("答复时间不能晚于现在。")
        if self.at < self.consultation.received_at:
            received = timezone.localtime(self.consultation.received_at)
            raise ValidationError(f"答复时间不能早于收到时间（{received:%Y-%m-%d %H:%M}）。")

    def apply(self) -> Consultation:
        return self.save(
            answer=self.answer,
            answered_at=self.at,
            answered_on=timezone.localdate(self.at),
            answered_by=self.history_user,
            state=State.ANSWERED,
        )


def personal_details_in(consultation: Consultation, *texts: str) -> list[str]:
    """What of the asker's identity a text for publication still contains (name, phone, e-mail)."""
    found = []
    joined = "\n".join(texts)
    name = consultation.asker_name.strip()
    if len(name) >= 2 and name in joined:
        found.append(f"姓名“{name}”")
    phone = normalise(consultation.phone)
    if len(phone) >= 7 and phone in normalise(joined):
        found.append("联系电话")
    if consultation.email and consultation.email.lower() in joined.lower():
        found.append("电子邮箱")
    return found


class Publish(ConsultationAction):
    """Publish the Q&A on the agency's public page, with texts edited by staff: the asker's name,
    phone and e-mail are refused if still in them."""

    default_reason = "公开问答"
    verb = "公开"
    states = (State.ANSWERED, State.CLOSED, State.PUBLISHED)

    def __init__(
        self, actor: Any, consultation: Consultation, *, subject: str, question: str, answer: str, reason=""
    ):
        super().__init__(actor, consultation, reason=reason)
        self.republish = False
        self.subject, self.question, self.answer = (
            (subject or "").strip(),
            (question or "").strip(),
            (answer or "").strip(),
        )

    def describe(self) -> str:
        return "修改公开的问答" if self.republish else self.default_reason

    def validate(self) -> None:
        super().validate()
        self.republish = self.consultation.state == State.PUBLISHED
        if not (self.subject and self.question and self.answer):
            raise ValidationError("公开的标题、问题和答复都必须填写。")
        if len(self.subject) > 120:
            raise ValidationError("公开的标题不能超过 120 个字。")
        found = personal_details_in(self.consultation, self.subject, self.question, self.answer)
        if found:
            raise ValidationError(f"公开的文本中仍含有提问人的{'、'.join(found)}，请删除后再公开。")

    def apply(self) -> Consultation:
        return self.save(
            published=True,
            published_subject=self.subject,
            published_question=self.question,
            published_answer=self.answer,
            published_at=self.consultation.published_at or now(),
            state=State.PUBLISHED,
        )


class Unpublish(ConsultationAction):
    default_reason = "撤下公开的问答"
    verb = "撤下"
    states = (State.PUBLISHED,)

    def apply(self) -> Consultation:
        return self.save(published=False, published_at=None, state=State.ANSWERED)


class CloseWithoutPublication(ConsultationAction):
    """The answer stays between the agency and the asker (a personal matter, a complaint…)."""

    default_reason = "答复后不予公开"
    verb = "办结（不予公开）"
    states = (State.ANSWERED,)

    def apply(self) -> Consultation:
        return self.save(state=State.CLOSED)


class RevealContact(BaseAction[ContactAccess]):
    """The asker's full phone number for a call back: recorded with who, when and why."""

    permission = Action.EDIT
    default_reason = "查看联系电话"

    def __init__(self, actor: Any, consultation: Consultation, *, reason: str = ""):
        super().__init__(actor, reason=reason)
        self.consultation = consultation

    def target(self) -> Consultation:
        return self.consultation

    def validate(self) -> None:
        if not self.reason:
            raise ValidationError("请填写查看完整联系电话的事由（如“电话回复”）。")
        if len(self.reason) > 200:
            raise ValidationError("事由不能超过 200 个字。")

    def apply(self) -> ContactAccess:
        return ContactAccess.objects.create(
            consultation=self.consultation, user=self.history_user, reason=self.reason
        )
