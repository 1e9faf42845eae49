"""The application clock on hand-computed cases (条例 第三十–三十五条).

Every expected date below was counted by hand, day by day, from the State Council schedules
(as carried by chinesecalendar 1.11.0) — not produced by the code under test:

2024  元旦 01-01 · 春节 02-10…02-17 off, 02-04 (Sun) and 02-18 (Sun) work · 清明 04-04…04-06, 04-07 (Sun)
      works · 劳动节 05-01…05-05, 04-28 (Sun) and 05-11 (Sat) work · 中秋 09-15…09-17, 09-14 (Sat) works ·
      国庆 10-01…10-07, 09-29 (Sun) and 10-12 (Sat) work.
2025  元旦 01-01 · 春节 01-28…02-04, 01-26 (Sun) and 02-08 (Sat) work · 劳动节 05-01…05-05, 04-27 (Sun)
      works · 国庆中秋 10-01…10-08, 09-28 (Sun) and 10-11 (Sat) work.
2026  元旦 01-01…01-03, 01-04 (Sun) works · 春节 02-15…02-23, 02-14 (Sat) and 02-28 (Sat) work · 清明
      04-04…04-06 · 劳动节 05-01…05-05, 05-09 (Sat) works · 中秋 09-25…09-27 · 国庆 10-01…10-07,
      09-20 (Sun) and 10-10 (Sat) work.

"N WD after D" = the N-th working day strictly after D. A pause [S, E) leaves S … E−1 uncounted.
"""

from datetime import date as d

import pytest

from gongkai.law.calendar import CalendarNotMaintained, default_calendar
from gongkai.law.clock import (
    Answered,
    AnsweredOnSpot,
    Channel,
    ClockError,
    ConsultationAnswered,
    ConsultationKind,
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
    Status,
    compute_clock,
)

CAL = default_calendar()


def clock(*events, **kw):
    return compute_clock(list(events), CAL, **kw)


