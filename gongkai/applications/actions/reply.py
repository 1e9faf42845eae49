"""答复 and 归档 (第四十五条): the drafted reply, its sign-off, its issue, the on-the-spot answer,
withdrawal, archiving, and the audited look at an applicant's personal data."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from gongkai.agencies.permissions import REVIEW_LEVELS
from gongkai.law.clock import Channel
from gongkai.law.outcomes import Outcome

from ..clock import clock_of
from ..models import (
    Application,
    CaseEvent,
    EventKind,
    Letter,
    PersonalDataAccess,
    SignOff,
    State,
)
from .base import (
    CLOSING_OUTCOMES,
    CaseAction,
    DatedCaseAction,
    rules_of,
)


class DraftReply(CaseAction):
    """The reply decision with its outcome code (第三十六–三十九条), sent for sign-off."""

    default_reason = "拟定答复意见，提交审签"
    states = (State.REGISTERED, State.HANDLING)
    verb = "拟定答复"

    def __init__(self, actor, application, *, outcome: Outcome, reasons: str, reason: str = ""):
        super().__init__(actor, application, reason=reason)
        self.outcome, self.reasons = outcome, reasons.strip()

    def validate(self) -> None:
        super().validate()
        if self.outcome in CLOSING_OUTCOMES:
            raise ValidationError(f"“{CLOSING_OUTCOMES[self.outcome]}”不是答复，请使用相应的终结操作。")
        if not self.reasons:
            raise ValidationError("请写明答复的内容和理由（第三十六条）。")
        if (
            self.outcome is Outcome.STILL_UNCLEAR_AFTER_CORRECTION
            and not self.application.events.filter(kind=EventKind.CORRECTION_RECEIVED).exists()
        ):
            raise ValidationError(
                "只有申请人补正后内容仍不明确的，才能按“补正后申请内容仍不明确”答复（第三十条）。"
            )
        result = clock_of(
            self.application, fee_pauses_clock=rules_of(self.application.agency_id).fee_pauses_clock
        )
        if result.fee_notice_on and not result.fee_paid_on:
            raise ValidationError("已发出收费通知，申请人尚未缴费：请等待缴费或按逾期未缴费终结。")

    def apply(self) -> Application:
        return self.save(state=State.REVIEW, outcome=self.outcome.name, reply_reasons=self.reasons)


def signoff_round(application: Application) -> int:
    returned = application.signoffs.filter(decision=SignOff.Decision.RETURNED).count()
    return returned + 1


class SignOffReply(CaseAction):
    """审签 of the drafted reply, level by level as the agency configures (科室负责人, then 分管领导,
    then 主要领导); any level may return it for changes."""

    default_reason = "审签答复"
    states = (State.REVIEW,)
    verb = "审签"

    def __init__(self, actor, application, *, approve: bool, opinion: str = "", reason: str = ""):
        super().__init__(actor, application, reason=reason)
        self.approve, self.opinion = approve, opinion.strip()
        self.level = self.next_level(application)

    @staticmethod
    def next_level(application: Application) -> int:
        done = application.signoffs.filter(
            round=signoff_round(application), decision=SignOff.Decision.APPROVED
        ).count()
        return done + 1

    def check(self) -> None:
        action, _role = REVIEW_LEVELS[min(self.level, len(REVIEW_LEVELS)) - 1]
        from gongkai.agencies.permissions import require

        require(self.actor, action, self.application)

    def validate(self) -> None:
        super().validate()
        if not self.approve and not self.opinion:
            raise ValidationError("退回修改时请写明审签意见。")

    def apply(self) -> Application:
        app = self.application
        SignOff.objects.create(
            application=app,
            level=self.level,
            reviewer=self.actor,
            round=signoff_round(app),
            decision=SignOff.Decision.APPROVED if self.approve else SignOff.Decision.RETURNED,
            opinion=self.opinion,
        )
        if not self.approve:
            return self.save(state=State.HANDLING)
        if self.level >= rules_of(app.agency_id).reply_signoff_levels:
            return self.save(state=State.SIGNED)
        return self.save()


class IssueReply(DatedCaseAction):
    """The signed reply is issued to the applicant: the day of the reply (第三十三条)."""

    default_reason = "出具答复书"
    states = (State.SIGNED,)
    verb = "出具答复书"
    date_label = "答复日期"
    after_receipt = True

    def __init__(
        self,
        actor,
        application,
        *,
        on: date,
        responsible_agency: str = "",
        responsible_contact: str = "",
        reason: str = "",
    ):
        super().__init__(actor, application, on=on, reason=reason)
        # 第三十六条第（五）项: the agency that is responsible, when it can be named (for the letter).
        self.responsible = {
            "responsible_agency": responsible_agency.strip(),
            "responsible_contact": responsible_contact.strip(),
        }

    def apply(self) -> Application:
        result = self.add_events(CaseEvent(kind=EventKind.ANSWERED, on=self.on))
        letter = self.letter(
            Letter.Kind.REPLY,
            self.on,
            outcome=self.application.outcome,
            reasons=self.application.reply_reasons,
            late=bool(result.answered_late),
            **self.responsible,
        )
        return self.save(state=State.REPLIED, closed_on=self.on, reply_number=letter.number)


class AnswerOnSpot(CaseAction):
    """第三十三条第一款 「能够当场答复的，应当当场予以答复」."""

    default_reason = "当场答复"
    states = (State.REGISTERED,)
    verb = "当场答复"

    def __init__(
        self,
        actor,
        application,
        *,
        outcome: Outcome,
        reasons: str,
        responsible_agency: str = "",
        responsible_contact: str = "",
        reason: str = "",
    ):
        super().__init__(actor, application, reason=reason)
        self.outcome, self.reasons = outcome, reasons.strip()
        self.responsible = {
            "responsible_agency": responsible_agency.strip(),
            "responsible_contact": responsible_contact.strip(),
        }

    def validate(self) -> None:
        super().validate()
        if self.application.channel != Channel.IN_PERSON.name:
            raise ValidationError("只有当面提交的申请才能当场答复。")
        if self.outcome in CLOSING_OUTCOMES or self.outcome is Outcome.STILL_UNCLEAR_AFTER_CORRECTION:
            raise ValidationError("该处理结果不能当场答复。")

    def apply(self) -> Application:
        on = self.application.received_on
        self.add_events(CaseEvent(kind=EventKind.ON_SPOT, on=on))
        self.application.outcome, self.application.reply_reasons = self.outcome.name, self.reasons
        letter = self.letter(
            Letter.Kind.REPLY,
            on,
            outcome=self.outcome.name,
            reasons=self.reasons,
            late=False,
            **self.responsible,
        )
        return self.save(state=State.REPLIED, closed_on=on, reply_number=letter.number)


class WithdrawApplication(DatedCaseAction):
    """The applicant withdraws (撤回): counted as 表三（六）3 其他 (spec §1.3.1, common practice)."""

    default_reason = "申请人撤回申请"
    states = (State.REGISTERED, State.CORRECTION, State.HANDLING, State.REVIEW, State.SIGNED)
    verb = "撤回"
    date_label = "撤回日期"
    after_receipt = True

    def validate(self) -> None:
        super().validate()
        if not self.reason:
            raise ValidationError("请记录申请人撤回申请的方式（书面或口头）和理由。")

    def apply(self) -> Application:
        return self.save(
            state=State.CLOSED,
            outcome=Outcome.OTHER.name,
            closed_on=self.on,
            reply_due=None,
            clock_status="申请人撤回",
        )


class ArchiveApplication(CaseAction):
    """第四十五条 「归档」."""

    default_reason = "归档"
    states = (State.REPLIED, State.CLOSED)
    verb = "归档"

    def apply(self) -> Application:
        return self.save(state=State.ARCHIVED)


class RevealPersonalData(CaseAction):
    """The one place the full ID number and phone are shown; every look is recorded."""

    default_reason = "查看申请人完整证件号码和电话"

    def apply(self) -> Application:
        PersonalDataAccess.objects.create(
            application=self.application, user=self.history_user, reason=self.history_reason
        )
        return self.application
