"""Staff pages of the 两馆移交包 (/staff/catalog/handover/, URL namespace ``handover``): one
agency's packages, their download, and 「立即生成」 for a chosen month.

Who sees what is the permission layer's: the list and the download need ``Action.VIEW`` on the
package's agency (staff of that agency, or a system administrator), building needs
``Action.EDIT``. A person never sees another agency's packages.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from gongkai.actions import REFUSALS, refusal_text
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action, can, require, visible_agencies

from . import handover
from .actions import BuildHandover, today
from .models import CatalogItem, HandoverPackage
from .public import visible_to_public
from .tasks import previous_month

RECENT_MONTHS = 12


def _agencies(user):
    return visible_agencies(user, Action.VIEW).filter(is_active=True).order_by("name")


def _chosen(request, agencies) -> Agency:
    code = request.GET.get("agency") or request.POST.get("agency")
    if code:
        agency = Agency.objects.filter(code=code, is_active=True).first()
        if agency is None:
            raise Http404("没有这个机关。")
        require(request.user, Action.VIEW, agency)
        return agency
    agency = agencies.first()
    if agency is None:
        raise PermissionDenied("您的账号尚未分配到任何机关，不能查看两馆移交包。请联系系统管理员。")
    return agency


def _recent_months(agency: Agency, now: date) -> list[dict]:
    """The last months that have ended, each with its published items and its package."""
    year, month = previous_month(now)
    months = []
    for _ in range(RECENT_MONTHS):
        months.append((year, month))
        year, month = previous_month(date(year, month, 1))
    first = handover.month_range(*months[-1])[0]
    last = handover.month_range(*months[0])[1]
    counts = {
        (row["y"], row["m"]): row["n"]
        for row in visible_to_public(CatalogItem.objects.filter(agency=agency), now)
        .filter(published_on__range=(first, last))
        .annotate(y=ExtractYear("published_on"), m=ExtractMonth("published_on"))
        .values("y", "m")
        .annotate(n=Count("pk"))
    }
    packages = {(p.year, p.month): p for p in HandoverPackage.objects.filter(agency=agency)}
    return [
        {"year": y, "month": m, "published": counts.get((y, m), 0), "package": packages.get((y, m))}
        for y, m in months
    ]


@login_required
@require_safe
def package_list(request):
    agencies = _agencies(request.user)
    agency = _chosen(request, agencies)
    now = today()
    last_year, last_month = previous_month(now)
    context = {
        "agency": agency,
        "agencies": agencies,
        "packages": HandoverPackage.objects.filter(agency=agency).select_related("built_by"),
        "months": _recent_months(agency, now),
        "can_build": can(request.user, Action.EDIT, agency),
        "default_month": f"{last_year:04d}-{last_month:02d}",
        "max_month": f"{last_year:04d}-{last_month:02d}",
    }
    return render(request, "handover/list.html", context)


@login_required
@require_safe
def download(request, pk: int):
    package = get_object_or_404(HandoverPackage.objects.select_related("agency"), pk=pk)
    require(request.user, Action.VIEW, package)
    try:
        handle = package.file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404("移交包文件不存在，请重新生成。") from None
    name = f"{package.agency.name}-{package.year}年{package.month:02d}月-两馆移交包.zip"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type="application/zip")
    response["X-Content-SHA256"] = package.sha256
    return response


def _parse_month(text: str) -> tuple[int, int] | None:
    try:
        year, month = (int(part) for part in (text or "").split("-"))
    except ValueError:
        return None
    return (year, month) if 1 <= month <= 12 and 1 <= year <= 9999 else None


@login_required
@require_POST
def build(request):
    agency = _chosen(request, _agencies(request.user))
    back = reverse("handover:list") + f"?agency={agency.code}"
    parsed = _parse_month(request.POST.get("month", ""))
    if parsed is None:
        messages.error(request, "请选择要生成的月份（格式：YYYY-MM）。")
        return redirect(back)
    year, month = parsed
    try:
        package = BuildHandover(request.user, agency, year, month).execute()
    except REFUSALS as exc:
        messages.error(request, refusal_text(exc))
        return redirect(back)
    messages.success(
        request, f"已生成{agency.name}{year}年{month}月的两馆移交包：共 {package.item_count} 条信息。"
    )
    return redirect(back)