# --- plain receipt: (received, reply due = 20 WD, 补正 notice due = 7 WD) ---------------------------------
PLAIN = [
    # The spec's worked example: 09-26, 09-28 (调休), 09-29, 09-30, 10-09 … 10-11 (调休) … 10-29.
    pytest.param(d(2025, 9, 25), d(2025, 10, 29), d(2025, 10, 11), id="2025-national-day-worked-example"),
    # 02-02, 02-04 (调休 Sun), 02-05…02-09 | 02-18 (调休 Sun) … 03-05.
    pytest.param(d(2024, 2, 1), d(2024, 3, 5), d(2024, 2, 9), id="2024-spring-festival-before"),
    # 02-09 | 02-18 (Sun) 02-19…02-23, 02-26… → 7th = 02-23, 20th = 03-13.
    pytest.param(d(2024, 2, 8), d(2024, 3, 13), d(2024, 2, 23), id="2024-spring-festival-eve"),
    # 09-29 (Sun), 09-30 | 10-08…10-11, 10-12 (Sat) = 7th … 10-30 = 20th.
    pytest.param(d(2024, 9, 27), d(2024, 10, 30), d(2024, 10, 12), id="2024-national-day"),
    # 09-14 (Sat, 中秋调休) | 09-18 … 09-29 (Sun) … 10-12 (Sat) … 10-17.
    pytest.param(d(2024, 9, 13), d(2024, 10, 17), d(2024, 9, 25), id="2024-mid-autumn-and-national-day"),
    # 01-26 (Sun), 01-27 | 02-05…02-07, 02-08 (Sat) … 02-27.
    pytest.param(d(2025, 1, 24), d(2025, 2, 27), d(2025, 2, 10), id="2025-spring-festival"),
    # Last working day before the break: 02-05 is the 1st WD, 03-03 the 20th.
    pytest.param(d(2025, 1, 27), d(2025, 3, 3), d(2025, 2, 12), id="2025-spring-festival-last-day"),
    # 02-13, 02-14 (Sat) | 02-24…02-27, 02-28 (Sat) = 7th … 03-18.
    pytest.param(d(2026, 2, 12), d(2026, 3, 18), d(2026, 2, 28), id="2026-spring-festival"),
    # Received on the make-up Saturday itself (a working day): 02-24 is the 1st WD after it.
    pytest.param(d(2026, 2, 14), d(2026, 3, 20), d(2026, 3, 3), id="2026-received-on-makeup-saturday"),
    # 12-31 | 01-04 (Sun) 01-05 … → crosses the year: 7th = 01-09, 20th = 01-28.
    pytest.param(d(2025, 12, 30), d(2026, 1, 28), d(2026, 1, 9), id="2026-new-year-across-years"),
    # 09-20 (Sun), 09-21…09-24 (5) | 中秋 09-25…27 | 09-28, 09-29 (7), 09-30 | 国庆 | 10-08, 10-09,
    # 10-10 (Sat, 11) … 10-22 (20).
    pytest.param(d(2026, 9, 18), d(2026, 10, 22), d(2026, 9, 29), id="2026-mid-autumn-and-national-day"),
    # 劳动节 05-01…05-05 | 05-06…05-08, 05-09 (Sat) … 06-01.
    pytest.param(d(2026, 4, 30), d(2026, 6, 1), d(2026, 5, 13), id="2026-labour-day"),
    # 04-28 (Sun), 04-29, 04-30 | 05-06…05-10, 05-11 (Sat) … 05-27.
    pytest.param(d(2024, 4, 26), d(2024, 5, 27), d(2024, 5, 9), id="2024-labour-day"),
    # 04-27 (Sun) … 04-30 | 05-06 … 05-27.
    pytest.param(d(2025, 4, 25), d(2025, 5, 27), d(2025, 5, 8), id="2025-labour-day"),
    # 清明 04-04…06, 04-07 (Sun) … 04-28 (Sun) … 05-06: two holidays and two 调休 Sundays.
    pytest.param(d(2024, 4, 3), d(2024, 5, 6), d(2024, 4, 15), id="2024-qingming-and-labour-day"),
    # 元旦 2024-01-01 (Mon) skipped: 01-02 is the 1st WD, 01-29 the 20th.
    pytest.param(d(2023, 12, 29), d(2024, 1, 29), d(2024, 1, 10), id="2024-new-year"),
]


@pytest.mark.parametrize("received, reply_due, notice_due", PLAIN)
def test_plain_receipt(received, reply_due, notice_due):
    r = clock(Received(received))
    assert (r.received, r.reply_due, r.correction_notice_due) == (received, reply_due, notice_due)
    assert r.status == Status.IN_PROGRESS


def test_worked_example_explains_itself():
    r = clock(Received(d(2025, 9, 25)))
    text = r.explanations["reply_due"]
    assert "20 个工作日" in text and "自 2025-09-26 起算" in text
    assert "10-01 至 10-08" in text and "含调休上班日 09-28、10-11" in text
    assert "2025-10-29" in text and "第三十三条" in text


# --- receipt on a non-working day, and the confirmation channels of 第三十一条 ---------------------------
def test_in_person_receipt_on_a_plain_saturday_counts_from_the_next_working_day():
    # Sat 2025-01-25 is not a working day; the 20th WD strictly after it equals that after Fri 01-24.
    assert clock(Received(d(2025, 1, 25))).reply_due == d(2025, 2, 27)


def test_ordinary_letter_received_on_a_holiday_and_confirmed_the_same_day():
    # 10-03 (holiday) → 10-09 (1) 10-10 10-11 (Sat) 10-13…10-16 (7) 10-17 (8) … 11-03 (19) 11-04 (20).
    r = clock(Received(d(2025, 10, 3), Channel.ORDINARY_LETTER, confirmed=d(2025, 10, 3)))
    assert (r.received, r.reply_due, r.correction_notice_due) == (
        d(2025, 10, 3),
        d(2025, 11, 4),
        d(2025, 10, 16),
    )
    assert not r.warnings


