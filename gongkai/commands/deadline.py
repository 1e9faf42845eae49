"""``gongkai deadline``: the statutory dates of one application from its events (DESIGN.md).

    gongkai deadline --received 2025-09-25 [--channel 互联网 --confirmed 2025-09-26]
                     [--correction-requested D] [--correction-received D]
                     [--pause START END]... [--third-party SENT [ANSWERED]]...
                     [--other-agency SENT [ANSWERED]]...
                     [--extension N [--extension-approved D]] [--delay-until D]
                     [--fee-notice D [--fee-paid D | --fee-lapsed D]] [--answered D] [--json]

Options name events; :func:`gongkai.law.clock.order.in_case_order` puts them in the order they
happened (same-day ties by ``SAME_DAY_ORDER``, the rule every caller of the clock shares) and
:func:`gongkai.law.clock.compute_clock` judges them. The counting conventions the help states are
those of spec/domain.md §1.3.2 and of :mod:`gongkai.law.clock.counting`.
"""

from __future__ import annotations

import argparse
import json
import re
import textwrap
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
    in_case_order,
)

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_CONVENTIONS = textwrap.dedent(
    """\
    计算规则（按工作日计算，开始的当日不计入）：
      · 收到申请之日依第三十一条确定（当面：提交之日；邮寄：签收之日；平常信函、互联网、传真：确认之日）。
        收到申请之日是非工作日的，也自该日起算：其后的第一个工作日为第 1 个工作日。
      · 答复期限：自收到申请之日起 20 个工作日（第三十三条第二款）；补正的，自收到补正的申请之日起计算（第三十条）。
      · 补正告知期限：自收到申请之日起 7 个工作日内一次性告知（第三十条）。
      · 征求第三方、其他机关意见所需时间不计算在期限内（第三十三条第三款）：自发出征求意见书之日起，
        至收到答复之日前一日止不计入；同日发出并答复的，不扣除工作日；答复之日照常计入。
        被征求意见方有 15 个工作日（第三十二条、第三十四条），超出部分计入答复期限。
      · 延长答复期限应当经政府信息公开工作机构负责人同意并告知申请人，最长 20 个工作日（第三十三条第二款）；
        告知申请人晚于原答复期限的，予以提示。
      · 第三十五条确定的延迟答复期限应晚于第三十三条规定的期限；不晚于的，予以提示，答复期限不变。
      · 同一日的多个事件按办理顺序排列：收到申请、补正、征求意见（先发出后答复）、延期、延迟答复、收费、答复。
    """
)


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "deadline",
        help="计算依申请公开的法定期限（答复、补正告知、征求意见、缴费）并说明计算过程",
        description="按《政府信息公开条例》第三十–三十五条和工作日历计算一件申请的各项期限。日期格式 YYYY-MM-DD。",
        epilog=_CONVENTIONS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--received",
        metavar="DATE",
        help="申请到达之日（当面提交日、邮寄签收日，或信函/网上/传真到达日）；非工作日也自该日起算",
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
        help="不计入期限的期间：START 停止计算，END 恢复计算（START 至 END 前一日不计入；可重复）",
    )
    p.add_argument(
        "--third-party",
        nargs="+",
        action="append",
        default=[],
        metavar="DATE",
        help="征求第三方意见：发出日 [答复日]（第三十二条，15 个工作日；发出日至答复日前一日不计入；可重复）",
    )
    p.add_argument(
        "--other-agency",
        nargs="+",
        action="append",
        default=[],
        metavar="DATE",
        help="征求其他机关意见：发出日 [答复日]（第三十四条，15 个工作日；发出日至答复日前一日不计入；可重复）",
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
    events: list[object] = [received]
    if args.on_spot:
        events.append(AnsweredOnSpot(received.confirmed or received.on))
    requested = _opt_date(args.correction_requested, "--correction-requested")
    correction_deadline = _opt_date(args.correction_deadline, "--correction-deadline")
    corrected = _opt_date(args.correction_received, "--correction-received")
    if requested is not None or corrected is not None or correction_deadline is not None:
        events.append(CorrectionRequested(requested, correction_deadline))
    if corrected is not None:
        events.append(CorrectionReceived(corrected))
    for start, end in args.pause:
        events.append(Pause(parse_date(start, "--pause"), parse_date(end, "--pause")))
    for option, values, kind in (
        ("--third-party", args.third_party, ConsultationKind.THIRD_PARTY),
        ("--other-agency", args.other_agency, ConsultationKind.OTHER_AGENCY),
    ):
        for i, pair in enumerate(values, start=1):
            if len(pair) > 2:
                raise UsageError(f"{option} 只接受发出日和（可选的）答复日两个日期，收到 {len(pair)} 个")
            party = f"第{i}个" if len(values) > 1 else ""
            events.append(ConsultationStarted(parse_date(pair[0], option), kind, party=party))
            if len(pair) == 2:
                events.append(ConsultationAnswered(parse_date(pair[1], option), party=party, kind=kind))
    if args.extension is not None:
        events.append(
            ExtensionApproved(
                _opt_date(args.extension_approved, "--extension-approved"),
                parse_int(args.extension, "--extension"),
                notified_on=_opt_date(args.extension_notified, "--extension-notified"),
            )
        )
    elif args.extension_approved or args.extension_notified:
        raise UsageError("--extension-approved/--extension-notified 需要同时给出 --extension N")
    if args.delay_until is not None:
        events.append(
            DelayNotified(
                _opt_date(args.delay_notified, "--delay-notified"),
                parse_date(args.delay_until, "--delay-until"),
            )
        )
    fee_notice = _opt_date(args.fee_notice, "--fee-notice")
    if fee_notice is not None:
        events.append(FeeNoticeIssued(fee_notice))
    elif args.fee_paid or args.fee_lapsed:
        raise UsageError("--fee-paid/--fee-lapsed 需要先给出 --fee-notice（收费通知日期）")
    if args.fee_paid and args.fee_lapsed:
        raise UsageError("--fee-paid 与 --fee-lapsed 不能同时给出")
    if args.fee_paid:
        events.append(FeePaid(parse_date(args.fee_paid, "--fee-paid")))
    if args.fee_lapsed:
        events.append(FeeLapsed(parse_date(args.fee_lapsed, "--fee-lapsed")))
    if args.answered:
        events.append(Answered(parse_date(args.answered, "--answered")))
    return in_case_order(events)


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
