"""The public site: each agency's 政府信息公开 column (指南、目录、依申请公开、年报); the catalog's
pages (目录、文件、法定主动公开内容、年报、网上查询) are in :mod:`.pages`."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.law import statute

from . import guide, pages


def home(request):
    agencies = Agency.objects.filter(is_active=True).select_related("parent").order_by("level", "name")
    groups: dict[str, list[Agency]] = {}
    for agency in agencies:
        groups.setdefault(agency.get_level_display(), []).append(agency)
    context = {"groups": groups, "count": len(agencies), "latest": pages.latest_items()}
    return render(request, "portal/home.html", context)


def _agency(code: str) -> Agency:
    return get_object_or_404(Agency.objects.select_related("parent"), code=code, is_active=True)


def _context(agency: Agency, section: str, **extra) -> dict:
    return {"agency": agency, "section": section, "statute": statute, **extra}


def agency_index(request, code: str):
    agency = _agency(code)
    return render(request, "portal/agency.html", _context(agency, "index", office=guide.office_facts(agency)))


def guide_page(request, code: str):
    """The 政府信息公开指南, drawn afresh from the records on every request (always current)."""
    agency = _agency(code)
    today = timezone.localdate()
    rooms, rooms_from = guide.reading_rooms(agency)
    context = _context(
        agency,
        "guide",
        office=guide.office_facts(agency),
        acceptance=guide.acceptance_facts(agency),
        local_scope=guide.local_scope(agency),
        index_prefix=guide.index_prefix(agency),
        channels=guide.application_channels(agency),
        guide=guide,
        organisation=guide.organisation(agency),
        supervisor=guide.supervisor(agency),
        categories=guide.categories(agency),
        metadata=guide.metadata(),
        index_scheme=guide.index_scheme(agency, today),
        new_media=guide.new_media(agency),
        reading_rooms=rooms,
        reading_rooms_from=rooms_from,
        mail_address=guide.mail_address(agency),
        example=guide.sample_deadline(today),
        reply_kinds=guide.reply_kinds(),
        withheld=guide.withheld_grounds(),
        fee_examples=guide.fee_examples(),
        reconsideration_body=guide.reconsideration(agency),
        remedy_laws=guide.remedy_laws(),
        annual=guide.annual_report(agency),
        updated_on=guide.updated_on(agency),
    )
    return render(request, "portal/guide.html", context)


def apply(request, code: str):
    agency = _agency(code)
    context = _context(
        agency,
        "apply",
        acceptance=guide.acceptance_facts(agency),
        channels=guide.application_channels(agency),
        example=guide.sample_deadline(timezone.localdate()),
    )
    return render(request, "portal/apply.html", context)