def test_ordinary_letter_uses_the_confirmation_date_and_flags_a_late_confirmation():
    # Arrived Fri 01-24, confirmed on the make-up Sunday 01-26: clock from 01-26 → 01-27 (1), 02-05 (2)… 02-28.
    r = clock(Received(d(2025, 1, 24), Channel.ORDINARY_LETTER, confirmed=d(2025, 1, 26)))
    assert r.received == d(2025, 1, 26)
    assert r.reply_due == d(2025, 2, 28)
    assert r.correction_notice_due == d(2025, 2, 11)
    assert any("当日与申请人确认" in w for w in r.warnings)


def test_internet_application_confirmed_after_spring_festival():
    # Arrived Fri 2026-02-13, confirmed Tue 02-24: 02-25 … 02-28 (Sat, 4th) … 03-04 = 7th, 03-23 = 20th.
    r = clock(Received(d(2026, 2, 13), Channel.INTERNET, confirmed=d(2026, 2, 24)))
    assert (r.received, r.correction_notice_due, r.reply_due) == (
        d(2026, 2, 24),
        d(2026, 3, 4),
        d(2026, 3, 23),
    )
    assert "双方确认之日" in r.explanations["received"]


def test_fax_on_new_years_eve():
    # 2024-12-31 → 2025-01-02 (1) … 01-10 (7) … 01-24 (17), 01-26 (Sun, 18), 01-27 (19), 02-05 (20).
    r = clock(Received(d(2024, 12, 31), Channel.FAX, confirmed=d(2024, 12, 31)))
    assert (r.correction_notice_due, r.reply_due) == (d(2025, 1, 10), d(2025, 2, 5))


def test_post_signed_on_a_makeup_saturday():
    # Signed Sat 2024-10-12 (调休上班日): 10-14 … 11-08 = 20th.
    assert clock(Received(d(2024, 10, 12), Channel.POST_SIGNED)).reply_due == d(2024, 11, 8)


def test_confirmation_channels_need_the_confirmation_date():
    with pytest.raises(ClockError, match="第三十一条"):
        clock(Received(d(2025, 9, 25), Channel.INTERNET))


def test_in_person_rejects_a_confirmation_date():
    with pytest.raises(ClockError, match="第三十一条"):
        clock(Received(d(2025, 9, 25), Channel.IN_PERSON, confirmed=d(2025, 9, 26)))


# --- 补正 (第三十条) ----------------------------------------------------------------------------------
def test_correction_restarts_the_clock():
    # Corrected application received Thu 2025-10-09: 10-10 (1), 10-11 (Sat, 2) … 11-05 (20).
    r = clock(
        Received(d(2025, 9, 25)), CorrectionRequested(d(2025, 9, 30)), CorrectionReceived(d(2025, 10, 9))
    )
    assert r.clock_start == d(2025, 10, 9)
    assert r.reply_due == d(2025, 11, 5)
    assert r.correction_notice_due == d(2025, 10, 11)
    assert not r.correction_notice_late
    assert "重新计算（第三十条）" in r.explanations["reply_due"]


def test_correction_received_on_a_holiday():
    # 10-03 (国庆) → 10-08 (1) … 10-12 (Sat, 5) … 11-01 (20).
    r = clock(
        Received(d(2024, 9, 20)), CorrectionRequested(d(2024, 9, 24)), CorrectionReceived(d(2024, 10, 3))
    )
    assert r.reply_due == d(2024, 11, 1)


def test_waiting_for_correction_has_no_reply_date():
    r = clock(
        Received(d(2025, 9, 25)), CorrectionRequested(d(2025, 9, 30), correction_deadline=d(2025, 10, 20))
    )
    assert r.reply_due is None
    assert r.status == Status.WAITING_CORRECTION
    assert "2025-10-20" in r.explanations["reply_due"]


