"""Staff pages of the annual report, mounted at /staff/annual/ (namespace ``annual``).

A person sees the reports of the agencies they may view (other agencies' reports are 404); every
change is a step form on the report page, run through ``run_step`` and an action.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from gongkai.actions import REFUSALS, refusal_text
from gongkai.agencies.permissions import Action, can, restrict, visible_agencies
from gongkai.catalog.forms import level_name
from gongkai.law.formats import TABLE3_COLUMNS
from gongkai.law.report import Report, table4_label
from gongkai.step_views import run_step

from . import actions as act
from .building import current_report, money, overridden_cells
from .findings import checked, previous_report
from .forms import INLINE_FORMS, SECTION_FORMS, STEP_FORMS, StartForm, edit_permission, step_forms
from .locks import is_locked
from .models import AnnualReport, PeriodUnlock, WorkPoint
from .rendering import filename_of, render_annual

DOWNLOADS = ("docx", "pdf", "xlsx", "json", "html", "txt")


def _reports(user):
    """The reports of the agencies a person may view, and those a supervising office's role
    reaches (its subordinates' reports, read-only unless another role of theirs allows more)."""
    reports = AnnualReport.objects.select_related("agency")
    return restrict(user, reports) | restrict(user, reports, Action.SUPERVISE_REPORTS)


def _annual(user, pk: int) -> AnnualReport:
    """The report, or 404 for a report the person may not see (another agency's)."""
    return get_object_or_404(_reports(user), pk=pk)


@login_required
@require_safe
def index(request):
    agencies = visible_agencies(request.user, Action.EDIT).order_by("name")
    reports = _reports(request.user).order_by("agency__name", "-year")
    return render(
        request,
        "annual/index.html",
        {"reports": reports, "form": StartForm(agencies=agencies), "can_start": agencies.exists()},
    )


@login_required
@require_POST
def start(request):
    agencies = visible_agencies(request.user, Action.EDIT).order_by("name")
    form = StartForm(request.POST, agencies=agencies)
    if form.is_valid():
        try:
            annual = act.StartReport(
                request.user, form.cleaned_data["agency"], form.cleaned_data["year"]
            ).execute()
        except REFUSALS as exc:
            form.add_error(None, refusal_text(exc))
        else:
            messages.success(request, f"已新建{annual.year}年度报告草稿。")
            return redirect("annual:report", pk=annual.pk)
    reports = _reports(request.user).order_by("agency__name", "-year")
    return render(
        request, "annual/index.html", {"reports": reports, "form": form, "can_start": True}, status=400
    )


# --- the report page ------------------------------------------------------------------------------
def _cell(value) -> str:
    return "空" if value is None else money(value)


def tables_of(report: Report, overrides: dict) -> dict[str, Any]:
    """The three tables as rows of (text, override or None), 已调整 cells with their override."""
    t2 = [
        {
            "item": item.article_item,
            "columns": item.columns,
            "rows": [
                (
                    row,
                    [(_cell(report.table2.get(row, c)), overrides.get(("2", row, c))) for c in item.columns],
                )
                for row in item.rows
            ],
        }
        for item in report.table2.format.table2
    ]
    t3 = [
        (
            row.key,
            row.full_label,
            [
                (_cell(v), overrides.get(("3", row.key, str(c))))
                for c, v in enumerate(report.table3.rows[row.key])
            ],
        )
        for row in report.table3.format.table3_rows
    ]
    t4 = [
        (table4_label(i), _cell(v), overrides.get(("4", "", str(i))))
        for i, v in enumerate(report.table4.cells)
    ]
    return {"table2": t2, "table3": t3, "table3_columns": TABLE3_COLUMNS, "table4": t4}


def _render_report(request, annual: AnnualReport, *, failed=None, status: int = 200) -> HttpResponse:
    user = request.user
    report = current_report(annual)
    overrides = overridden_cells(annual)
    forms = step_forms(annual, user, failed)
    editable = annual.is_editable and can(user, edit_permission(annual), annual)
    context = {
        "annual": annual,
        "report": report,
        "sections": [
            (n, s.template_heading, s.text) for n, s in report.sections.items() if n in ("一", "五", "六")
        ],
        "overrides": list(overrides.values()),
        "checked": checked(annual, report) if not annual.is_frozen else [],
        "section_forms": [f for f in forms if f.name in SECTION_FORMS],
        "forms": [f for f in forms if f.name not in SECTION_FORMS],
        "failed": failed,
        "editable": editable,
        "work_points": WorkPoint.objects.filter(agency_id=annual.agency_id, year=annual.year),
        "reviews": annual.reviews.select_related("reviewer"),
        "waiting_for": level_name(annual.review_level)
        if annual.state == AnnualReport.State.IN_REVIEW
        else "",
        "locked": is_locked(annual.agency_id, annual.year),
        "unlocks": PeriodUnlock.objects.filter(agency_id=annual.agency_id, year=annual.year).select_related(
            "by"
        ),
        "has_previous": previous_report(annual) is not None,
        "history": annual.history.select_related("history_user").order_by("-history_id")[:50],
        "downloads": DOWNLOADS,
        **tables_of(report, overrides),
    }
    return render(request, "annual/report.html", context, status=status)


@login_required
@require_safe
def report(request, pk: int):
    return _render_report(request, _annual(request.user, pk))


@login_required
@require_POST
def step(request, pk: int, name: str):
    annual = _annual(request.user, pk)
    form_class = STEP_FORMS.get(name)
    if form_class is None:
        raise Http404("没有这项操作。")
    form = form_class(request.POST, request.FILES, annual=annual, user=request.user)
    anchor = "#findings" if name in INLINE_FORMS else ""
    return run_step(
        request,
        form,
        page=lambda **kw: _render_report(request, annual, **kw),
        reread_page=lambda **kw: _render_report(request, _annual(request.user, pk), **kw),
        done=reverse("annual:report", args=[annual.pk]) + anchor,
    )


@login_required
@require_safe
def download(request, pk: int, fmt: str):
    annual = _annual(request.user, pk)
    if fmt not in DOWNLOADS:
        raise Http404("没有这种格式。")
    report = current_report(annual)
    data = render_annual(report, fmt, previous_report(annual))
    from gongkai.reportio.output import MEDIA_TYPES

    response = HttpResponse(data, content_type=MEDIA_TYPES[fmt])
    response["Content-Disposition"] = _attachment(filename_of(report, fmt))
    response["Cache-Control"] = "private, no-store"
    return response


def _attachment(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"annual-report.{name.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{quote(name)}"
