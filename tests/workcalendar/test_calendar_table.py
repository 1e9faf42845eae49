"""The calendar table: seeding, get_calendar() and its invalidation, imports, warnings."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.law.calendar import CalendarNotMaintained, chinesecalendar_schedule, default_calendar
from gongkai.law.holiday_notice import HOLIDAY, MAKEUP_WORKDAY, ScheduleError, parse_csv, parse_notice
from gongkai.workcalendar import actions, service
from gongkai.workcalendar.models import CalendarDay, CalendarYear
from gongkai.workcalendar.seed import seed_from_chinesecalendar
from gongkai.workcalendar.status import calendar_warnings

from .notices import NOTICE_2026, NOTICE_2027_SAMPLE

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(CalendarDay.objects.order_by("date").values_list("date", "kind", "name", "note")),
        list(
            CalendarYear.objects.order_by("year").values_list("year", "source", "maintained", "notice_title")
        ),
    )


def test_table_is_seeded_with_every_packaged_year_and_day():
    years, holidays, workdays = chinesecalendar_schedule()
    assert set(CalendarYear.objects.filter(maintained=True).values_list("year", flat=True)) == set(years)
    assert set(range(2004, 2027)) <= set(years)
    assert CalendarYear.objects.get(year=2026).source.startswith("chinesecalendar ")
    calendar = service.get_calendar()
    assert dict(calendar.holidays) == holidays
    assert dict(calendar.makeup_workdays) == workdays
    # Seeded through the import action: history says why (by the system, so no person).
    entry = CalendarDay.history.filter(date=date(2025, 10, 1)).get()
    assert entry.history_user is None and entry.history_change_reason.startswith(
        "随系统安装自 chinesecalendar"
    )


def test_seeding_is_idempotent_and_keeps_staff_edits(sysadmin):
    actions.SaveDay(sysadmin, date(2025, 10, 8), actions.NORMAL, note="测试").execute()
    before = snapshot()
    assert seed_from_chinesecalendar() == []
    assert snapshot() == before


def test_spec_example_through_the_table():
    # spec §1.3.2: received Thu 2025-09-25 → 20 working days → 2025-10-29.
    assert service.get_calendar().add_working_days(date(2025, 9, 25), 20) == date(2025, 10, 29)


def test_a_maintained_calendar_agrees_with_the_packaged_one_on_random_days():
    table, package = service.get_calendar(), default_calendar()
    for start in (
        date(2004, 1, 5),
        date(2012, 9, 28),
        date(2020, 1, 20),
        date(2024, 12, 31),
        date(2026, 6, 18),
    ):
        for n in (1, 7, 20, 40):
            assert table.add_working_days(start, n) == package.add_working_days(start, n)


def test_editing_a_day_changes_deadlines_at_once(sysadmin):
    start = date(2025, 9, 25)
    assert service.get_calendar().add_working_days(start, 20) == date(2025, 10, 29)
    # Say 10-08 became a working day: the 20th working day moves one day earlier.
    actions.SaveDay(sysadmin, date(2025, 10, 8), actions.NORMAL, note="更正").execute()
    assert service.get_calendar().add_working_days(start, 20) == date(2025, 10, 28)
    # And a new holiday on Tue 10-28 pushes it back out.
    actions.SaveDay(sysadmin, date(2025, 10, 28), HOLIDAY, "测试假日").execute()
    assert service.get_calendar().add_working_days(start, 20) == date(2025, 10, 29)
    assert CalendarDay.history.filter(date=date(2025, 10, 8), history_type="-").exists()


def test_a_change_made_elsewhere_invalidates_the_cache(sysadmin):
    """Another process (or the Django admin) saves rows directly; the next call sees it."""
    cached = service.get_calendar()
    assert service.get_calendar() is cached
    CalendarDay.objects.filter(date=date(2025, 10, 8)).first().delete()
    fresh = service.get_calendar()
    assert fresh is not cached and fresh.is_workday(date(2025, 10, 8))
    year = CalendarYear.objects.get(year=2025)
    year.maintained = False
    year.save()
    with pytest.raises(CalendarNotMaintained, match="2025 年的工作日历尚未维护"):
        service.get_calendar().add_working_days(date(2025, 3, 3), 5)


def test_get_calendar_costs_one_query_when_nothing_changed():
    service.get_calendar()
    with CaptureQueriesContext(connection) as queries:
        service.get_calendar()
    assert len(queries) == 1


def test_makeup_day_on_a_weekday_and_unknown_year_are_refused(sysadmin):
    before = snapshot()
    with pytest.raises(ScheduleError, match="本来就是工作日"):
        actions.SaveDay(sysadmin, date(2025, 10, 15), MAKEUP_WORKDAY, "国庆节").execute()
    with pytest.raises(ScheduleError, match="2027 年的工作日历尚未建立"):
        actions.SaveDay(sysadmin, date(2027, 1, 1), HOLIDAY, "元旦").execute()
    assert snapshot() == before


def test_importing_the_2026_notice_reproduces_the_packaged_2026_schedule(sysadmin):
    _, holidays, workdays = chinesecalendar_schedule()
    CalendarDay.objects.filter(date__year=2026).delete()
    CalendarYear.objects.filter(year=2026).delete()
    notice = parse_notice(NOTICE_2026, 2026)
    actions.ImportSchedule(
        sysadmin, 2026, list(notice.days), source="国务院办公厅通知 " + notice.document_number
    ).execute()
    calendar = service.get_calendar()
    assert {d for d in calendar.holidays if d.year == 2026} == {d for d in holidays if d.year == 2026}
    assert {d for d in calendar.makeup_workdays if d.year == 2026} == {d for d in workdays if d.year == 2026}
    record = CalendarYear.objects.get(year=2026)
    assert record.maintained and record.source == "国务院办公厅通知 国办发明电〔2025〕7号"


def test_importing_2027_makes_2027_computable(sysadmin):
    late = date(2026, 12, 15)
    with pytest.raises(CalendarNotMaintained, match="2027"):
        service.get_calendar().add_working_days(late, 20)
    days = list(parse_notice(NOTICE_2027_SAMPLE, 2027).days)
    plan = actions.plan_import(2027, days)
    assert len(plan.added) == 20 and not plan.year_exists
    assert not CalendarYear.objects.filter(year=2027).exists()  # a plan writes nothing
    actions.ImportSchedule(sysadmin, 2027, days, source="测试用 2027 年安排").execute()
    calendar = service.get_calendar()
    # 12-16 … 12-31 hold 12 working days; 01-04 … 01-08 and 01-11 … 01-13 give 8 more (元旦 skipped).
    assert calendar.add_working_days(late, 20) == date(2027, 1, 13)
    assert calendar.is_workday(date(2027, 2, 20)) and not calendar.is_workday(date(2027, 2, 8))


def test_reimport_replaces_the_year_and_reports_the_differences(sysadmin):
    actions.ImportSchedule(
        sysadmin, 2027, list(parse_notice(NOTICE_2027_SAMPLE, 2027).days), source="第一版"
    ).execute()
    corrected = parse_csv(
        "2027-01-01,holiday,元旦\n2027-02-20,makeup_workday,春节\n2027-02-08,holiday,春节", 2027
    )
    plan = actions.ImportSchedule(sysadmin, 2027, corrected, source="更正版").execute()
    assert plan.unchanged == 3 and len(plan.removed) == 17
    assert set(CalendarDay.objects.filter(date__year=2027).values_list("date", flat=True)) == {
        date(2027, 1, 1),
        date(2027, 2, 20),
        date(2027, 2, 8),
    }


def test_a_failure_half_way_through_an_import_changes_nothing(sysadmin, monkeypatch):
    before = snapshot()

    def broken(*args, **kwargs):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(actions, "bulk_create_with_history", broken)
    days = parse_csv("2026-01-01,holiday,元旦\n2026-10-10,makeup_workday,国庆节", 2026)
    with pytest.raises(RuntimeError):
        actions.ImportSchedule(sysadmin, 2026, days, source="测试").execute()
    assert snapshot() == before


def test_a_notice_naming_a_neighbouring_year_day_must_agree_with_that_year(sysadmin):
    before = snapshot()
    # 2022-12-31 (Sat) is already a 元旦 holiday in the seeded 2022: accepted, not duplicated.
    text = "一、元旦：2022年12月31日（周六）至2023年1月2日（周一）放假调休，共3天。"
    plan = actions.plan_import(2023, list(parse_notice(text, 2023).days))
    assert [d.day for d in plan.elsewhere] == [date(2022, 12, 31)]
    # A make-up working day in 2024 the 2024 calendar does not have: refused.
    text = "一、元旦：12月30日（周六）至31日（周日）放假。2024年1月6日（周六）上班。"
    with pytest.raises(ScheduleError, match="属于 2024 年"):
        actions.ImportSchedule(sysadmin, 2023, list(parse_notice(text, 2023).days), source="测试").execute()
    assert snapshot() == before


def test_clerk_may_not_change_the_calendar(clerk):
    before = snapshot()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="维护工作日历"):
        actions.SaveDay(clerk, date(2025, 10, 8), actions.NORMAL).execute()
    with pytest.raises(PermissionDenied):
        actions.ImportSchedule(
            clerk, 2027, list(parse_notice(NOTICE_2027_SAMPLE, 2027).days), source="x"
        ).execute()
    assert snapshot() == before


# --- warnings ------------------------------------------------------------------------------------
def test_warnings_around_november_first(sysadmin):
    assert calendar_warnings(date(2026, 10, 31)) == []
    warnings = calendar_warnings(date(2026, 11, 1))
    assert len(warnings) == 1 and warnings[0].startswith("2027 年工作日历尚未维护")
    actions.ImportSchedule(
        sysadmin, 2027, list(parse_notice(NOTICE_2027_SAMPLE, 2027).days), source="测试"
    ).execute()
    assert calendar_warnings(date(2026, 11, 1)) == []
    assert calendar_warnings(date(2026, 12, 31)) == []


def test_warning_when_the_current_year_is_missing():
    warnings = calendar_warnings(date(2027, 3, 1))
    assert len(warnings) == 1 and warnings[0].startswith("2027 年工作日历尚未维护")
    both = calendar_warnings(date(2027, 11, 2))
    assert [w[:4] for w in both] == ["2027", "2028"]


def test_an_unmaintained_year_warns_even_if_rows_exist():
    CalendarYear.objects.filter(year=2026).update(maintained=False)
    assert calendar_warnings(date(2026, 5, 1))[0].startswith("2026 年工作日历尚未维护")