def test_late_correction_notice_is_recorded_and_flagged_not_rejected():
    # Notice due 10-11; given 10-13. The corrected application of Mon 10-20 still restarts: 11-17 = 20th.
    r = clock(
        Received(d(2025, 9, 25)), CorrectionRequested(d(2025, 10, 13)), CorrectionReceived(d(2025, 10, 20))
    )
    assert r.correction_notice_late
    assert r.reply_due == d(2025, 11, 17)
    assert any("第三十条" in w and "7 个工作日" in w for w in r.warnings)


def test_correction_then_extension_across_qingming():
    # Received 2024-01-30; notice 02-05 within 7 WD (due 02-07: 01-31, 02-01, 02-02, 02-04 Sun, 02-05…02-07);
    # corrected Thu 02-08 → 20th = 03-13; +20: 03-14 … 04-03 (35), 清明, 04-07 (Sun, 36) … 04-11 (40).
    r = clock(
        Received(d(2024, 1, 30)),
        CorrectionRequested(d(2024, 2, 5)),
        CorrectionReceived(d(2024, 2, 8)),
        ExtensionApproved(d(2024, 3, 1), 20, notified_on=d(2024, 3, 1)),
    )
    assert r.correction_notice_due == d(2024, 2, 7)
    assert r.reply_due == d(2024, 4, 11)
    assert r.extension_days == 20
    assert not r.warnings


# --- pauses: consultations (第三十二条–第三十四条) and explicit periods --------------------------------------
def test_consultation_pause_spanning_national_day():
    # Sent Tue 09-30, answered Fri 10-10: only 09-30 and 10-09 are uncounted working days → 10-29 + 2 WD.
    r = clock(
        Received(d(2025, 9, 25)),
        ConsultationStarted(d(2025, 9, 30), party="甲公司"),
        ConsultationAnswered(d(2025, 10, 10), party="甲公司"),
    )
    assert r.reply_due == d(2025, 10, 31)
    assert r.paused_working_days == 2
    # Third party's own 15 WD from 09-30: 10-09 (1), 10-10, 10-11 (Sat), 10-13…10-17, 10-20…10-24, 10-27, 10-28.
    assert r.third_party_reply_due == d(2025, 10, 28)
    assert "不计算在期限内" in r.explanations["reply_due"]


def test_pause_over_only_non_working_days_removes_nothing():
    base = clock(Received(d(2025, 9, 25))).reply_due
    r = clock(Received(d(2025, 9, 25)), Pause(d(2025, 10, 1), d(2025, 10, 9)))  # 10-01 … 10-08 all holidays
    assert r.reply_due == base == d(2025, 10, 29)
    assert r.paused_working_days == 0
    assert "均为非工作日" in r.explanations["reply_due"]


def test_pause_starting_on_the_due_day_still_stops_the_clock():
    # Due 10-29; stopped 10-29, resumed 10-31: 10-29 and 10-30 uncounted, 10-31 is the 20th.
    assert clock(Received(d(2025, 9, 25)), Pause(d(2025, 10, 29), d(2025, 10, 31))).reply_due == d(
        2025, 10, 31
    )


def test_pause_after_the_deadline_cannot_revive_it():
    r = clock(Received(d(2025, 9, 25)), Pause(d(2025, 10, 30), d(2025, 11, 5)))
    assert r.reply_due == d(2025, 10, 29)
    assert "期限已届满" in r.explanations["reply_due"]


def test_overlapping_consultations_are_not_counted_twice():
    # Third party 10-09…10-15, other agency 10-13…10-20: together 10-09 … 10-19 = 8 WD → 10-29 + 8 = 11-10.
    r = clock(
        Received(d(2025, 9, 25)),
        ConsultationStarted(d(2025, 10, 9), party="A"),
        ConsultationStarted(d(2025, 10, 13), ConsultationKind.OTHER_AGENCY, party="B"),
        ConsultationAnswered(d(2025, 10, 15), party="A"),
        ConsultationAnswered(d(2025, 10, 20), party="B", kind=ConsultationKind.OTHER_AGENCY),
    )
    assert r.reply_due == d(2025, 11, 10)
    assert r.paused_working_days == 8


