"""Back-office pages of the working-day calendar (工作日历)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.permissions import Action, can, require
from gongkai.law.calendar import CalendarNotMaintained
from gongkai.law.holiday_notice import HOLIDAY, MAKEUP_WORKDAY, ScheduleError, parse_csv, parse_notice

from . import actions
from .forms import DayForm, ImportForm
from .models import CalendarDay, CalendarYear
from .service import get_calendar
from .status import calendar_warnings


def _today() -> date:
    return timezone.localdate()


def _common(request) -> dict:
    can_manage = can(request.user, Action.MANAGE_CALENDAR)
    return {
        "warnings": calendar_warnings(_today(), may_import=can_manage),
        "can_manage": can_manage,
        "years": CalendarYear.objects.order_by("-year"),
    }


@login_required
def year_view(request, year: int | None = None):
    require(request.user, Action.VIEW_CALENDAR)
    today = _today()
    if year is None:
        year = today.year
    if not 1900 <= year <= 2200:
        raise Http404("年份超出范围")
    record = CalendarYear.objects.filter(year=year).first()
    days = list(CalendarDay.objects.filter(date__year=year))
    context = {
        **_common(request),
        "year": year,
        "record": record,
        "holidays": [d for d in days if d.kind == HOLIDAY],
        "makeup_days": [d for d in days if d.kind == MAKEUP_WORKDAY],
        "trial": _trial(request),
    }
    return render(request, "workcalendar/year.html", context)


def _trial(request) -> dict | None:
    """试算: N working days after a date, with the calendar's own explanation."""
    raw, n_raw = request.GET.get("start"), request.GET.get("n", "20")
    if not raw:
        return None
    try:
        start = date.fromisoformat(raw)
        n = int(n_raw)
        if not 1 <= n <= 200:
            raise ValueError
    except ValueError:
        return {"error": "请输入有效的日期和 1–200 之间的工作日数。"}
    calendar = get_calendar()
    try:
        due = calendar.add_working_days(start, n)
    except CalendarNotMaintained as exc:
        return {"start": start, "n": n, "error": str(exc)}
    return {"start": start, "n": n, "due": due, "explanation": calendar.describe(start, n, due)}


@login_required
def day_edit(request):
    require(request.user, Action.MANAGE_CALENDAR)
    if request.method == "POST":
        form = DayForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                actions.SaveDay(request.user, d["date"], d["kind"], d["name"], d["note"]).execute()
            except ScheduleError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已保存 {d['date'].isoformat()} 的设置。")
                return redirect(reverse("workcalendar:year", args=[d["date"].year]))
    else:
        initial = {"kind": actions.NORMAL}
        raw = request.GET.get("date")
        if raw:
            try:
                day = date.fromisoformat(raw)
            except ValueError:
                day = None
            if day:
                initial["date"] = day
                row = CalendarDay.objects.filter(date=day).first()
                if row:
                    initial.update(kind=row.kind, name=row.name)
        form = DayForm(initial=initial)
    return render(request, "workcalendar/day_form.html", {**_common(request), "form": form})


@login_required
def import_view(request):
    require(request.user, Action.MANAGE_CALENDAR)
    context = _common(request)
    if request.method != "POST":
        context["form"] = ImportForm(initial={"year": _today().year + 1})
        return render(request, "workcalendar/import.html", context)
    form = ImportForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "workcalendar/import.html", context)
    d = form.cleaned_data
    year = d["year"]
    try:
        if d["input_format"] == ImportForm.FORMAT_CSV:
            days, number, title = parse_csv(d["text"], year), "", ""
        else:
            notice = parse_notice(d["text"], year)
            days, number, title = list(notice.days), notice.document_number, notice.title
        source = d["source"].strip() or (f"国务院办公厅通知 {number}" if number else "")
        if "confirm" in request.POST:
            if not source:
                raise ScheduleError("请填写数据来源（如通知文号）。")
            plan = actions.ImportSchedule(
                request.user,
                year,
                days,
                source=source,
                notice_title=d["notice_title"] or title,
                notice_date=d["notice_date"],
            ).execute()
            messages.success(
                request,
                f"已导入 {year} 年节假日安排：放假 {len(plan.holidays)} 天，调休上班 {len(plan.makeup_workdays)} 天。",
            )
            return redirect(reverse("workcalendar:year", args=[year]))
        plan = actions.plan_import(year, days)
    except ScheduleError as exc:
        form.add_error(None, str(exc))
        return render(request, "workcalendar/import.html", context)
    context.update(
        plan=plan,
        preview={
            "year": year,
            "input_format": d["input_format"],
            "text": d["text"],
            "source": source,
            "notice_title": d["notice_title"] or title,
            "notice_date": d["notice_date"].isoformat() if d["notice_date"] else "",
        },
    )
    return render(request, "workcalendar/import.html", context)
