"""Every state change of a disclosure application, each one action (gongkai/actions.py).

The procedure is 第四十五条's 「登记、审核、办理、答复、归档」 (states in :class:`State`); which
action may run in which state is :data:`TRANSITIONS`' business, the dates are the statute clock's
(``gongkai.law.clock``): an action that adds an event recomputes the clock from every event of the
case, so an impossible sequence is refused with the article it breaks and nothing is saved.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from gongkai.actions import BaseAction
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import REVIEW_LEVELS, Action, can
from gongkai.law.clock import Channel, ClockResult, ConsultationKind
from gongkai.law.fees import FeeMethod, assess
from gongkai.law.outcomes import Outcome

from .clock import clock_of
from .models import (
    Appeal,
    Application,
    CaseEvent,
    EventKind,
    HandlingRules,
    Letter,
    PersonalDataAccess,
    SignOff,
    State,
)
from .personal import digest, normalise

TRACKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud on the phone
TRACKING_LENGTH = 12  # 32^12 ≈ 10^18 codes: not enumerable, and the query needs a second factor too

# Outcomes that have their own action (they are not a reply the agency drafts).
CLOSING_OUTCOMES = {
    Outcome.OTHER_NO_CORRECTION: "逾期不补正",
    Outcome.OTHER_FEE_UNPAID: "逾期未缴费",
}


def today() -> date:
    return timezone.localdate()


def rules_of(agency: Agency | int, *, lock: bool = False) -> HandlingRules:
    agency_id = agency.pk if isinstance(agency, Agency) else agency
    queryset = HandlingRules.objects.select_for_update() if lock else HandlingRules.objects
    rules, _ = queryset.get_or_create(agency_id=agency_id)
    return rules


def new_tracking_code() -> str:
    while True:
        code = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))
        if not Application.objects.filter(tracking_code=code).exists():
            return code


def _check_date(value: date | None, what: str, *, not_before: date | None = None) -> None:
    if value is None:
        raise ValidationError(f"请填写{what}。")
    if value > today():
        raise ValidationError(f"{what}（{value:%Y-%m-%d}）不能晚于今天。")
    if not_before and value < not_before:
        raise ValidationError(f"{what}（{value:%Y-%m-%d}）不能早于 {not_before:%Y-%m-%d}。")


# --- submission -----------------------------------------------------------------------------------
APPLICANT_FIELDS = (
    "applicant_type",
    "category",
    "name",
    "contact_person",
    "id_type",
    "id_number",
    "phone",
    "email",
    "address",
    "postcode",
    "description",
    "document_number",
    "medium",
    "delivery",
)


class _NewApplication(BaseAction[Application]):
    """Shared by the public form and staff registration: one row, its receipt event, one transaction."""

    channel: Channel
    arrived_on: date
    confirmed_on: date | None

    def __init__(
        self, actor: Any, agency: Agency, data: dict[str, Any], *, submission_key: str = "", reason: str = ""
    ):
        super().__init__(actor, reason=reason)
        self.agency = agency
        self.data = {
            k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if k in APPLICANT_FIELDS
        }
        self.submission_key = submission_key or None

    def target(self) -> Agency:
        return self.agency

    def build(self) -> Application:
        app = Application(
            agency=self.agency,
            channel=self.channel.name,
            arrived_on=self.arrived_on,
            confirmed_on=self.confirmed_on,
            submission_key=self.submission_key,
            **self.data,
        )
        app.id_digest = digest(app.id_number)
        app.description_digest = digest(app.description)
        return app

    def validate(self) -> None:
        if self.submission_key and Application.objects.filter(submission_key=self.submission_key).exists():
            return  # a double submit: apply() returns the first one
        app = self.build()
        app.tracking_code = "X" * TRACKING_LENGTH  # checked for shape only; the real one is drawn in apply()
        app.full_clean(exclude=["tracking_code", "submission_key"])
        if app.applicant_type == "natural" and app.category != "NATURAL_PERSON":
            raise ValidationError("自然人申请人的年报类别应为“自然人”。")
        if app.applicant_type == "organisation" and app.category == "NATURAL_PERSON":
            raise ValidationError(
                "法人或其他组织申请人请选择其类别（商业企业、科研机构、社会公益组织、法律服务机构或其他）。"
            )
        if not normalise(app.phone):
            raise ValidationError("请填写联系电话。")

    def apply(self) -> Application:
        if self.submission_key:
            existing = Application.objects.filter(submission_key=self.submission_key).first()
            if existing is not None:
                return existing
        app = self.build()
        app.tracking_code = new_tracking_code()
        receipt = CaseEvent(kind=EventKind.RECEIVED)
        result = clock_of(app, [receipt], fee_pauses_clock=rules_of(self.agency).fee_pauses_clock)
        _cache_clock(app, result)
        self.stamp(app).save()
        receipt.application = app
        receipt.recorded_by = self.history_user
        receipt.save()
        return app


class SubmitOnline(_NewApplication):
    """第二十九条 through the public form. 第三十一条（三）: an application over the internet is received
    on the day both sides confirm it; the system confirms it on submission by showing and sending the
    tracking code, so that day is the date of receipt."""

    permission = Action.VIEW  # not asked: anyone may apply (check() below)
    default_reason = "申请人网上提交申请"
    channel = Channel.INTERNET

    def __init__(self, agency: Agency, data: dict[str, Any], *, submission_key: str = "", actor: Any = None):
        super().__init__(actor, agency, data, submission_key=submission_key)
        self.arrived_on = self.confirmed_on = today()

    def check(self) -> None:
        """第二十七条: anyone may apply; there is no permission to ask."""

    @property
    def history_user(self) -> Any:
        return None  # the applicant is not a user of the system


class RegisterApplication(_NewApplication):
    """Staff record an application that came in person, by post, by fax or orally (第二十九条
    「口头提出…代为填写」). The date of receipt follows from the channel (第三十一条)."""

    permission = Action.EDIT
    default_reason = "登记申请"

    def __init__(
        self,
        actor: Any,
        agency: Agency,
        data: dict[str, Any],
        *,
        channel: Channel,
        arrived_on: date,
        confirmed_on: date | None = None,
        submission_key: str = "",
        reason: str = "",
    ):
        super().__init__(actor, agency, data, submission_key=submission_key, reason=reason)
        self.channel, self.arrived_on, self.confirmed_on = channel, arrived_on, confirmed_on

    def validate(self) -> None:
        _check_date(self.arrived_on, "提交（签收）日期")
        if self.channel.needs_confirmation:
            _check_date(self.confirmed_on, "与申请人确认的日期", not_before=self.arrived_on)
        elif self.confirmed_on is not None:
            raise ValidationError(
                f"以“{self.channel.value}”方式提交的申请无需确认，收到申请之日即提交（签收）日期。"
            )
        super().validate()


# --- handling -------------------------------------------------------------------------------------
class CaseAction(BaseAction[Application]):
    """An action on one case: allowed only in ``states``; ``record()`` adds the case's events."""

    permission = Action.EDIT
    states: ClassVar[tuple[str, ...]] = ()
    verb: ClassVar[str] = ""

    def __init__(self, actor: Any, application: Application, *, reason: str = ""):
        super().__init__(actor, reason=reason)
        self.application = application

    def target(self) -> Application:
        return self.application

    def validate(self) -> None:
        # Re-read under the transaction: a concurrent action may have moved the case on.
        self.application = Application.objects.select_for_update().get(pk=self.application.pk)
        if self.states and self.application.state not in self.states:
            raise ValidationError(
                f"该申请目前“{self.application.get_state_display()}”，不能{self.verb or self.default_reason}。"
            )

    def describe(self) -> str:
        return self.default_reason

    def add_events(self, *rows: CaseEvent) -> ClockResult:
        """Check the new events against every earlier one (the statute's clock) and store them."""
        app = self.application
        existing = list(app.events.all())
        result = clock_of(
            app, existing + list(rows), fee_pauses_clock=rules_of(app.agency_id).fee_pauses_clock
        )
        for row in rows:
            row.application = app
            row.recorded_by = self.history_user
            row.save()
        _cache_clock(app, result)
        return result

    def save(self, **changes: Any) -> Application:
        for field, value in changes.items():
            setattr(self.application, field, value)
        self.stamp(self.application).save()
        return self.application

    def letter(self, kind: str, on: date, **context: Any) -> Letter:
        """Issue a letter: its 文号, and its text's facts fixed as of today (letters.snapshot)."""
        from .letters import snapshot
        from .tasks import notify_letter_issued

        number = next_letter_number(self.application.agency_id, on.year, kind)
        letter = Letter.objects.create(
            application=self.application,
            kind=kind,
            number=number,
            issued_on=on,
            context={**snapshot(self.application), **context},
        )
        # The applicant hears of it by e-mail once the action has committed (the consultation
        # letter goes to the third party, not to the applicant).
        if self.application.email and kind != Letter.Kind.CONSULTATION:
            transaction.on_commit(lambda: notify_letter_issued.enqueue(letter.pk), robust=True)
        return letter


