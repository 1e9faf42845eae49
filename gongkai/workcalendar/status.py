"""Warnings about calendar years that deadlines will soon need but nobody has loaded."""

from __future__ import annotations

from datetime import date

from .models import CalendarYear

# The State Council usually publishes next year's schedule in late October or November
# (spec/domain.md §6.2); from November on, a missing next year is worth a warning.
WARN_FROM = (11, 1)


def calendar_warnings(today: date, *, may_import: bool = True) -> list[str]:
    """Chinese warnings for the staff home page and the calendar pages; empty when all is well.

    Next year's missing calendar concerns only those who may import it (``may_import``); the
    others hear about the current year alone, and whom to ask.
    """
    maintained = set(
        CalendarYear.objects.filter(maintained=True, year__in=(today.year, today.year + 1)).values_list(
            "year", flat=True
        )
    )
    warnings = []
    if today.year not in maintained:
        ask = (
            f"请在“工作日历”中导入国务院办公厅《关于{today.year}年部分节假日安排的通知》。"
            if may_import
            else "请联系系统管理员或主管部门导入本年度节假日安排。"
        )
        warnings.append(f"{today.year} 年工作日历尚未维护：本年度的答复期限等无法计算。{ask}")
    if may_import and (today.month, today.day) >= WARN_FROM and today.year + 1 not in maintained:
        nxt = today.year + 1
        warnings.append(
            f"{nxt} 年工作日历尚未维护：跨年的法定期限将无法计算。"
            f"国务院办公厅公布《关于{nxt}年部分节假日安排的通知》后，请及时在“工作日历”中导入。"
        )
    return warnings
