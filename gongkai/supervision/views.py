"""Pages of the supervising office (政务公开办) under /staff/supervision/.

Every page is about one supervising agency (``code``) and one report year, and asks the permission
layer for ``SUPERVISE_REPORTS`` on that agency: a 主管部门 reaches its own agency and every one
below it; anybody else gets a 404 (the agency's existence as a supervising office is not shown to
them). A subordinate's report opens read-only for whoever may supervise its agency.

- ``dashboard``: each subordinate's status, submission and due dates, overdue flag, error and
  warning counts, a link to its report; reports published outside the system beside them;
- ``dashboard_xlsx``: the same table as a workbook;
- ``aggregate``: the government-wide report — which reports are summed and which are missing,
  the summed tables, and the button that creates/refreshes it (``actions.BuildAggregate``);
- ``outliers``: the cross-agency outliers (``outliers``);
- ``report``: one subordinate's report, read-only.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action, can, roles_in, visible_agencies
from gongkai.annual.models import AnnualReport
from gongkai.law.report import Report
from gongkai.law.rules import RULES
from gongkai.law.validation import validate
from gongkai.reportio.output.html_page import fragment, stylesheet
from gongkai.step_views import run_step

from . import actions as act
from .aggregation import aggregation, parts_for
from .deadlines import due_date, report_year
from .external import external_rows
from .outliers import Subject, other_share, outliers
from .status import current_report, findings_of, status_rows
from .xlsx import dashboard_workbook


def _today() -> date:
    return timezone.localdate()


def _offices(user):
    """Agencies with subordinates that ``user`` may supervise."""
    return (
        visible_agencies(user, Action.SUPERVISE_REPORTS)
        .filter(children__is_active=True)
        .distinct()
        .order_by("level", "name")
    )


def _office(request, code: str, year: int) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None or not can(request.user, Action.SUPERVISE_REPORTS, agency):
        raise Http404("没有找到该主管部门，或您无权查看。")
    if not 2008 <= year <= _today().year:
        raise Http404("年度无效。")
    return agency


def _years(today: date) -> list[int]:
    return list(range(report_year(today), report_year(today) - 5, -1))


def _annual_url(report: AnnualReport | None) -> str:
    """The annual report's own page (gongkai.annual), where it is edited, reviewed and published."""
    return reverse("annual:report", kwargs={"pk": report.pk}) if report is not None else ""


def _context(request, agency: Agency, year: int, page: str, **extra) -> dict:
    return {
        "office": agency,
        "year": year,
        "years": _years(_today()),
        "page": page,
        "offices": list(_offices(request.user)),
        "due": due_date(agency, year),
        **extra,
    }


@login_required
@require_safe
def home(request):
    offices = list(_offices(request.user))
    if not offices:
        raise PermissionDenied("只有主管部门（政务公开办）可以查看下级机关的年度报告报送情况。")
    year = report_year(_today())
    # straight to the office where the person holds the role (the ones below it are reached from there)
    own = [o for o in offices if roles_in(request.user, o)]
    if len(own) == 1 or len(offices) == 1:
        return redirect("supervision:dashboard", code=(own or offices)[0].code, year=year)
    return render(request, "supervision/home.html", {"offices": offices, "year": year})


@login_required
@require_safe
def office(request, code: str):
    """An office's dashboard of the report year whose deadlines run now (the staff home's link)."""
    return dashboard(request, code, report_year(_today()))


@login_required
@require_safe
def dashboard(request, code: str, year: int):
    agency = _office(request, code, year)
    today = _today()
    rows = status_rows(agency, year, today)
    external = external_rows(agency, year)
    counts = {
        "total": len(rows),
        "submitted": sum(1 for r in rows if r.submitted),
        "overdue": sum(1 for r in rows if r.overdue and not r.submitted),
    }
    own = AnnualReport.objects.filter(agency=agency, year=year, kind=AnnualReport.Kind.AGGREGATE).first()
    context = _context(
        request, agency, year, "dashboard", rows=rows, external=external, counts=counts, today=today, own=own
    )
    return render(request, "supervision/dashboard.html", context)


@login_required
@require_safe
def dashboard_xlsx(request, code: str, year: int):
    agency = _office(request, code, year)
    rows = status_rows(agency, year, _today())
    title = f"{agency.name}下级机关{year}年度政府信息公开工作年度报告报送情况"
    body = dashboard_workbook(title, rows, external_rows(agency, year))
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="supervision-{agency.code}-{year}.xlsx"'
    return response


