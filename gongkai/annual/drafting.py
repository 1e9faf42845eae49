"""The draft text of the six sections, written from the same figures as the tables.

Staff edit it; what they keep is stored in ``AnnualReport.sections``. Section 一 follows 30号文
(主动公开, 依申请公开, 政府信息管理, 平台建设, 监督保障) after the year's 工作要点 the agency tracked;
its figures are the tables' (so N-01 finds the text and the tables agree). Section 六 always
carries the 信息处理费 statement computed from the fee records (30号文: 「收取信息处理费的情况，在此
处专门报告」; rule N-05). Sections 二–四 are the tables and have no text of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from gongkai.law.formats import TABLE4_GROUPS
from gongkai.law.report import TOTAL_COLUMN, Report

from .models import AnnualReport, WorkPoint

PLACEHOLDER = "（请填写）"
FIRST_YEAR_OF_REPORTS = 2008  # the first reports, under the 2007 条例


@dataclass(frozen=True)
class FeeFigures:
    """信息处理费 in the year: notices sent, 元 collected (paid in the year), and applications
    ended because the fee was not paid (表三（六）2)."""

    notices: int = 0
    collected: Decimal = Decimal(0)
    lapsed: int = 0


def fee_figures(agency_ids: list[int], year: int) -> FeeFigures:
    from gongkai.applications.models import Application, CaseEvent, EventKind

    events = CaseEvent.objects.filter(application__agency_id__in=agency_ids, on__year=year)
    notices = events.filter(kind=EventKind.FEE_NOTICE).values("application").distinct().count()
    paid_ids = events.filter(kind=EventKind.FEE_PAID).values("application")
    collected = Application.objects.filter(pk__in=paid_ids).aggregate(s=Sum("fee_amount"))["s"] or Decimal(0)
    lapsed = events.filter(kind=EventKind.FEE_LAPSED).values("application").distinct().count()
    return FeeFigures(notices, collected, lapsed)


def _yuan(amount: Decimal) -> str:
    amount = amount.quantize(Decimal("0.01"))
    return str(amount.quantize(Decimal(1))) if amount == amount.to_integral() else str(amount)


def fee_sentence(year: int, fees: FeeFigures) -> str:
    """The §六 statement; ``gongkai.law.narrative.fee_statement`` reads it back (tested)."""
    if not fees.notices and not fees.collected:
        return f"本机关{year}年度依申请提供政府信息，未发出信息处理费收费通知，未收取信息处理费。"
    text = f"本机关{year}年度依据《政府信息公开信息处理费管理办法》共发出收费通知{fees.notices}份，"
    text += f"收取信息处理费{_yuan(fees.collected)}元"
    if fees.lapsed:
        text += f"；申请人逾期未按收费通知要求缴纳费用、不再处理的申请{fees.lapsed}件"
    return text + "。"


def _proactive(agency_id: int, year: int) -> str:
    from gongkai.catalog.figures import proactive_figures

    p = proactive_figures(agency_id, year)
    text = (
        f"截至{year}年12月31日，我单位{year}年度在政府门户网站政务公开专栏主动公开政务信息{p.total}条，"
        f"其中全文电子化达{p.full_text_electronic}条。"
    )
    if p.by_category:
        # 「机构职能类信息1条」, but 「年度工作报告1条」 (the seed report's wording)
        parts = "；".join(
            f"{name}{'' if name.endswith('报告') else '类信息'}{n}条" for name, n in p.by_category.items()
        )
        text += f"在主动公开的信息中，{parts}。"
    return text


def _applications(year: int, report: Report) -> str:
    rows = report.table3.rows
    new, carried = rows["一"][TOTAL_COLUMN] or 0, rows["二"][TOTAL_COLUMN] or 0
    done, forward = rows["三(七)"][TOTAL_COLUMN] or 0, rows["四"][TOTAL_COLUMN] or 0
    if not new and not carried:
        return f"{year}年本机关未收到政府信息公开申请。"
    text = f"{year}年本机关新收政府信息公开申请{new}件"
    if carried:
        text += f"，上年结转{carried}件"
    granted = rows["三(一)"][TOTAL_COLUMN] or 0
    partial = rows["三(二)"][TOTAL_COLUMN] or 0
    text += f"；全年办结{done}件，其中予以公开{granted}件，部分公开{partial}件"
    if forward:
        text += f"；结转下年度继续办理{forward}件"
    return text + "。"


def _supervision(report: Report) -> str:
    cells = report.table4.cells
    reconsideration = cells[4] or 0
    litigation = (cells[9] or 0) + (cells[14] or 0)
    if not reconsideration and not litigation:
        return "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
    return (
        f"本年度因政府信息公开工作被申请{TABLE4_GROUPS[0]}{reconsideration}件，被提起行政诉讼{litigation}件。"
    )


def work_points_text(agency_id: int, year: int) -> str:
    points = WorkPoint.objects.filter(agency_id=agency_id, year=year)
    lines = [f"{i}.{p.title}。{p.progress.strip()}" for i, p in enumerate(points, 1)]
    return "".join(lines)


def draft_sections(annual: AnnualReport, report: Report) -> dict[str, str]:
    """{number: draft text} for the six sections (二–四 empty: they are the tables)."""
    agency, year = annual.agency, annual.year
    name = agency.short_name or agency.name
    parts = [
        f"{year}年，{name}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、"
        f"不公开为例外，政府信息公开工作稳步推进。"
    ]
    numbering = iter("一二三四五六七")
    points = work_points_text(agency.pk, year)
    if points:
        parts.append(f"（{next(numbering)}）{year}年政务公开工作要点落实情况。{points}")
    if annual.kind == AnnualReport.Kind.AGENCY:
        parts.append(f"（{next(numbering)}）主动公开政府信息情况。{_proactive(agency.pk, year)}")
    else:
        parts.append(f"（{next(numbering)}）主动公开政府信息情况。{PLACEHOLDER}")
    parts.append(f"（{next(numbering)}）依申请公开情况。{_applications(year, report)}")
    parts.append(f"（{next(numbering)}）政府信息管理情况。{PLACEHOLDER}")
    parts.append(f"（{next(numbering)}）政府信息公开平台建设情况。{PLACEHOLDER}")
    parts.append(f"（{next(numbering)}）监督保障情况。{_supervision(report)}{PLACEHOLDER}")
    # a government-wide report states the fees of every agency it compiles
    scope = [agency.pk] if annual.kind == AnnualReport.Kind.AGENCY else [agency.pk, *agency.descendant_ids()]
    fees = fee_figures(scope, year)
    return {
        "一": "\n".join(parts),
        "二": "",
        "三": "",
        "四": "",
        "五": f"（一）存在问题。{PLACEHOLDER}\n（二）改进措施。{PLACEHOLDER}",
        "六": fee_sentence(year, fees),
    }