def next_letter_number(agency_id: int, year: int, kind: str = Letter.Kind.REPLY) -> str:
    """「字号〔年份〕序号号」 per agency, year and kind of letter; notices carry the suffix the Shanghai
    systems gave them (「…号-补告」). The settings row is locked while counting."""
    from .letters.content import NUMBER_SUFFIXES

    rules = rules_of(agency_id, lock=True)
    issued = Letter.objects.filter(application__agency_id=agency_id, kind=kind, issued_on__year=year).count()
    prefix = rules.letter_prefix or "依申请公开答复"
    suffix = f"-{NUMBER_SUFFIXES[kind]}" if kind in NUMBER_SUFFIXES else ""
    return f"{prefix}〔{year}〕{issued + 1}号{suffix}"


def _cache_clock(app: Application, result: ClockResult) -> None:
    app.received_on = result.received
    app.reply_due = result.reply_due
    # A due date in a year without a maintained calendar is an estimate and says so.
    app.clock_status = f"{result.status}（期限为估算）" if result.provisional else result.status


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


class RequestCorrection(CaseAction):
    """第三十条: one notice, within 7 working days of receipt, stating what to correct and a
    reasonable deadline (江苏规范: 「一般不超过15个工作日」)."""

    default_reason = "告知补正"
    states = (State.REGISTERED, State.HANDLING)
    verb = "告知补正"

    def __init__(self, actor, application, *, on: date, deadline: date, matters: str, reason: str = ""):
        super().__init__(actor, application, reason=reason)
        self.on, self.deadline, self.matters = on, deadline, matters.strip()

    def validate(self) -> None:
        super().validate()
        _check_date(self.on, "告知补正日期", not_before=self.application.received_on)
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


