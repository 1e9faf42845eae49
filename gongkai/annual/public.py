"""The portal's side of the annual report: the agency's published reports (for the 年报 column),
the public report page /<code>/reports/<year>/ (reportio.output's HTML), its downloads and the
图解 page. The public always reads the version as approved (``AnnualReport.figures``): records
changed after an unlock do not reach the public until the report is approved again."""

from __future__ import annotations

from urllib.parse import quote

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from gongkai.agencies.models import Agency
from gongkai.law.report import Report

from .findings import previous_report
from .models import AnnualReport

DOWNLOAD_CACHE_SECONDS = 24 * 3600
DOWNLOADS = {"docx": "Word 文档", "pdf": "PDF", "xlsx": "Excel 表格", "json": "数据（JSON）"}


def published(agency: Agency):
    return AnnualReport.objects.filter(
        agency=agency, kind=AnnualReport.Kind.AGENCY, published_at__isnull=False
    ).exclude(figures={})


def title_of(agency: Agency, year: int) -> str:
    return f"{agency.name}{year}年政府信息公开工作年度报告"


def report_rows(agency: Agency) -> list[dict]:
    """The system's published reports as rows of the 年报 column (source="system")."""
    return [
        {
            "year": a.year,
            "title": title_of(agency, a.year),
            "url": reverse("portal:annual_report", args=[agency.code, a.year]),
            "published_on": timezone.localtime(a.published_at).date(),
            "source": "system",
        }
        for a in published(agency).only("year", "published_at")
    ]


def _published(code: str, year: int) -> tuple[Agency, AnnualReport, Report]:
    from gongkai.portal.pages import _agency

    agency = _agency(code)
    annual = published(agency).filter(year=year).first()
    if annual is None:
        raise Http404("没有这一年度已公开的年度报告。")
    report = Report.from_json(annual.figures)
    return agency, annual, report


def _previous(annual: AnnualReport) -> Report | None:
    earlier = published(annual.agency).filter(year=annual.year - 1).first()
    if earlier is not None:
        return Report.from_json(earlier.figures)
    return previous_report(annual) if annual.year else None


@require_safe
def report_page(request, code: str, year: int):
    from gongkai.portal.pages import _context
    from gongkai.reportio.output.html_page import fragment, stylesheet

    agency, annual, report = _published(code, year)
    context = _context(
        agency,
        "reports",
        annual=annual,
        title=title_of(agency, year),
        # reportio.output escapes every text it prints (its docstring; tests/annual checks it)
        body=mark_safe(fragment(report)),  # noqa: S308
        css=stylesheet(),
        downloads=DOWNLOADS,
    )
    return render(request, "annual/public_report.html", context)


@require_safe
def download(request, code: str, year: int, fmt: str):
    from gongkai.reportio.output import MEDIA_TYPES, filename, render

    if fmt not in DOWNLOADS:
        raise Http404("没有这种格式。")
    agency, annual, report = _published(code, year)
    # a published version never changes: render it once (a PDF takes a while), not per request
    key = f"annual-download:{annual.pk}:{annual.published_at.timestamp()}:{fmt}"
    data = cache.get(key)
    if data is None:
        data = render(report, fmt, _previous(annual))
        cache.set(key, data, DOWNLOAD_CACHE_SECONDS)
    response = HttpResponse(data, content_type=MEDIA_TYPES[fmt])
    name = filename(report, fmt)
    response["Content-Disposition"] = (
        f"attachment; filename=\"report-{year}.{fmt}\"; filename*=UTF-8''{quote(name)}"
    )
    return response


@require_safe
def graphic(request, code: str, year: int):
    """The 图解 (charts with their tables, compared with last year) inside the portal's frame, the
    scripts served from this site (vendored ECharts, no CDN)."""
    from gongkai.portal.pages import _context
    from gongkai.reportio.output import graphic as charts
    from gongkai.reportio.output.html_page import stylesheet

    agency, annual, report = _published(code, year)
    context = _context(
        agency,
        "reports",
        annual=annual,
        title=title_of(agency, year) + charts.GRAPHIC_SUFFIX,
        # reportio.output escapes what it prints; its data block is JSON that no tag can end
        body=mark_safe(charts.fragment(report, _previous(annual))),  # noqa: S308
        css=stylesheet() + charts.GRAPHIC_CSS,
        scripts=(charts.ECHARTS, charts.SCRIPT),
    )
    return render(request, "annual/public_graphic.html", context)
