"""The clock's statutory loose ends: same-day order, late notices, 第三十五条 dates, 补正 after 办理.

Dates are counted by hand as in test_clock.py (2025: 国庆中秋 10-01…10-08, 09-28 (Sun) and 10-11 (Sat)
work). Received Thu 2025-09-25: 补正 notice due 10-11, reply due 10-29.
"""

import random
from datetime import date as d
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.law.calendar import default_calendar
from gongkai.law.clock import (
    Answered,
    ClockError,
    ConsultationAnswered,
    ConsultationKind,
    ConsultationStarted,
    CorrectionReceived,
    CorrectionRequested,
    DelayNotified,
    ExtensionApproved,
    FeeNoticeIssued,
    Pause,
    Received,
    compute_clock,
)
from gongkai.law.clock.order import SAME_DAY_ORDER, in_case_order

CAL = default_calendar()
RECEIVED = Received(d(2025, 9, 25))


def clock(*events):
    return compute_clock(list(events), CAL)


# --- same-day order (gongkai.law.clock.order) -----------------------------------------------------------
def test_a_letter_sent_and_answered_the_same_day_is_ordered_letter_first_and_removes_nothing():
    answered = ConsultationAnswered(d(2025, 10, 9))
    sent = ConsultationStarted(d(2025, 10, 9))
    events = in_case_order([answered, RECEIVED, sent])
    assert events == [RECEIVED, sent, answered]
    r = compute_clock(events, CAL)
    assert r.reply_due == d(2025, 10, 29) and r.paused_working_days == 0


def test_same_day_events_follow_the_order_a_case_proceeds():
    day = d(2025, 10, 9)
    shuffled = [
        Answered(day),
        ExtensionApproved(day, 5, notified_on=day),
        ConsultationAnswered(day, kind=ConsultationKind.OTHER_AGENCY),
        CorrectionReceived(day),
        ConsultationStarted(day, ConsultationKind.OTHER_AGENCY),
        CorrectionRequested(day),
        RECEIVED,
    ]
    kinds = [type(e) for e in in_case_order(shuffled)]
    assert kinds == [
        Received,
        CorrectionRequested,
        CorrectionReceived,
        ConsultationStarted,
        ConsultationAnswered,
        ExtensionApproved,
        Answered,
    ]
    ranks = [next(i for i, group in enumerate(SAME_DAY_ORDER) if k in group) for k in kinds]
    assert ranks == sorted(ranks)


def test_undated_decisions_come_after_dated_events_and_before_the_answer():
    notice = CorrectionRequested(None)
    extension = ExtensionApproved(None, 5)
    answer = Answered(d(2025, 10, 20))
    corrected = CorrectionReceived(d(2025, 10, 9))
    pause = Pause(d(2025, 10, 13), d(2025, 10, 14))
    assert in_case_order([answer, extension, pause, corrected, notice, RECEIVED]) == [
        RECEIVED,
        notice,
        corrected,
        pause,
        extension,
        answer,
    ]


@st.composite
def dated_cases(draw):
    """A case as it happened: consultations (some sent and answered the same day) and pauses."""
    received = draw(st.dates(min_value=d(2024, 1, 1), max_value=d(2026, 6, 30)))
    events = [Received(received)]
    cursor = received
    for i in range(draw(st.integers(0, 3))):
        sent = cursor + timedelta(days=draw(st.integers(0, 6)))
        answered = sent + timedelta(days=draw(st.integers(0, 3)))
        kind = draw(st.sampled_from(list(ConsultationKind)))
        events += [
            ConsultationStarted(sent, kind, party=str(i)),
            ConsultationAnswered(answered, str(i), kind),
        ]
        cursor = answered
    if draw(st.booleans()):
        events.append(Pause(cursor, cursor + timedelta(days=draw(st.integers(0, 5)))))
    return events


@given(dated_cases(), st.randoms(use_true_random=False))
def test_any_shuffle_of_a_case_put_in_case_order_gives_the_same_dates(events, rnd: random.Random):
    expected = compute_clock(in_case_order(events), CAL)
    shuffled = list(events)
    rnd.shuffle(shuffled)
    again = in_case_order(shuffled)
    got = compute_clock(again, CAL)
    assert (got.reply_due, got.paused_working_days, got.status) == (
        expected.reply_due,
        expected.paused_working_days,
        expected.status,
    )
    assert sorted(got.consultations, key=repr) == sorted(expected.consultations, key=repr)
    assert in_case_order(again) == again


# --- extension notified after the original deadline (第三十三条第二款) ------------------------------------
def test_extension_notified_after_the_original_deadline_is_flagged():
    # Approved 10-28 (before 10-29), told to the applicant 10-30: 10-29 + 10 WD = 10-30, 31, 11-03…07, 10…12.
    r = clock(RECEIVED, ExtensionApproved(d(2025, 10, 28), 10, notified_on=d(2025, 10, 30)))
    assert r.reply_due == d(2025, 11, 12)
    (warning,) = r.warnings
    assert "同意并告知申请人" in warning and "2025-10-30" in warning and "2025-10-29" in warning
    assert "2025-10-30" in r.explanations["warnings"]