def test_consultation_inside_another_is_not_counted_twice():
    # Third party 10-09 → 10-20 contains other agency 10-13 → 10-15: together 10-09 … 10-19 = 8 WD → 11-10.
    r = clock(
        Received(d(2025, 9, 25)),
        ConsultationStarted(d(2025, 10, 9)),
        ConsultationStarted(d(2025, 10, 13), ConsultationKind.OTHER_AGENCY),
        ConsultationAnswered(d(2025, 10, 15), kind=ConsultationKind.OTHER_AGENCY),
        ConsultationAnswered(d(2025, 10, 20)),
    )
    assert r.reply_due == d(2025, 11, 10)
    assert [p.removed for p in r.pauses] == [8, 0]
    assert "不重复扣除" in r.explanations["reply_due"]


def test_replying_without_the_consultation_answer_ends_the_pause():
    # Third party consulted 10-09, never answered; the agency replied 10-20: 10-09 … 10-19 uncounted (8 WD).
    r = clock(Received(d(2025, 9, 25)), ConsultationStarted(d(2025, 10, 9)), Answered(d(2025, 10, 20)))
    assert r.status == Status.ANSWERED
    assert r.reply_due == d(2025, 11, 10)
    assert r.answered_late is False
    assert r.consultations[0].answered is None


def test_extension_after_a_pause():
    # Received 2024-09-27 (plain due 10-30). Consultation 10-08 → 10-14 leaves 10-08…10-12 (5 WD, incl. the
    # 调休 Saturday) uncounted: 09-29 (1), 09-30 (2) | 10-14 (3) … 11-06 (20). Extension of 15 approved
    # 10-25 (before 11-06): 11-11 … 11-27 (35). The third party had until 10-28.
    r = clock(
        Received(d(2024, 9, 27)),
        ConsultationStarted(d(2024, 10, 8)),
        ConsultationAnswered(d(2024, 10, 14)),
        ExtensionApproved(d(2024, 10, 25), 15, notified_on=d(2024, 10, 25)),
    )
    assert r.reply_due == d(2024, 11, 27)
    assert r.paused_working_days == 5
    assert r.third_party_reply_due == d(2024, 10, 28)
    without_extension = clock(
        Received(d(2024, 9, 27)), ConsultationStarted(d(2024, 10, 8)), ConsultationAnswered(d(2024, 10, 14))
    )
    assert without_extension.reply_due == d(2024, 11, 6)


def test_unanswered_consultation_is_assumed_to_use_its_15_days():
    # Received 2026-02-12; other agency consulted Tue 02-24, no answer yet: it has until 03-16 (02-25, 26, 27,
    # 28 Sat, 03-02…06, 09…13, 16). Uncounted 02-24 … 03-15; counted 02-13, 02-14 | 03-16 (3) … 04-03 (17),
    # 清明 04-04…06, 04-07 (18) … 04-09 (20).
    r = clock(Received(d(2026, 2, 12)), ConsultationStarted(d(2026, 2, 24), ConsultationKind.OTHER_AGENCY))
    assert r.status == Status.CONSULTING
    assert r.consultations[0].reply_due == d(2026, 3, 16)
    assert r.reply_due == d(2026, 4, 9)
    assert r.paused_working_days == 15
    assert "第三十四条" in r.explanations["other_agency_reply_due"]


def test_late_third_party_answer_pauses_only_until_its_deadline():
    # Sent 09-26; the third party's 15 WD end 10-23 (09-28, 29, 30, 10-09, 10, 11, 13…17, 20…23); it answered
    # 10-31. Uncounted 09-26 … 10-22 (15 WD); counted from 10-23 (1) … 11-19 (20).
    r = clock(
        Received(d(2025, 9, 25)), ConsultationStarted(d(2025, 9, 26)), ConsultationAnswered(d(2025, 10, 31))
    )
    assert r.third_party_reply_due == d(2025, 10, 23)
    assert r.reply_due == d(2025, 11, 19)
    assert r.consultations[0].late
    assert any("第三十二条" in w for w in r.warnings)