class ReceiveCorrection(CaseAction):
    """第三十条 「答复期限自行政机关收到补正的申请之日起计算」."""

    default_reason = "收到补正"
    states = (State.CORRECTION,)
    verb = "登记补正"

    def __init__(self, actor, application, *, on: date, description: str = "", reason: str = ""):
        super().__init__(actor, application, reason=reason)
        self.on, self.description = on, description.strip()

    def validate(self) -> None:
        super().validate()
        _check_date(self.on, "收到补正的日期")

    def apply(self) -> Application:
        self.add_events(CaseEvent(kind=EventKind.CORRECTION_RECEIVED, on=self.on, note=self.description))
        changes: dict[str, Any] = {"state": State.HANDLING}
        if self.description:
            changes["description"] = f"{self.application.description}\n（补正）{self.description}"
            changes["description_digest"] = digest(changes["description"])
        return self.save(**changes)


class CloseWithoutCorrection(CaseAction):
    """第三十条 「申请人无正当理由逾期不补正的，视为放弃申请」 → 表三（六）1."""

    default_reason = "逾期不补正，视为放弃申请"
    states = (State.CORRECTION,)
    verb = "按逾期不补正终结"

    def __init__(self, actor, application, *, on: date, reason: str = ""):
        super().__init__(actor, application, reason=reason)
        self.on = on

    def validate(self) -> None:
        super().validate()
        _check_date(self.on, "终结日期")
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


class StartConsultation(CaseAction):
    """第三十二条 (third party) or 第三十四条 (other agency): a written consultation; its time is not
    counted (第三十三条第三款)."""

    default_reason = "发出征求意见书"
    states = (State.HANDLING,)
    verb = "征求意见"

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
        super().__init__(actor, application, reason=reason)
        self.on, self.party, self.kind, self.served, self.matters = (
            on,
            party.strip(),
            kind,
            served,
            matters.strip(),
        )

    def validate(self) -> None:
        super().validate()
        _check_date(self.on, "发出征求意见书的日期")
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