@pytest.mark.parametrize("approved", [d(2025, 10, 28), None])
def test_extension_notified_by_the_original_deadline_is_not_flagged(approved):
    assert clock(RECEIVED, ExtensionApproved(approved, 10, notified_on=d(2025, 10, 29))).warnings == ()


def test_undated_approval_notified_late_is_flagged():
    r = clock(RECEIVED, ExtensionApproved(None, 10, notified_on=d(2025, 11, 3)))
    assert any("告知申请人" in w and "2025-11-03" in w for w in r.warnings)


# --- 第三十五条 date not later than the statutory date ----------------------------------------------------
@pytest.mark.parametrize("until", [d(2025, 10, 20), d(2025, 10, 29)])
def test_delay_not_later_than_the_statutory_date_is_a_warning_and_shortens_nothing(until):
    r = clock(RECEIVED, DelayNotified(d(2025, 10, 9), until=until))
    assert r.reply_due == r.statutory_reply_due == d(2025, 10, 29)
    assert r.delay_until == until
    assert any("第三十五条" in w and "不晚于" in w for w in r.warnings)
    assert "不改变答复期限" in r.explanations["reply_due"]


def test_a_later_delay_date_is_not_flagged():
    r = clock(RECEIVED, DelayNotified(d(2025, 10, 9), until=d(2025, 12, 15)))
    assert r.reply_due == d(2025, 12, 15) and r.warnings == ()


# --- 补正 after a consultation or an extension (第三十条 「7个工作日内一次性告知」) ---------------------------
def test_correction_after_a_consultation_within_seven_working_days_is_allowed():
    # Consulted 09-26 → 09-29; notice 09-30 (due 10-11); corrected 10-09 → 20 WD from 10-09 = 11-05.
    # The consultation lies before the restarted clock: it removes nothing.
    r = clock(
        RECEIVED,
        ConsultationStarted(d(2025, 9, 26)),
        ConsultationAnswered(d(2025, 9, 29)),
        CorrectionRequested(d(2025, 9, 30)),
        CorrectionReceived(d(2025, 10, 9)),
    )
    assert r.reply_due == d(2025, 11, 5)
    assert not r.correction_notice_late and r.warnings == ()
    assert r.paused_working_days == 0


def test_correction_while_a_consultation_is_open_keeps_its_pause_after_the_restart():
    # Sent 09-26, answered 10-10; corrected 10-09: restart from 10-09, 10-09 itself not counted anyway,
    # 10-10 counts again → as without the consultation: 11-05.
    r = clock(
        RECEIVED,
        ConsultationStarted(d(2025, 9, 26)),
        CorrectionRequested(d(2025, 9, 30)),
        CorrectionReceived(d(2025, 10, 9)),
        ConsultationAnswered(d(2025, 10, 10)),
    )
    assert r.reply_due == d(2025, 11, 5)
    # answered 10-14 instead: 10-10, 10-11 (Sat, 调休), 10-13 uncounted → 11-05 + 3 WD = 11-10.
    r = clock(
        RECEIVED,
        ConsultationStarted(d(2025, 9, 26)),
        CorrectionRequested(d(2025, 9, 30)),
        CorrectionReceived(d(2025, 10, 9)),
        ConsultationAnswered(d(2025, 10, 14)),
    )
    assert r.reply_due == d(2025, 11, 10)


def test_correction_after_an_extension_restarts_the_extended_period():
    # 11-05 (restarted 20 WD) + 5 WD: 11-06, 07, 10, 11, 12.
    r = clock(
        RECEIVED,
        ExtensionApproved(d(2025, 9, 26), 5, notified_on=d(2025, 9, 26)),
        CorrectionRequested(d(2025, 9, 30)),
        CorrectionReceived(d(2025, 10, 9)),
    )
    assert r.reply_due == d(2025, 11, 12) and r.extension_days == 5


def test_late_correction_after_a_consultation_is_flagged_like_any_late_notice():
    r = clock(
        RECEIVED,
        ConsultationStarted(d(2025, 9, 26)),
        ConsultationAnswered(d(2025, 9, 29)),
        CorrectionRequested(d(2025, 10, 13)),
    )
    assert r.correction_notice_late
    assert any("7 个工作日" in w for w in r.warnings)


@pytest.mark.parametrize(
    "before",
    [DelayNotified(d(2025, 9, 26), until=d(2025, 12, 15)), FeeNoticeIssued(d(2025, 9, 26))],
    ids=["after-a-delay", "after-a-fee-notice"],
)
def test_correction_after_a_delay_or_fee_notice_is_rejected(before):
    with pytest.raises(ClockError, match="第三十条"):
        clock(RECEIVED, before, CorrectionRequested(d(2025, 9, 30)))
