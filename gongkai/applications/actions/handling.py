"""审核 and 办理 (第四十五条): assignment, acceptance, 补正 (第三十条), consultations (第三十二、三十四条),
extension (第三十三条第二款) and the 第三十五条 delay."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from gongkai.agencies.permissions import Action, can
from gongkai.law.clock import ConsultationKind
from gongkai.law.outcomes import Outcome

from ..models import (
    Application,
    CaseEvent,
    EventKind,
    Letter,
    State,
)
from ..personal import digest
from .base import (
    CaseAction,
    DatedCaseAction,
)


class AssignApplication(CaseAction):
    default_reason = "分配经办人"
    states = (State.REGISTERED, State.CORRECTION, State.HANDLING, State.REVIEW, State.SIGNED)

    def __init__(self, actor: Any, application: Application, assignee: Any, *, reason: str = ""):
        super().__init__(actor, application, reason=reason)
        self.assignee = assignee

    def validate(self) -> None:
        super().validate()
        if not can(self.assignee, Action.EDIT, self.application):
            raise ValidationError(f"{self.assignee} 在该机关没有办理权限，不能分配给他。")

    def apply(self) -> Application:
        return self.save(assigned_to=self.assignee)


class AcceptApplication(CaseAction):
    """审核: the application states what 第二十九条 asks; handling begins."""

    default_reason = "审核通过，开始办理"
    states = (State.REGISTERED,)
    verb = "受理"

    def apply(self) -> Application:
        return self.save(state=State.HANDLING)


class RequestCorrection(DatedCaseAction):
    """第三十条: one notice, within 7 working days of receipt, stating what to correct and a
    reasonable deadline (江苏规范: 「一般不超过15个工作日」)."""

    default_reason = "告知补正"
    states = (State.REGISTERED, State.HANDLING)
    verb = "告知补正"
    date_label = "告知补正日期"
    after_receipt = True

    def __init__(self, actor, application, *, on: date, deadline: date, matters: str, reason: str = ""):
        super().__init__(actor, application, on=on, reason=reason)
        self.deadline, self.matters = deadline, matters.strip()

    def validate(self) -> None:
        super().validate()
        if not self.matters:
            raise ValidationError("请写明需要补正的事项（第三十条「说明需要补正的事项」）。")
        if self.deadline <= self.on:
            raise ValidationError("补正期限应晚于告知日期（第三十条「合理的补正期限」）。")

    def apply(self) -> Application:
        result = self.add_events(
            CaseEvent(kind=EventKind.CORRECTION_REQUESTED, on=self.on, until=self.deadline, note=self.matters)
        )
        self.letter(
            Letter.Kind.CORRECTION,
            self.on,
            matters=self.matters,
            deadline=self.deadline.isoformat(),
            late=result.correction_notice_late,
        )
        return self.save(state=State.CORRECTION)


class ReceiveCorrection(DatedCaseAction):
    """第三十条 「答复期限自行政机关收到补正的申请之日起计算」."""

    default_reason = "收到补正"
    states = (State.CORRECTION,)
    verb = "登记补正"
    date_label = "收到补正的日期"

    def __init__(self, actor, application, *, on: date, description: str = "", reason: str = ""):
        super().__init__(actor, application, on=on, reason=reason)
        self.description = description.strip()

    def apply(self) -> Application:
        self.add_events(CaseEvent(kind=EventKind.CORRECTION_RECEIVED, on=self.on, note=self.description))
        changes: dict[str, Any] = {"state": State.HANDLING}
        if self.description:
            changes["description"] = f"{self.application.description}\n（补正）{self.description}"
            changes["description_digest"] = digest(changes["description"])
        return self.save(**changes)


class CloseWithoutCorrection(DatedCaseAction):
    """第三十条 「申请人无正当理由逾期不补正的，视为放弃申请」 → 表三（六）1."""

    default_reason = "逾期不补正，视为放弃申请"
    states = (State.CORRECTION,)
    verb = "按逾期不补正终结"
    date_label = "终结日期"

    def validate(self) -> None:
        super().validate()
        notice = self.application.events.filter(kind=EventKind.CORRECTION_REQUESTED).last()
        if notice and notice.until and self.on <= notice.until:
            raise ValidationError(
                f"补正期限到 {notice.until:%Y-%m-%d} 为止，期限届满前不能按逾期不补正终结。"
            )

    def apply(self) -> Application:
        return self.save(
            state=State.CLOSED,
            outcome=Outcome.OTHER_NO_CORRECTION.name,
            closed_on=self.on,
            reply_due=None,
            clock_status="逾期不补正，视为放弃申请",
        )


class StartConsultation(DatedCaseAction):
    """第三十二条 (third party) or 第三十四条 (other agency): a written consultation; its time is not
    counted (第三十三条第三款)."""

    default_reason = "发出征求意见书"
    states = (State.HANDLING,)
    verb = "征求意见"
    date_label = "发出征求意见书的日期"

    def __init__(
        self,
        actor,
        application,
        *,
        on: date,
        party: str,
        kind: ConsultationKind = ConsultationKind.THIRD_PARTY,
        served: date | None = None,
        matters: str = "",
        reason: str = "",
    ):
        super().__init__(actor, application, on=on, reason=reason)
        self.party, self.kind, self.served, self.matters = (
            party.strip(),
            kind,
            served,
            matters.strip(),
        )

    def validate(self) -> None:
        super().validate()
        if not self.party:
            raise ValidationError("请填写被征求意见的第三方或机关。")

    def apply(self) -> Application:
        result = self.add_events(
            CaseEvent(
                kind=EventKind.CONSULTATION_STARTED,
                on=self.on,
                party=self.party,
                consultation_kind=self.kind.name,
                served=self.served,
                note=self.matters,
            )
        )
        due = next(c.reply_due for c in reversed(result.consultations) if c.party == self.party)
        self.letter(
            Letter.Kind.CONSULTATION,
            self.on,
            party=self.party,
            party_kind=self.kind.value,
            article=self.kind.article,
            matters=self.matters,
            reply_due=due.isoformat(),
        )
        return self.save()


class AnswerConsultation(DatedCaseAction):
    default_reason = "收到征求意见答复"
    states = (State.HANDLING,)
    verb = "登记征求意见答复"
    date_label = "收到答复的日期"

    def __init__(
        self,
        actor,
        application,
        *,
        on: date,
        party: str,
        kind: ConsultationKind = ConsultationKind.THIRD_PARTY,
        opinion: str = "",
        reason: str = "",
    ):
        super().__init__(actor, application, on=on, reason=reason)
        self.party, self.kind, self.opinion = party.strip(), kind, opinion.strip()

    def apply(self) -> Application:
        self.add_events(
            CaseEvent(
                kind=EventKind.CONSULTATION_ANSWERED,
                on=self.on,
                party=self.party,
                consultation_kind=self.kind.name,
                note=self.opinion,
            )
        )
        return self.save()


class ApproveExtension(DatedCaseAction):
    """第三十三条第二款 「需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长
    不得超过20个工作日」: only the office head may approve it."""

    permission = Action.APPROVE_EXTENSION
    default_reason = "批准延长答复期限"
    states = (State.HANDLING, State.REVIEW)
    verb = "延长答复期限"
    date_label = "批准日期"

    def __init__(
        self,
        actor,
        application,
        *,
        on: date,
        days: int,
        notified_on: date | None = None,
        grounds: str = "",
        reason: str = "",
    ):
        super().__init__(actor, application, on=on, reason=reason)
        self.days, self.notified_on, self.grounds = days, notified_on, grounds.strip()

    def validate(self) -> None:
        super().validate()
        if not self.grounds:
            raise ValidationError("请写明延长答复期限的理由。")

    def apply(self) -> Application:
        result = self.add_events(
            CaseEvent(
                kind=EventKind.EXTENSION,
                on=self.on,
                days=self.days,
                notified_on=self.notified_on,
                note=self.grounds,
            )
        )
        self.letter(
            Letter.Kind.EXTENSION,
            self.notified_on or self.on,
            days=self.days,
            grounds=self.grounds,
            reply_due=result.reply_due.isoformat() if result.reply_due else "",
        )
        return self.save()


class NotifyDelay(DatedCaseAction):
    """第三十五条: a reasonable later reply date for an unreasonable volume or frequency."""

    default_reason = "确定延迟答复期限"
    states = (State.HANDLING,)
    verb = "确定延迟答复期限"
    date_label = "告知日期"

    def __init__(self, actor, application, *, on: date, until: date, reason: str = ""):
        super().__init__(actor, application, on=on, reason=reason)
        self.until = until

    def apply(self) -> Application:
        self.add_events(CaseEvent(kind=EventKind.DELAY, on=self.on, until=self.until, note=self.reason))
        return self.save()