# --- fees ----------------------------------------------------------------------------------------------
def test_fee_notice_pauses_the_clock_until_payment():
    # Received 2024-09-27; notice Mon 10-14, paid Thu 10-17: 10-14…10-16 uncounted (3 WD) → 11-04.
    # Payment due 20 WD after 10-14: 10-15 … 11-11.
    events = (Received(d(2024, 9, 27)), FeeNoticeIssued(d(2024, 10, 14)), FeePaid(d(2024, 10, 17)))
    r = clock(*events)
    assert r.fee_payment_due == d(2024, 11, 11)
    assert r.reply_due == d(2024, 11, 4)
    assert clock(*events, fee_pauses_clock=False).reply_due == d(2024, 10, 30)


def test_fee_lapsed_closes_the_application():
    r = clock(Received(d(2024, 9, 27)), FeeNoticeIssued(d(2024, 10, 14)), FeeLapsed(d(2024, 11, 12)))
    assert r.reply_due is None
    assert r.status == Status.FEE_LAPSED
    assert "（六）2" in r.explanations["reply_due"]


def test_fee_cannot_lapse_before_its_due_day():
    with pytest.raises(ClockError, match="尚未届满"):
        clock(Received(d(2024, 9, 27)), FeeNoticeIssued(d(2024, 10, 14)), FeeLapsed(d(2024, 11, 11)))


# --- extension, delay, answers ---------------------------------------------------------------------------
def test_extension_approved_on_the_due_day():
    # 10-29 + 20 WD: 10-30, 10-31, 11-03…07, 11-10…14, 11-17…21, 11-24, 25, 26 = 11-26.
    r = clock(Received(d(2025, 9, 25)), ExtensionApproved(d(2025, 10, 29), 20, notified_on=d(2025, 10, 29)))
    assert r.reply_due == d(2025, 11, 26)
    assert r.statutory_reply_due == d(2025, 11, 26)


def test_extension_without_notice_is_flagged():
    r = clock(Received(d(2025, 9, 25)), ExtensionApproved(d(2025, 10, 20), 5))
    assert any("告知申请人" in w for w in r.warnings)


def test_article_35_delay_sets_the_reply_date():
    r = clock(Received(d(2025, 9, 25)), DelayNotified(d(2025, 10, 20), until=d(2025, 12, 15)))
    assert r.reply_due == d(2025, 12, 15)
    assert r.statutory_reply_due == d(2025, 10, 29)
    assert "第三十五条" in r.explanations["reply_due"]


def test_answered_on_the_spot():
    r = clock(Received(d(2025, 9, 25)), AnsweredOnSpot(d(2025, 9, 25)))
    assert r.reply_due == d(2025, 9, 25)
    assert r.status == Status.ANSWERED_ON_SPOT


def test_answer_in_time_and_late():
    assert clock(Received(d(2025, 9, 25)), Answered(d(2025, 10, 29))).answered_late is False
    assert clock(Received(d(2025, 9, 25)), Answered(d(2025, 10, 30))).answered_late is True


