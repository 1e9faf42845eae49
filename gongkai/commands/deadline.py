"""``gongkai deadline``: the statutory dates of one application from its events (DESIGN.md).

    gongkai deadline --received 2025-09-25 [--channel 互联网 --confirmed 2025-09-26]
                     [--correction-requested D] [--correction-received D]
                     [--pause START END]... [--third-party SENT [ANSWERED]]...
                     [--extension N [--extension-approved D]] [--delay-until D]
                     [--fee-notice D [--fee-paid D | --fee-lapsed D]] [--answered D] [--json]

Options name events; the command puts them in date order (same-day ties in the order a case
proceeds) and lets :func:`gongkai.law.clock.compute_clock` judge them. ``--pause START END``:
the clock stops on START and runs again on END (START … END−1 are not counted).
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import date

from gongkai.cli import UsageError
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
    compute_clock,
)

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Same-day order of events, the order in which a case proceeds.
_RANK = {
    Received: 0,
    CorrectionRequested: 1,
    CorrectionReceived: 2,
    ConsultationAnswered: 3,
    ConsultationStarted: 4,
    Pause: 4,
    ExtensionApproved: 5,
    DelayNotified: 6,
    FeeNoticeIssued: 7,
    FeePaid: 8,
    FeeLapsed: 9,
    AnsweredOnSpot: 10,
    Answered: 10,
}


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "deadline",
        help="计算依申请公开的法定期限（答复、补正告知、征求意见、缴费）并说明计算过程",
        description="按《政府信息公开条例》第三十–三十五条和工作日历计算一件申请的各项期限。日期格式 YYYY-MM-DD。",
    )
    p.add_argument(
        "--received", metavar="DATE", help="申请到达之日（当面提交日、邮寄签收日，或信函/网上/传真到达日）"
    )
    p.add_argument(
        "--channel",
        default="当面",
        help="提交方式：当面、邮寄需签收、平常信函、互联网、传真（第三十一条；默认 当面）",
    )
    p.add_argument("--confirmed", metavar="DATE", help="平常信函、互联网、传真提交时与申请人确认之日")
    p.add_argument("--on-spot", action="store_true", help="当场答复（第三十三条第一款）")
    p.add_argument("--correction-requested", metavar="DATE", help="告知补正之日（第三十条）")
    p.add_argument("--correction-deadline", metavar="DATE", help="补正通知给出的补正期限")
    p.add_argument("--correction-received", metavar="DATE", help="收到补正的申请之日：答复期限重新起算")
    p.add_argument(
        "--pause",
        nargs=2,
        action="append",
        default=[],
        metavar=("START", "END"),
        help="不计入期限的期间：START 停止计算，END 恢复计算（可重复）",
    )
    p.add_argument(
        "--third-party",
        nargs="+",
        action="append",
        default=[],
        metavar="DATE",
        help="征求第三方意见：发出日 [答复日]（第三十二条，15 个工作日；可重复）",
    )
    p.add_argument(
        "--other-agency",
        nargs="+",
        action="append",
        default=[],
        metavar="DATE",
        help="征求其他机关意见：发出日 [答复日]（第三十四条，15 个工作日；可重复）",
    )
    p.add_argument("--extension", metavar="N", help="延长答复期限的工作日数（≤20，第三十三条第二款）")
    p.add_argument("--extension-approved", metavar="DATE", help="负责人同意延期之日")
    p.add_argument("--extension-notified", metavar="DATE", help="告知申请人延期之日")
    p.add_argument("--delay-until", metavar="DATE", help="第三十五条确定的延迟答复期限")
    p.add_argument("--delay-notified", metavar="DATE", help="告知申请人延迟答复之日")
    p.add_argument("--fee-notice", metavar="DATE", help="发出收费通知之日")
    p.add_argument("--fee-paid", metavar="DATE", help="缴纳信息处理费之日")
    p.add_argument("--fee-lapsed", metavar="DATE", help="认定逾期未缴费之日")
    p.add_argument(
        "--fee-no-pause", action="store_true", help="收费通知至缴费期间照常计算答复期限（默认暂停）"
    )
    p.add_argument("--answered", metavar="DATE", help="作出答复之日")
    p.add_argument(
        "--provisional", action="store_true", help="工作日历未维护的年份按暂定日历估算（结果标为暂定）"
    )
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(func=run)


def parse_date(text: str, option: str) -> date:
    if not _ISO.match(text or ""):
        raise UsageError(f"{option} 的日期“{text}”格式不对，应为 YYYY-MM-DD（如 2025-09-25）")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} 的日期“{text}”不存在（没有这一天）") from None


def _opt_date(text: str | None, option: str) -> date | None:
    return None if text is None else parse_date(text, option)


def parse_int(text: str, option: str) -> int:
    if not re.fullmatch(r"\d+", text.strip()):
        raise UsageError(f"{option} 应为正整数，收到“{text}”")
    return int(text)


def build_events(args: argparse.Namespace) -> list:
    if not args.received:
        raise UsageError("缺少 --received：请给出收到申请的日期（YYYY-MM-DD）")
    try:
        channel = Channel.parse(args.channel)
    except ClockError as exc:
        raise UsageError(str(exc)) from None
    received = Received(
        parse_date(args.received, "--received"), channel, _opt_date(args.confirmed, "--confirmed")
    )
    dated: list[tuple[date, int, object]] = []

    def add(event, when: date) -> None:
        dated.append((when, _RANK[type(event)], event))

    if args.on_spot:
        add(AnsweredOnSpot(received.confirmed or received.on), received.confirmed or received.on)
    requested = _opt_date(args.correction_requested, "--correction-requested")
    correction_deadline = _opt_date(args.correction_deadline, "--correction-deadline")
    corrected = _opt_date(args.correction_received, "--correction-received")
    undated_correction = None
    if requested is not None:
        add(CorrectionRequested(requested, correction_deadline), requested)
    elif corrected is not None or correction_deadline is not None:
        undated_correction = CorrectionRequested(None, correction_deadline)
    if corrected is not None:
        add(CorrectionReceived(corrected), corrected)
    for start, end in args.pause:
        s, e = parse_date(start, "--pause"), parse_date(end, "--pause")
        add(Pause(s, e), s)
    for option, values, kind in (
        ("--third-party", args.third_party, ConsultationKind.THIRD_PARTY),
        ("--other-agency", args.other_agency, ConsultationKind.OTHER_AGENCY),
    ):
        for i, pair in enumerate(values, start=1):
            if len(pair) > 2:
                raise UsageError(f"{option} 只接受发出日和（可选的）答复日两个日期，收到 {len(pair)} 个")
            party = f"第{i}个" if len(values) > 1 else ""
            sent = parse_date(pair[0], option)
            add(ConsultationStarted(sent, kind, party=party), sent)
            if len(pair) == 2:
                answered = parse_date(pair[1], option)
                add(ConsultationAnswered(answered, party=party, kind=kind), answered)
    tail: list[object] = []  # undated decisions: taken last, before the case ends
    if args.extension is not None:
        days = parse_int(args.extension, "--extension")
        approved = _opt_date(args.extension_approved, "--extension-approved")
        ext = ExtensionApproved(
            approved, days, notified_on=_opt_date(args.extension_notified, "--extension-notified")
        )
        if approved:
            add(ext, approved)
        else:
            tail.append(ext)
    elif args.extension_approved or args.extension_notified:
        raise UsageError("--extension-approved/--extension-notified 需要同时给出 --extension N")
    if args.delay_until is not None:
        notified = _opt_date(args.delay_notified, "--delay-notified")
        delay = DelayNotified(notified, parse_date(args.delay_until, "--delay-until"))
        if notified:
            add(delay, notified)
        else:
            tail.append(delay)
    fee_notice = _opt_date(args.fee_notice, "--fee-notice")
    if fee_notice is not None:
        add(FeeNoticeIssued(fee_notice), fee_notice)
    elif args.fee_paid or args.fee_lapsed:
        raise UsageError("--fee-paid/--fee-lapsed 需要先给出 --fee-notice（收费通知日期）")
    if args.fee_paid and args.fee_lapsed:
        raise UsageError("--fee-paid 与 --fee-lapsed 不能同时给出")
    if args.fee_paid:
        paid = parse_date(args.fee_paid, "--fee-paid")
        add(FeePaid(paid), paid)
    if args.fee_lapsed:
        lapsed = parse_date(args.fee_lapsed, "--fee-lapsed")
        add(FeeLapsed(lapsed), lapsed)
    if args.answered:
        answered = parse_date(args.answered, "--answered")
        add(Answered(answered), answered)
    dated.sort(key=lambda t: (t[0], t[1]))
    events: list[object] = [received]
    ending = [e for _, _, e in dated if isinstance(e, Answered | FeeLapsed | AnsweredOnSpot)]
    for _, _, event in dated:
        if event in ending:
            continue
        if undated_correction is not None and isinstance(event, CorrectionReceived):
            events.append(undated_correction)
            undated_correction = None
        events.append(event)
    if undated_correction is not None:
        events.append(undated_correction)
    return events + tail + ending


def run(args: argparse.Namespace) -> int:
    events = build_events(args)
    try:
        result = compute_clock(
            events, default_calendar(), fee_pauses_clock=not args.fee_no_pause, provisional=args.provisional
        )
    except CalendarNotMaintained as exc:
        raise UsageError(f"{exc}（如需暂定结果，可加 --provisional）") from None
    except ClockError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0
    rows = [
        ("收到申请之日", result.received),
        ("补正告知期限", result.correction_notice_due),
        ("答复期限", result.reply_due),
        ("第三方意见期限", result.third_party_reply_due),
        ("缴费期限", result.fee_payment_due),
    ]
    print(f"状态：{result.status}" + ("（暂定）" if result.provisional else ""))
    for label, value in rows:
        if value is not None:
            print(f"{label}：{value.isoformat()}")
        elif label == "答复期限":
            print(f"{label}：无（{result.status}）")
    print()
    print(result.explanation)
    return 0