class AnswerConsultation(CaseAction):
    default_reason = "收到征求意见答复"
    states = (State.HANDLING,)
    verb = "登记征求意见答复"

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
        super().__init__(actor, application, reason=reason)
        self.on, self.party, self.kind, self.opinion = on, party.strip(), kind, opinion.strip()

    def validate(self) -> None:
        super().validate()
        _check_date(self.on, "收到答复的日期")

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


class ApproveExtension(CaseAction):
    """第三十三条第二款 「需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长
    不得超过20个工作日」: only the office head may approve it."""

    permission = Action.APPROVE_EXTENSION
    default_reason = "批准延长答复期限"
    states = (State.HANDLING, State.REVIEW)
    verb = "延长答复期限"

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
        super().__init__(actor, application, reason=reason)
        self.on, self.days, self.notified_on, self.grounds = on, days, notified_on, grounds.strip()

    def validate(self) -> None:
        super().validate()
        _check_date(self.on, "批准日期")
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


class NotifyDelay(CaseAction):
    """第三十五条: a reasonable later reply date for an unreasonable volume or frequency."""

    default_reason = "确定延迟答复期限"
    states = (State.HANDLING,)
    verb = "确定延迟答复期限"

    def __init__(self, actor, application, *, on: date, until: date, reason: str = ""):
        super().__init__(actor, application, reason=reason)
        self.on, self.until = on, until

    def validate(self) -> None:
        super().validate()
        _check_date(self.on, "告知日期")

    def apply(self) -> Application:
        self.add_events(CaseEvent(kind=EventKind.DELAY, on=self.on, until=self.until, note=self.reason))
        return self.save()


def items_this_month(application: Application) -> int:
    """Items the same applicant applied for at the same agency earlier in the natural month of
    this application's receipt (109号 第四条 「同一申请人一个自然月内累计申请」; scope: same agency,
    spec §3). An application without a per-item fee counts as one item."""
    received = application.received_on
    earlier = Application.objects.filter(
        Q(received_on__lt=received) | Q(received_on=received, pk__lt=application.pk),
        agency_id=application.agency_id,
        id_digest=application.id_digest,
        received_on__gte=received.replace(day=1),
    )
    counted = earlier.filter(fee_method=FeeMethod.ITEMS.value).aggregate(n=Sum("fee_quantity"))["n"] or 0
    return counted + earlier.exclude(fee_method=FeeMethod.ITEMS.value).count()


class IssueFeeNotice(CaseAction):
    """国办函〔2020〕109号: a fee notice for an application beyond the reasonable volume; the
    applicant has 20 working days from receiving it to pay."""

    default_reason = "发出收费通知"
    states = (State.HANDLING,)
    verb = "发出收费通知"

    def __init__(
        self,
        actor,
        application,
        *,
        on: date,
        method: FeeMethod,
        quantity: int,
        served: date | None = None,
        reason: str = "",
    ):
        super().__init__(actor, application, reason=reason)
        self.on, self.method, self.quantity, self.served = on, method, quantity, served

    def validate(self) -> None:
        super().validate()
        _check_date(self.on, "收费通知日期")
        if self.application.fee_method:
            raise ValidationError("该申请已经发出过收费通知（第三条：一件申请只按一种标准计收一次）。")

    def apply(self) -> Application:
        if self.method is FeeMethod.ITEMS:
            fee = assess(items=self.quantity, already=items_this_month(self.application))
        else:
            fee = assess(pages=self.quantity)
        if fee.amount <= 0:
            raise ValidationError(f"按{fee.method.label}计算，本件申请不收费：{fee.explanation()}")
        result = self.add_events(CaseEvent(kind=EventKind.FEE_NOTICE, on=self.on, served=self.served))
        self.letter(
            Letter.Kind.FEE,
            self.on,
            method=fee.method.label,
            quantity=self.quantity,
            amount=str(fee.amount),
            explanation=fee.explanation(),
            payment_due=result.fee_payment_due.isoformat() if result.fee_payment_due else "",
        )
        return self.save(fee_method=self.method.value, fee_quantity=self.quantity, fee_amount=fee.amount)


