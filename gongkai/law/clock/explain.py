"""Chinese sentences that say how each due date was reached (DESIGN.md: every date explains itself)."""

from __future__ import annotations

from datetime import date, timedelta

from gongkai.law.calendar import WorkCalendar
from gongkai.law.clock.counting import (
    CONSULTATION_DAYS,
    CORRECTION_NOTICE_DAYS,
    FEE_PAYMENT_DAYS,
    ONE_DAY,
    REPLY_DAYS,
)
from gongkai.law.clock.events import Channel, ConsultationKind
from gongkai.law.clock.result import ClockResult, Status

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def day(d: date) -> str:
    return f"{d.isoformat()}（{WEEKDAYS[d.weekday()]}）"


def short(d: date, ref: date) -> str:
    """MM-DD inside the reference year, the full date across a year boundary."""
    return f"{d:%m-%d}" if d.year == ref.year else d.isoformat()


def span(first: date, last: date, ref: date) -> str:
    if first == last:
        return short(first, ref)
    return f"{short(first, ref)} 至 {short(last, ref)}"


def skipped_and_makeup(cal: WorkCalendar, after: date, until: date) -> list[str]:
    """ "跳过…假期 …" and "含调休上班日 …" for the days in (after, until]."""
    parts: list[str] = []
    spans = cal.holiday_spans(after, until)
    if spans:
        named = []
        for s in spans:
            names: dict[str, None] = {}
            d = s.first
            while d <= s.last:
                names[cal.holidays.get(d, "")] = None
                d += timedelta(days=1)
            label = "、".join(n for n in names if n)
            named.append(f"{label}假期 {span(s.first, s.last, after)}")
        parts.append("跳过" + "、".join(named))
    makeups = cal.makeup_days(after, until)
    if makeups:
        parts.append("含调休上班日 " + "、".join(short(d, after) for d in makeups))
    return parts


def counted(cal: WorkCalendar, start: date, n: int, due: date, start_note: str) -> str:
    """ "N 个工作日，自 D+1 起算（start_note），跳过…，含调休上班日…，第 N 个工作日为 …"."""
    parts = [f"{n} 个工作日，自 {(start + timedelta(days=1)).isoformat()} 起算（{start_note}）"]
    parts += skipped_and_makeup(cal, start, due)
    parts.append(f"第 {n} 个工作日为 {day(due)}")
    return "，".join(parts)


_RECEIPT_RULE = {
    Channel.IN_PERSON: "当面提交，以提交之日为收到申请之日（第三十一条第（一）项）",
    Channel.POST_SIGNED: "以邮寄方式提交，以行政机关签收之日为收到申请之日（第三十一条第（二）项）",
    Channel.ORDINARY_LETTER: "以平常信函提交，确认之日为收到申请之日（第三十一条第（二）项）",
    Channel.INTERNET: "通过互联网渠道提交，以双方确认之日为收到申请之日（第三十一条第（三）项）",
    Channel.FAX: "通过传真提交，以双方确认之日为收到申请之日（第三十一条第（三）项）",
}


def explain_result(r: ClockResult) -> dict[str, str]:
    cal = r.calendar
    out: dict[str, str] = {}
    receipt = f"收到申请之日：{day(r.received)}，{_RECEIPT_RULE[r.channel]}"
    if r.channel.needs_confirmation:
        receipt += f"；申请于 {r.arrived.isoformat()} 到达，{r.received.isoformat()} 确认"
    out["received"] = receipt + "。"
    note = counted(cal, r.received, CORRECTION_NOTICE_DAYS, r.correction_notice_due, "收到申请当日不计入")
    line = f"补正告知期限：{r.correction_notice_due.isoformat()}，{note}（第三十条：自收到申请之日起7个工作日内一次性告知）"
    if r.correction_requested:
        if r.correction_requested_on is None:
            line += "；已告知补正，告知日期未记录，未核对 7 个工作日时限"
        elif r.correction_notice_late:
            line += f"；实际于 {r.correction_requested_on.isoformat()} 告知，已逾期"
        else:
            line += f"；已于 {r.correction_requested_on.isoformat()} 告知"
        if r.correction_deadline is not None:
            line += f"，补正期限至 {r.correction_deadline.isoformat()}"
    out["correction_notice_due"] = line + "。"
    out["reply_due"] = _explain_reply(r)
    for c in r.consultations:
        key = "third_party_reply_due" if c.kind is ConsultationKind.THIRD_PARTY else "other_agency_reply_due"
        who = c.kind.value + (f"“{c.party}”" if c.party else "")
        note = counted(cal, c.served, CONSULTATION_DAYS, c.reply_due, "收到征求意见书当日不计入")
        text = f"{who}提出意见期限：{c.reply_due.isoformat()}，{note}（{c.kind.article}）"
        if c.answered is None:
            text += "；尚未答复"
        else:
            text += f"；{c.answered.isoformat()} 答复" + ("，已逾期" if c.late else "")
        out[key] = (out[key] + "\n" if key in out else "") + text + "。"
    if r.fee_payment_due is not None and r.fee_notice_on is not None:
        note = counted(cal, r.fee_notice_on, FEE_PAYMENT_DAYS, r.fee_payment_due, "收到收费通知当日不计入")
        text = f"缴费期限：{r.fee_payment_due.isoformat()}，{note}（收到收费通知次日起20个工作日内缴纳，逾期未缴纳的视为放弃申请）"
        if r.fee_paid_on is not None:
            text += f"；已于 {r.fee_paid_on.isoformat()} 缴纳"
        out["fee_payment_due"] = text + "。"
    for w in r.warnings:
        out.setdefault("warnings", "")
        out["warnings"] += ("\n" if out["warnings"] else "") + f"注意：{w}。"
    if r.provisional:
        years = "、".join(str(y) for y in r.provisional_years)
        out["provisional"] = (
            f"暂定：{years} 年的工作日历尚未维护，本结果按周一至周五并扣除元旦、劳动节、国庆节固定日期假日估算，"
            "未计春节等农历节日与调休；国务院办公厅公布该年度安排后必须重新计算。"
        )
    return out


