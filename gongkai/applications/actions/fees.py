"""信息处理费 (国办函〔2020〕109号): the notice, payment, and lapse (表三（六）2)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q, Sum

from gongkai.law.fees import FeeMethod, assess
from gongkai.law.outcomes import Outcome

from ..models import (
    Application,
    CaseEvent,
    EventKind,
    Letter,
    State,
)
from .base import (
    DatedCaseAction,
)


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


class IssueFeeNotice(DatedCaseAction):
    """国办函〔2020〕109号: a fee notice for an application beyond the reasonable volume; the
    applicant has 20 working days from receiving it to pay."""

    default_reason = "发出收费通知"
    states = (State.HANDLING,)
    verb = "发出收费通知"
    date_label = "收费通知日期"

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
        super().__init__(actor, application, on=on, reason=reason)
        self.method, self.quantity, self.served = method, quantity, served

    def validate(self) -> None:
        super().validate()
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


class RecordFeePaid(DatedCaseAction):
    default_reason = "申请人已缴纳信息处理费"
    states = (State.HANDLING,)
    verb = "登记缴费"
    date_label = "缴费日期"

    def apply(self) -> Application:
        self.add_events(CaseEvent(kind=EventKind.FEE_PAID, on=self.on))
        return self.save()


class RecordFeeLapsed(DatedCaseAction):
    """Unpaid within 20 working days: 「逾期未缴纳的视为放弃申请」 → 表三（六）2."""

    default_reason = "逾期未缴纳信息处理费，视为放弃申请"
    states = (State.HANDLING,)
    verb = "按逾期未缴费终结"
    date_label = "终结日期"

    def apply(self) -> Application:
        result = self.add_events(CaseEvent(kind=EventKind.FEE_LAPSED, on=self.on))
        return self.save(
            state=State.CLOSED,
            outcome=Outcome.OTHER_FEE_UNPAID.name,
            closed_on=self.on,
            clock_status=result.status,
        )
