"""One handler per kind of event: what the event changes in a case and what it must not follow.

``HANDLERS`` maps each event class to its handler; :mod:`gongkai.law.clock.engine` replays a
case's events through it. A handler raises :class:`ClockError` (naming the article) for an event
the law does not allow at that point, and adds a warning for one that happened but breaks a time
limit: it happened, so the record must say so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from gongkai.law.calendar import WorkCalendar
from gongkai.law.clock.counting import CONSULTATION_DAYS, FEE_PAYMENT_DAYS, MAX_EXTENSION_DAYS
from gongkai.law.clock.events import (
    Answered,
    AnsweredOnSpot,
    Channel,
    ClockError,
    ConsultationAnswered,
    ConsultationStarted,
    CorrectionReceived,
    CorrectionRequested,
    DelayNotified,
    ExtensionApproved,
    FeeLapsed,
    FeeNoticeIssued,
    FeePaid,
    Pause,
    Received,
)
from gongkai.law.clock.result import PausePeriod
from gongkai.law.clock.state import CaseState

Handler = Callable[[CaseState, Any], None]
HANDLERS: dict[type, Handler] = {}


def handles(kind: type) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[kind] = handler
        return handler

    return register


# --- receipt (第三十一条) ----------------------------------------------------------------------------
def date_of_receipt(ev: Received, cal: WorkCalendar, warnings: list[str]) -> date:
    """收到申请之日 by the channel (第三十一条): the submission, signing or confirmation day."""
    cal.require(ev.on)
    if ev.channel.needs_confirmation:
        if ev.confirmed is None:
            raise ClockError(
                f"第三十一条：以{ev.channel.value}方式提交的申请，以确认之日为收到申请之日，须提供确认日期"
            )
        if ev.confirmed < ev.on:
            raise ClockError(
                f"确认日期 {ev.confirmed.isoformat()} 早于申请到达之日 {ev.on.isoformat()}（第三十一条）"
            )
        if ev.channel is Channel.ORDINARY_LETTER and ev.confirmed != ev.on:
            warnings.append(
                "第三十一条第（二）项：以平常信函提交的，政府信息公开工作机构应当于收到申请的当日与申请人确认；"
                f"本件 {ev.on.isoformat()} 收到、{ev.confirmed.isoformat()} 确认"
            )
        cal.require(ev.confirmed)
        return ev.confirmed
    if ev.confirmed is not None:
        raise ClockError(
            f"第三十一条：以{ev.channel.value}方式提交的申请以"
            f"{'提交之日' if ev.channel is Channel.IN_PERSON else '签收之日'}为收到申请之日，不适用确认日期"
        )
    return ev.on


# --- 当场答复 and the answer (第三十三条) ---------------------------------------------------------------
@handles(AnsweredOnSpot)
def _answered_on_spot(s: CaseState, ev: AnsweredOnSpot) -> None:
    if s.first.channel is not Channel.IN_PERSON or ev.on != s.received:
        raise ClockError("第三十三条第一款：当场答复只适用于当面提交的申请，且答复日即收到申请之日")
    if s.correction or s.pauses or s.open_consultations or s.extension_days or s.fee_notice:
        raise ClockError("第三十三条第一款：当场答复之前不能有补正、征求意见、延期或收费等事件")
    s.on_spot = True
    s.answered = ev.on
    s.closed_by = "当场答复"


@handles(Answered)
def _answered(s: CaseState, ev: Answered) -> None:
    # Replying while a correction is awaited is lawful (e.g. 逾期不补正 → 不再处理): the clock ends.
    # A consultation still open ends with the reply: the agency decided without waiting further.
    for started, due in list(s.open_consultations.values()):
        s.close_consultation(started, due, None, decided=ev.on)
    s.open_consultations.clear()
    s.answered = ev.on
    s.closed_by = "答复"


# --- 补正 (第三十条) -------------------------------------------------------------------------------
@handles(CorrectionRequested)
def _correction_requested(s: CaseState, ev: CorrectionRequested) -> None:
    if s.correction is not None:
        raise ClockError("第三十条：补正应当「一次性告知」，同一申请不能第二次要求补正")
    # 第三十条 asks only 「自收到申请之日起7个工作日内一次性告知」: a notice after a consultation or an
    # extension is lawful (a late one is flagged below like any other). A 第三十五条 delay or a fee
    # notice is fixed against the running reply period, which the correction would restart.
    if s.delay or s.fee_notice:
        raise ClockError(
            "第三十条：已确定延迟答复期限或已发出收费通知，答复期限不能再因补正重新起算；补正应当在此之前一次性告知"
        )
    if ev.correction_deadline is not None and ev.on is not None and ev.correction_deadline < ev.on:
        raise ClockError("第三十条：告知的补正期限早于补正通知日期")
    s.correction = ev
    if ev.on is not None and ev.on > s.correction_notice_due:
        s.correction_late = True
        s.warnings.append(
            f"第三十条：补正告知 {ev.on.isoformat()} 晚于收到申请之日起 7 个工作日（应于 "
            f"{s.correction_notice_due.isoformat()} 前告知）；已按实际日期记录，答复期限仍自收到补正之日起计算"
        )


@handles(CorrectionReceived)
def _correction_received(s: CaseState, ev: CorrectionReceived) -> None:
    if s.correction is None:
        raise ClockError("第三十条：未告知补正，不能记录“收到补正”")
    if s.correction_received is not None:
        raise ClockError("第三十条：补正只能告知一次，已经收到过补正的申请")
    if s.correction.on is not None and ev.on < s.correction.on:
        raise ClockError("事件顺序错误：收到补正早于告知补正（第三十条）")
    s.correction_received = ev.on
    s.clock_start = ev.on
    deadline = s.correction.correction_deadline
    if deadline is not None and ev.on > deadline:
        s.warnings.append(
            f"第三十条：补正于 {ev.on.isoformat()} 收到，晚于告知的补正期限 {deadline.isoformat()}；"
            "申请人无正当理由逾期不补正的，视为放弃申请"
        )


# --- consultations and other periods not counted (第三十二–三十四条) ------------------------------------
@handles(ConsultationStarted)
def _consultation_started(s: CaseState, ev: ConsultationStarted) -> None:
    s.not_while_correcting("征求意见")
    key = (ev.kind, ev.party)
    if key in s.open_consultations:
        who = ev.kind.value + (f"“{ev.party}”" if ev.party else "")
        raise ClockError(f"第三十三条第三款：对{who}的征求意见尚未答复，不能重复发出")
    served = ev.served or ev.on
    if served < ev.on:
        raise ClockError("征求意见书的送达日期早于发出日期")
    s.open_consultations[key] = (ev, s.cal.add_working_days(served, CONSULTATION_DAYS))


@handles(ConsultationAnswered)
def _consultation_answered(s: CaseState, ev: ConsultationAnswered) -> None:
    key = (ev.kind, ev.party)
    if key not in s.open_consultations:
        who = ev.kind.value + (f"“{ev.party}”" if ev.party else "")
        raise ClockError(f"第三十三条第三款：没有正在进行的对{who}的征求意见，不能记录其答复")
    started, due = s.open_consultations.pop(key)
    s.close_consultation(started, due, ev.on)


@handles(Pause)
def _pause(s: CaseState, ev: Pause) -> None:
    if ev.end < ev.start:
        raise ClockError(
            f"不计入期限的期间结束日 {ev.end.isoformat()} 早于开始日 {ev.start.isoformat()}（第三十三条第三款）"
        )
    s.not_while_correcting(ev.reason)
    s.cal.require(ev.end)
    s.pauses.append(PausePeriod(ev.start, ev.end, ev.reason))


# --- extension (第三十三条第二款) and delay (第三十五条) ---------------------------------------------------
@handles(ExtensionApproved)
def _extension(s: CaseState, ev: ExtensionApproved) -> None:
    s.not_while_correcting("延长答复期限")
    if not ev.head_approved:
        raise ClockError("第三十三条第二款：延长答复期限应当经政府信息公开工作机构负责人同意")
    if ev.days < 1:
        raise ClockError("第三十三条第二款：延长的工作日数必须是正整数")
    if s.extension_days + ev.days > MAX_EXTENSION_DAYS:
        raise ClockError(
            f"第三十三条第二款：延长的期限最长不得超过20个工作日（已延长 {s.extension_days} 个，"
            f"本次 {ev.days} 个）"
        )
    if s.delay is not None:
        raise ClockError("第三十五条：已确定延迟答复的合理期限，不能再按第三十三条延长")
    due = s.current_due()
    if ev.on is not None and ev.on > due:
        raise ClockError(
            f"第三十三条第二款：答复期限已于 {due.isoformat()} 届满，{ev.on.isoformat()} 批准的延期不能使其恢复"
        )
    if ev.notified_on is None:
        s.warnings.append("第三十三条第二款：延长答复期限应当告知申请人（未记录告知日期）")
    elif ev.notified_on > due:
        # 「经…负责人同意并告知申请人」: the applicant learns of the extension only after the
        # original deadline has passed. Recorded and flagged; the extension still counts.
        s.warnings.append(
            f"第三十三条第二款：延长答复期限应当经政府信息公开工作机构负责人同意并告知申请人；"
            f"本件于 {ev.notified_on.isoformat()} 告知申请人，晚于原答复期限 {due.isoformat()}"
        )
    s.extension_days += ev.days


@handles(DelayNotified)
def _delay(s: CaseState, ev: DelayNotified) -> None:
    s.not_while_correcting("延迟答复")
    if s.delay is not None:
        raise ClockError("第三十五条：延迟答复的合理期限已经确定，不能再次确定")
    s.cal.require(ev.until)
    due = s.current_due()
    if ev.until <= due:
        # 第三十五条 serves an agency 「无法在本条例第三十三条规定的期限内答复」: a date not later than
        # that period shortens nothing. Recorded and flagged; the reply stays due on the later date.
        s.warnings.append(
            f"第三十五条：确定的延迟答复期限 {ev.until.isoformat()} 不晚于第三十三条规定的期限 "
            f"{due.isoformat()}；延迟答复适用于无法在第三十三条规定的期限内答复的情形，答复期限仍按较晚的日期计算"
        )
    if ev.on is not None and ev.on > due:
        s.warnings.append(
            f"第三十五条：延迟答复于 {ev.on.isoformat()} 告知，晚于原答复期限 {due.isoformat()}"
        )
    if not s.cal.is_workday(ev.until):
        s.warnings.append(f"第三十五条：确定的延迟答复期限 {ev.until.isoformat()} 不是工作日")
    s.delay = ev


# --- 信息处理费 (spec §3) -------------------------------------------------------------------------------
@handles(FeeNoticeIssued)
def _fee_notice(s: CaseState, ev: FeeNoticeIssued) -> None:
    s.not_while_correcting("收费通知")
    if s.fee_notice is not None:
        raise ClockError("一件申请只发一次收费通知（国办函〔2020〕109号 第三条：每件申请选择一种标准计收）")
    due_now = s.current_due()
    if ev.on > due_now:
        s.warnings.append(
            f"收费通知 {ev.on.isoformat()} 发出时答复期限 {due_now.isoformat()} 已届满；"
            "收费通知应当在申请处理期限内发出"
        )
    served = ev.served or ev.on
    if served < ev.on:
        raise ClockError("收费通知的送达日期早于发出日期")
    s.fee_notice = ev
    s.fee_due = s.cal.add_working_days(served, FEE_PAYMENT_DAYS)


@handles(FeePaid)
def _fee_paid(s: CaseState, ev: FeePaid) -> None:
    s.require_fee_notice("缴费")
    if s.fee_due is not None and ev.on > s.fee_due:
        s.warnings.append(
            f"信息处理费于 {ev.on.isoformat()} 缴纳，晚于缴费期限 {s.fee_due.isoformat()}（逾期未缴纳的视为放弃申请）"
        )
    s.fee_paid = ev.on


@handles(FeeLapsed)
def _fee_lapsed(s: CaseState, ev: FeeLapsed) -> None:
    s.require_fee_notice("逾期未缴费")
    assert s.fee_due is not None
    if ev.on <= s.fee_due:
        raise ClockError(
            f"缴费期限 {s.fee_due.isoformat()} 尚未届满，不能在 {ev.on.isoformat()} 认定逾期未缴费"
            "（收到收费通知次日起 20 个工作日内缴纳）"
        )
    s.fee_lapsed = ev.on
    s.closed_by = "因逾期未缴费视为放弃"