def _explain_reply(r: ClockResult) -> str:
    cal = r.calendar
    if r.status == Status.ANSWERED_ON_SPOT:
        return f"答复期限：{r.received.isoformat()}，能够当场答复的，应当当场予以答复（第三十三条第一款）；已当场答复。"
    if r.status == Status.FEE_LAPSED:
        return "答复期限：无。申请人逾期未按收费通知要求缴纳费用，视为放弃申请，行政机关不再处理（年报表三（六）2）。"
    if r.statutory_reply_due is None:
        text = "答复期限：尚未起算。已告知补正，答复期限自行政机关收到补正的申请之日起计算（第三十条）"
        if r.correction_deadline is not None:
            text += f"；申请人应于 {r.correction_deadline.isoformat()} 前补正，无正当理由逾期不补正的，视为放弃申请"
        return text + "。"
    due = r.statutory_reply_due
    n = REPLY_DAYS + r.extension_days
    start_note = "收到补正当日不计入" if r.correction_received else "收到申请当日不计入"
    head = f"{REPLY_DAYS} 个工作日（第三十三条第二款）"
    if r.correction_received:
        head += f"，因补正自收到补正的申请之日 {r.correction_received.isoformat()} 重新计算（第三十条）"
    if r.extension_days:
        head += f"，经政府信息公开工作机构负责人同意延长 {r.extension_days} 个工作日（第三十三条第二款），共 {n} 个工作日"
    parts = [head, f"自 {(r.clock_start + ONE_DAY).isoformat()} 起算（{start_note}）"]
    parts += skipped_and_makeup(cal, r.clock_start, due)
    for p in r.pauses:
        if p.resume > p.start:
            what = f"{p.reason}期间 {span(p.start, p.resume - ONE_DAY, r.clock_start)}"
        else:
            what = f"{p.reason}（当日结束）"
        if p.removed:
            parts.append(f"{what} 不计算在期限内（{p.basis}），扣除其中 {p.removed} 个工作日")
        elif p.resume <= p.start:
            parts.append(f"{what}，未扣除工作日")
        elif p.resume <= r.clock_start + ONE_DAY:
            parts.append(f"{what} 不在计算期间内，未扣除工作日")
        elif p.start > due:
            parts.append(f"{what} 开始时期限已届满，未扣除工作日")
        elif any(q is not p and q.removed and q.start < p.resume and p.start < q.resume for q in r.pauses):
            parts.append(f"{what} 与前述不计期间重叠，不重复扣除")
        else:
            parts.append(f"{what} 均为非工作日，未扣除工作日")
    paused = sum(p.removed for p in r.pauses)
    tail = f"计入期限的第 {n} 个工作日为 {day(due)}"
    if paused:
        tail += f"（不计入的 {paused} 个工作日已顺延）"
    parts.append(tail)
    text = "答复期限：" + due.isoformat() + "，" + "，".join(parts)
    if any(p.open for p in r.pauses):
        text += "；仍在进行的不计期间按其最长期限估算，结束后以实际日期重新计算"
    if r.delay_until is not None and r.delay_until > due:
        text += f"。依第三十五条确定延迟答复的合理期限并告知申请人，答复期限为 {day(r.delay_until)}"
    elif r.delay_until is not None:
        text += f"。依第三十五条确定的延迟答复期限 {r.delay_until.isoformat()} 不晚于上述期限，不改变答复期限"
    if r.answered_on is not None:
        text += f"。已于 {r.answered_on.isoformat()} 答复" + ("，已逾期" if r.answered_late else "，在期限内")
    return text + "。"
