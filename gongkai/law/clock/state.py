"""Where one application stands while its events are replayed: what each event handler reads and
changes (:mod:`gongkai.law.clock.handlers`), and the due dates derived from it at any moment."""

from __future__ import annotations

from datetime import date

from gongkai.law.calendar import WorkCalendar
from gongkai.law.clock.counting import (
    CONSULTATION_DAYS,
    CORRECTION_NOTICE_DAYS,
    REPLY_DAYS,
    count_with_pauses,
)
from gongkai.law.clock.events import (
    ClockError,
    ConsultationKind,
    ConsultationStarted,
    CorrectionRequested,
    DelayNotified,
    FeeNoticeIssued,
    Received,
)
from gongkai.law.clock.result import Consultation, PausePeriod


class CaseState:
    def __init__(self, first: Received, received: date, cal: WorkCalendar, fee_pauses_clock: bool):
        self.cal = cal
        self.fee_pauses_clock = fee_pauses_clock
        self.warnings: list[str] = []
        self.first = first
        self.received = received
        self.clock_start = received
        self.correction_notice_due = cal.add_working_days(received, CORRECTION_NOTICE_DAYS)
        self.correction: CorrectionRequested | None = None
        self.correction_late = False
        self.correction_received: date | None = None
        # open consultations by (kind, party): the letter and the consulted party's own due day
        self.open_consultations: dict[tuple[ConsultationKind, str], tuple[ConsultationStarted, date]] = {}
        self.consultations: list[Consultation] = []
        self.pauses: list[PausePeriod] = []
        self.extension_days = 0
        self.delay: DelayNotified | None = None
        self.fee_notice: FeeNoticeIssued | None = None
        self.fee_due: date | None = None
        self.fee_paid: date | None = None
        self.fee_lapsed: date | None = None
        self.answered: date | None = None
        self.on_spot = False
        self.closed_by: str | None = None  # what ended the case (nothing may follow it)

    @property
    def waiting_correction(self) -> bool:
        return self.correction is not None and self.correction_received is None

    def not_while_correcting(self, what: str) -> None:
        if self.waiting_correction:
            raise ClockError(f"第三十条：等待补正期间答复期限尚未重新起算，不能记录“{what}”")

    def require_fee_notice(self, what: str) -> None:
        if self.fee_notice is None:
            raise ClockError(f"未发出收费通知，不能记录“{what}”（国办函〔2020〕109号）")
        if self.fee_paid is not None:
            raise ClockError(f"信息处理费已于 {self.fee_paid.isoformat()} 缴纳，不能再记录“{what}”")

    def all_pauses(self) -> list[PausePeriod]:
        """The closed pauses plus those still running, each assumed to last to its legal limit."""
        pauses = list(self.pauses)
        for started, due in self.open_consultations.values():
            label = consultation_label(started)
            pauses.append(
                PausePeriod(
                    started.on, due, f"{label}（尚未答复，按 {CONSULTATION_DAYS} 个工作日计）", open=True
                )
            )
        if self.fee_pauses_clock and self.fee_notice is not None:
            assert self.fee_due is not None
            if self.fee_paid is not None:
                resume, still_open = min(self.fee_paid, self.fee_due), False
            else:
                resume, still_open = self.fee_due, True
            reason = "等待缴纳信息处理费" + ("（尚未缴费，按缴费期限计）" if still_open else "")
            pauses.append(PausePeriod(self.fee_notice.on, resume, reason, still_open, basis="收费通知至缴费"))
        return pauses

    def current_due(self) -> date:
        """The 第三十三条 reply date as the events so far make it (extension included, 第三十五条 not)."""
        due, _ = count_with_pauses(
            self.cal, self.clock_start, REPLY_DAYS + self.extension_days, self.all_pauses()
        )
        return due

    def close_consultation(
        self, started: ConsultationStarted, due: date, answered: date | None, decided: date | None = None
    ) -> None:
        """Close a consultation by its answer, or — ``decided`` — by the agency replying without it."""
        late = answered is not None and answered > due
        resume = due if answered is None or late else answered
        label = consultation_label(started)
        if decided is not None:
            resume = min(decided, due)
            label += "（未收到意见，至作出答复之日止）"
        if late:
            self.warnings.append(
                f"{started.kind.article}：{started.kind.value}应于 {due.isoformat()} 前提出意见，"
                f"{answered.isoformat()} 才答复；超出部分计入答复期限"
            )
        self.consultations.append(
            Consultation(
                started.kind, started.party, started.on, started.served or started.on, due, answered, late
            )
        )
        self.pauses.append(PausePeriod(started.on, resume, label))


def consultation_label(started: ConsultationStarted) -> str:
    return f"征求{started.kind.value}{('“' + started.party + '”') if started.party else ''}意见"
