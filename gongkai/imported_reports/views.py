"""Pages under /staff/imports/: upload, batches with progress, each file's findings and tables,
the province-wide table per year and its XLSX. Only holders of 审核汇总下级机关年度报告
(Action.SUPERVISE_REPORTS) come here, and each office sees only its own imports (not even the
office above it; a sysadmin sees all)."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.agencies.models import Agency, Membership
from gongkai.agencies.permissions import Action, can, is_sysadmin, visible_agencies
from gongkai.law.formats import FORMATS, FormatId
from gongkai.law.rules import rules_for
from gongkai.step_views import run_step

from .checking import check
from .forms import ImportForm
from .models import ImportBatch, ImportedFile
from .summary import TABLE3_TOTALS, province_table, same_agency, total, years_of
from .xlsx import province_workbook

DENIED = "只有主管部门（政务公开办）或评估人员可以导入和查看外部发布的年度报告。"


def offices_of(user) -> list[Agency]:
    """The offices a person imports for: where they hold a role that may supervise reports."""
    own = Agency.objects.filter(pk__in=Membership.objects.filter(user=user).values("agency_id")).order_by(
        "name"
    )
    offices = [a for a in own if can(user, Action.SUPERVISE_REPORTS, a)]
    if not offices and is_sysadmin(user):
        offices = list(visible_agencies(user, Action.SUPERVISE_REPORTS).order_by("name")[:200])
    return offices


def _require_office(user) -> list[Agency]:
    offices = offices_of(user)
    if not offices:
        raise PermissionDenied(DENIED)
    return offices


def _own(user, queryset):
    """An office's imports are its own: not even the office above it sees them (a sysadmin does)."""
    if is_sysadmin(user):
        return queryset
    return queryset.filter(office__in=[o.pk for o in offices_of(user)])


def _files(user):
    return _own(user, ImportedFile.objects.all())


def _batches(user):
    return _own(user, ImportBatch.objects.all())


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def index(request):
    offices = _require_office(request.user)

    def page(failed=None, status=200):
        form = failed or ImportForm(actor=request.user, offices=offices, initial={"office": offices[0]})
        batches = [
            (b, progress(b)) for b in _batches(request.user).select_related("office", "created_by")[:50]
        ]
        context = {
            "form": form,
            "batches": batches,
            "years": years_of(_files(request.user)),
        }
        return render(request, "imported_reports/index.html", context, status=status)

    if request.method != "POST":
        return page()
    form = ImportForm(request.POST, request.FILES, actor=request.user, offices=offices)
    # the list shows the new batch first, with its progress
    return run_step(request, form, page=page, reread_page=page, done="imported_reports:index")


def progress(batch: ImportBatch) -> SimpleNamespace:
    states = list(batch.files.values_list("state", flat=True))
    finished = sum(1 for s in states if s != ImportedFile.State.QUEUED)
    return SimpleNamespace(total=len(states), done=finished, finished=finished == len(states))


@login_required
@require_safe
def batch(request, pk: int):
    _require_office(request.user)
    b = get_object_or_404(_batches(request.user).select_related("office", "created_by"), pk=pk)
    rows = list(b.files.order_by("name", "pk"))
    return render(
        request, "imported_reports/batch.html", {"batch": b, "files": rows, "progress": progress(b)}
    )


@login_required
@require_safe
def batch_status(request, pk: int):
    _require_office(request.user)
    b = get_object_or_404(_batches(request.user), pk=pk)
    p = progress(b)
    return JsonResponse({"total": p.total, "done": p.done, "finished": p.finished})


@login_required
@require_safe
def file(request, pk: int):
    _require_office(request.user)
    f = get_object_or_404(_files(request.user).select_related("office", "batch"), pk=pk)
    context = {
        "file": f,
        "result": SimpleNamespace(
            findings=f.findings,
            errors=[x for x in f.findings if x["severity"] == "E"],
            warnings=[x for x in f.findings if x["severity"] == "W"],
        ),
        "rules": rules_for(x["rule"] for x in f.findings),
        "years": _year_over_year(f),
    }
    if f.state == ImportedFile.State.CHECKED:
        context.update(_tables(f))
    return render(request, "imported_reports/file.html", context)


def _tables(f: ImportedFile) -> dict:
    """The tables as read, drawn by the checker's templates from the kept file."""
    from gongkai.reportio.render import table2_rows, table3_rows, table4_groups

    result, _ = check(f)
    if result.report is None:
        return {}
    report = result.report
    return {
        "report": report,
        "table2": table2_rows(report),
        "table3": table3_rows(report),
        "table4": table4_groups(report),
        "table3_columns": list(report.table3.to_json()["columns"]),
    }


def _year_over_year(f: ImportedFile) -> dict:
    """Every row of 表三 (总计 column) for each year of this agency the office imported, labelled
    as the law's format of this file labels them (2019 reports lack the rows 2021 split)."""
    reports = same_agency(f)
    fmt = FORMATS.get(FormatId(f.format)) if f.format else None
    keys = [(row.key, row.label) for row in fmt.table3_rows] if fmt else []
    rows = [(label, [total((r.result or {}).get("table3"), key) for r in reports]) for key, label in keys]
    return {"files": reports, "rows": rows}


def _year(year: int) -> int:
    if not 2008 <= year <= 2100:
        raise Http404("年度无效。")
    return year


@login_required
@require_safe
def province(request, year: int):
    _require_office(request.user)
    files = _files(request.user)
    lines = province_table(files, _year(year))
    context = {
        "year": year,
        "lines": lines,
        "years": years_of(files),
        "labels": [label for _, label in TABLE3_TOTALS],
    }
    return render(request, "imported_reports/province.html", context)


@login_required
@require_safe
def province_xlsx(request, year: int):
    _require_office(request.user)
    data = province_workbook(year, province_table(_files(request.user), _year(year)))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"{year}年度外部发布年度报告核查汇总表.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"imports-{year}.xlsx\"; filename*=UTF-8''{quote(name)}"
    )
    return response