TABLE_RULES = ("T2-", "T3-", "T4-", "S-05")


class BuildAggregateForm(forms.Form):
    heading = "生成或刷新汇总年度报告"
    reason = forms.CharField(label="说明（可选）", max_length=200, required=False)
    redraft = forms.BooleanField(label="按汇总后的数据重新起草正文（覆盖已编辑的正文）", required=False)

    def __init__(self, *args, actor=None, agency=None, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor, self.agency, self.year = actor, agency, year

    def build(self) -> act.BuildAggregate:
        data = self.cleaned_data
        return act.BuildAggregate(
            self.actor, self.agency, self.year, redraft=data["redraft"], reason=data["reason"]
        )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def aggregate(request, code: str, year: int):
    agency = _office(request, code, year)

    def page(failed=None, status=200):
        parts = parts_for(agency, year)
        result = aggregation(agency, year, parts)
        existing = AnnualReport.objects.filter(
            agency=agency, year=year, kind=AnnualReport.Kind.AGGREGATE
        ).first()
        if existing is not None:  # the report itself: its text, hand-set cells, snapshot once approved
            report = current_report(existing)
            summed = result.parts if result else []
            findings = validate(report, parts=summed, own_report=True) if report else []
        else:  # the sum alone, with no text yet: only the tables' rules apply
            report = result.report if result else None
            findings = validate(report, parts=result.parts) if result else []
            findings = [f for f in findings if f.rule.startswith(TABLE_RULES)]
        context = _context(
            request,
            agency,
            year,
            "aggregate",
            parts=parts,
            report=report,
            existing=existing,
            existing_url=_annual_url(existing),
            form=failed or BuildAggregateForm(),
            body=_official(report),
            css=stylesheet(),
            result=_Findings(findings),
            rules=[RULES[r] for r in sorted({f.rule for f in findings}) if r in RULES],
            narratives=result.narratives if result else {},
        )
        return render(request, "supervision/aggregate.html", context, status=status)

    if request.method == "POST":
        form = BuildAggregateForm(request.POST, actor=request.user, agency=agency, year=year)
        done = reverse("supervision:aggregate", kwargs={"code": agency.code, "year": year})
        return run_step(request, form, page=page, reread_page=page, done=done)
    return page()


@login_required
@require_safe
def outliers_page(request, code: str, year: int):
    agency = _office(request, code, year)
    rows = status_rows(agency, year, _today())
    external = external_rows(agency, year)
    subjects = [
        Subject(r.agency.name, r.overdue and not r.submitted, r.law_report, r.previous, tuple(r.findings))
        for r in rows
    ]
    subjects += [
        Subject(e.agency, report=e.report(), source=e.source, error_counts=tuple(e.errors_by_rule.items()))
        for e in external
    ]
    shares = [(s.agency, s.source, other_share(s.report)) for s in subjects if s.report is not None]
    return render(
        request,
        "supervision/outliers.html",
        _context(request, agency, year, "outliers", outliers=outliers(subjects), shares=shares),
    )


@login_required
@require_safe
def report(request, pk: int):
    annual = get_object_or_404(AnnualReport.objects.select_related("agency"), pk=pk)
    if not can(request.user, Action.SUPERVISE_REPORTS, annual.agency):
        raise Http404("没有找到该年度报告，或您无权查看。")
    law_report = current_report(annual)
    findings = findings_of(annual, law_report) if law_report else []
    parent = annual.agency.parent
    back = ""
    if parent is not None and can(request.user, Action.SUPERVISE_REPORTS, parent):
        back = reverse("supervision:dashboard", kwargs={"code": parent.code, "year": annual.year})
    return render(
        request,
        "supervision/report.html",
        {
            "annual": annual,
            "report": law_report,
            "back": back,
            "body": _official(law_report),
            "css": stylesheet(),
            "result": _Findings(findings),
            "rules": [RULES[r] for r in sorted({f.rule for f in findings}) if r in RULES],
        },
    )


def _official(report: Report | None) -> str:
    """The report in the official layout (reportio.output), as the portal shows it."""
    if report is None:
        return ""
    # reportio.output escapes every text it prints (its docstring; the annual app's tests check it)
    return mark_safe(fragment(report))  # noqa: S308


class _Findings:
    """What checker/_findings.html reads: findings, errors, warnings."""

    def __init__(self, findings):
        self.findings = findings
        self.errors = [f for f in findings if f.severity == "E"]
        self.warnings = [f for f in findings if f.severity == "W"]
