"""Chinese sentences that say how each due date was reached (DESIGN.md: every date explains itself)."""

from __future__ import annotations

from datetime import date, timedelta

from gongkai.law.calendar import WorkCalendar

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