# --- rejections, each naming its rule ---------------------------------------------------------------------
REJECTIONS = [
    pytest.param(
        [
            Received(d(2025, 9, 25)),
            CorrectionRequested(d(2025, 9, 26)),
            CorrectionReceived(d(2025, 10, 9)),
            CorrectionRequested(d(2025, 10, 10)),
        ],
        "第三十条",
        id="second-correction",
    ),
    pytest.param(
        [Received(d(2025, 9, 25)), CorrectionRequested(d(2025, 9, 26)), CorrectionRequested(d(2025, 9, 29))],
        "一次性",
        id="second-correction-before-the-first-is-answered",
    ),
    pytest.param(
        [Received(d(2025, 9, 25)), ExtensionApproved(d(2025, 10, 9), 21)], "第三十三条", id="extension-21"
    ),
    pytest.param(
        [
            Received(d(2025, 9, 25)),
            ExtensionApproved(d(2025, 10, 9), 15),
            ExtensionApproved(d(2025, 10, 10), 10),
        ],
        "不得超过20个工作日",
        id="extensions-adding-up-over-20",
    ),
    pytest.param(
        [Received(d(2025, 9, 25)), ExtensionApproved(d(2025, 10, 9), 10, head_approved=False)],
        "负责人同意",
        id="extension-without-the-heads-consent",
    ),
    pytest.param(
        [Received(d(2025, 9, 25)), ExtensionApproved(d(2025, 10, 30), 10)],
        "第三十三条",
        id="extension-after-expiry",
    ),
    pytest.param(
        [Received(d(2025, 9, 25)), Answered(d(2025, 9, 20))], "第三十一条", id="answer-before-receipt"
    ),
    pytest.param(
        [
            Received(d(2025, 9, 25)),
            ConsultationStarted(d(2025, 10, 15)),
            ExtensionApproved(d(2025, 10, 10), 5),
        ],
        "事件顺序错误",
        id="events-out-of-order",
    ),
    pytest.param(
        [Received(d(2025, 9, 25)), CorrectionReceived(d(2025, 10, 9))], "第三十条", id="correction-unasked"
    ),
    pytest.param(
        [Received(d(2025, 9, 25)), ConsultationAnswered(d(2025, 10, 9))],
        "第三十三条",
        id="answer-without-consultation",
    ),
    pytest.param(
        [Received(d(2025, 9, 25)), CorrectionRequested(d(2025, 9, 26)), ExtensionApproved(d(2025, 10, 9), 5)],
        "第三十条",
        id="extension-while-awaiting-correction",
    ),
    pytest.param(
        [Received(d(2025, 9, 25)), Answered(d(2025, 10, 9)), ExtensionApproved(d(2025, 10, 10), 5)],
        "已答复",
        id="event-after-the-answer",
    ),
    pytest.param(
        [
            Received(d(2025, 9, 25), Channel.INTERNET, confirmed=d(2025, 9, 25)),
            AnsweredOnSpot(d(2025, 9, 25)),
        ],
        "第三十三条第一款",
        id="on-the-spot-answer-needs-an-in-person-application",
    ),
    pytest.param([CorrectionRequested(d(2025, 9, 26))], "收到申请", id="no-receipt"),
]


@pytest.mark.parametrize("events, rule", REJECTIONS)
def test_impossible_sequences_are_rejected_naming_the_rule(events, rule):
    with pytest.raises(ClockError, match=rule):
        compute_clock(events, CAL)


# --- calendar years not maintained --------------------------------------------------------------------
def test_deadline_in_2027_raises_in_chinese():
    with pytest.raises(CalendarNotMaintained, match="2027 年的工作日历尚未维护"):
        clock(Received(d(2026, 12, 20)))


def test_provisional_deadline_is_marked_and_explained():
    # 2026-12-10 (Thu): 12-11, 12-14…18, 12-21…25, 12-28…31 = 15 WD; 2027-01-01 (元旦, fixed date) skipped;
    # 01-04…01-08 → the 20th is Fri 2027-01-08.
    r = clock(Received(d(2026, 12, 10)), provisional=True)
    assert r.provisional and r.provisional_years == (2027,)
    assert r.reply_due == d(2027, 1, 8)
    assert "暂定" in r.explanation and "2027" in r.explanations["provisional"]


def test_maintained_years_are_never_provisional():
    r = clock(Received(d(2025, 9, 25)), provisional=True)
    assert not r.provisional and r.reply_due == d(2025, 10, 29)