class RecordFeePaid(CaseAction):
    default_reason = "申请人已缴纳信息处理费"
    states = (State.HANDLING,)
    verb = "登记缴费"

    def __init__(self, actor, application, *, on: date, reason: str = ""):
        super().__init__(actor, application, reason=reason)
        self.on = on

    def validate(self) -> None:
        super().validate()
        _check_date(self.on, "缴费日期")

    def apply(self) -> Application:
        self.add_events(CaseEvent(kind=EventKind.FEE_PAID, on=self.on))
        return self.save()


class RecordFeeLapsed(CaseAction):
    """Unpaid within 20 working days: 「逾期未缴纳的视为放弃申请」 → 表三（六）2."""

    default_reason = "逾期未缴纳信息处理费，视为放弃申请"
    states = (State.HANDLING,)
    verb = "按逾期未缴费终结"

    def __init__(self, actor, application, *, on: date, reason: str = ""):
        super().__init__(actor, application, reason=reason)
        self.on = on

    def validate(self) -> None:
        super().validate()
        _check_date(self.on, "终结日期")

    def apply(self) -> Application:
        result = self.add_events(CaseEvent(kind=EventKind.FEE_LAPSED, on=self.on))
        return self.save(
            state=State.CLOSED,
            outcome=Outcome.OTHER_FEE_UNPAID.name,
            closed_on=self.on,
            clock_status=result.status,
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


class IssueReply(CaseAction):
    """The signed reply is issued to the applicant: the day of the reply (第三十三条)."""

    default_reason = "出具答复书"
    states = (State.SIGNED,)
    verb = "出具答复书"

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
        super().__init__(actor, application, reason=reason)
        self.on = on
        # 第三十六条第（五）项: the agency that is responsible, when it can be named (for the letter).
        self.responsible = {
            "responsible_agency": responsible_agency.strip(),
            "responsible_contact": responsible_contact.strip(),
        }

    def validate(self) -> None:
        super().validate()
        _check_date(self.on, "答复日期", not_before=self.application.received_on)

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


class WithdrawApplication(CaseAction):
    """The applicant withdraws (撤回): counted as 表三（六）3 其他 (spec §1.3.1, common practice)."""

    default_reason = "申请人撤回申请"
    states = (State.REGISTERED, State.CORRECTION, State.HANDLING, State.REVIEW, State.SIGNED)
    verb = "撤回"

    def __init__(self, actor, application, *, on: date, reason: str = ""):
        super().__init__(actor, application, reason=reason)
        self.on = on

    def validate(self) -> None:
        super().validate()
        _check_date(self.on, "撤回日期", not_before=self.application.received_on)
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


# --- reconsideration and litigation ----------------------------------------------------------------
APPEAL_FIELDS = (
    "application",
    "kind",
    "role",
    "body",
    "case_number",
    "filed_on",
    "decided_on",
    "result",
    "note",
)


class SaveAppeal(BaseAction[Appeal]):
    """Record or update a 复议/诉讼 case (spec §7); decided cases need their result and date."""

    permission = Action.EDIT
    default_reason = "登记复议诉讼案件"

    def __init__(
        self, actor, agency: Agency, data: dict[str, Any], appeal: Appeal | None = None, *, reason: str = ""
    ):
        super().__init__(actor, reason=reason)
        self.agency, self.appeal = agency, appeal or Appeal(agency=agency)
        self.data = {k: v for k, v in data.items() if k in APPEAL_FIELDS}

    def target(self) -> Agency:
        return self.agency

    def validate(self) -> None:
        for field, value in self.data.items():
            setattr(self.appeal, field, value)
        appeal = self.appeal
        appeal.full_clean()
        if appeal.application_id and appeal.application.agency_id != self.agency.pk:
            raise ValidationError("关联的申请不属于本机关。")
        if bool(appeal.decided_on) != bool(appeal.result):
            raise ValidationError("已审结的案件请同时填写结果和决定（裁判）日期；未审结的两项都不填。")
        if appeal.decided_on and appeal.decided_on < appeal.filed_on:
            raise ValidationError("决定（裁判）日期不能早于申请（立案）日期。")
        _check_date(appeal.filed_on, "申请（立案）日期")

    def apply(self) -> Appeal:
        self.stamp(self.appeal).save()
        return self.appeal
