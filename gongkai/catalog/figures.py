"""The annual report's figures from the catalog: table 二 and section 一(二) (30号文), each a few
aggregate queries for one agency and year.

Table 二 第（一）项 reads the 规章/行政规范性文件 lifecycle of published items (a withdrawn item —
published in error — is not counted):

- 本年制发件数: issued (``issued_on``) in the year;
- 本年废止件数: ceased to be in force (``repealed_on``: 废止 or 失效) in the year — the flow out of
  现行有效, so 上年现行有效 + 本年制发 − 本年废止 = 本年现行有效;
- 现行有效件数: issued by 31 December and not repealed or expired by then (a record marked
  废止/失效 without a date is not in force) (30号文: 「各项数据核定
  时间点为报告年度的12月31日」), so a later repeal does not change a past year's figure.

第（五）（六）（八）项 come from the agency's :class:`~gongkai.catalog.models.StatisticsEntry`
(zero when none was entered). Labels are those of ``gongkai.law.formats``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q

from gongkai.law.formats import FORMAT_2021
from gongkai.law.report import Table2

from .models import CatalogItem, Disclosure, DocumentKind, State, StatisticsEntry, Validity

_T2 = {item.article_item: item for item in FORMAT_2021.table2}
ITEM_1, ITEM_5, ITEM_6, ITEM_8 = (
    _T2[k] for k in ("第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项")
)
ISSUED, REPEALED, IN_FORCE = ITEM_1.columns
RULE_ROW, NORMATIVE_ROW = ITEM_1.rows
ROW_OF_KIND = {DocumentKind.RULE: RULE_ROW, DocumentKind.NORMATIVE: NORMATIVE_ROW}


def plain_amount(value: Decimal) -> Decimal:
    """万元 without the column's trailing zeros and never in exponent form (100.000000 → 100)."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value


def in_force_q(end: date) -> Q:
    """In force on ``end``: not repealed or expired by then. A record marked 废止/失效 without a
    date (an imported one whose source gave none) is not counted as in force: its 有效性 says it
    ceased, and a figure must not count what the record itself denies."""
    return Q(repealed_on__gt=end) | Q(repealed_on__isnull=True, validity=Validity.VALID)


def table2_for(agency_id: int, year: int) -> Table2:
    table = Table2.zeros(FORMAT_2021)
    start, end = date(year, 1, 1), date(year, 12, 31)
    rows = (
        CatalogItem.objects.filter(
            agency_id=agency_id,
            document_kind__in=list(ROW_OF_KIND),
            state=State.PUBLISHED,
            issued_on__lte=end,
        )
        .values("document_kind")
        .annotate(
            issued=Count("pk", filter=Q(issued_on__gte=start)),
            repealed=Count("pk", filter=Q(repealed_on__gte=start, repealed_on__lte=end)),
            in_force=Count("pk", filter=in_force_q(end)),
        )
        .order_by()
    )
    for row in rows:
        label = ROW_OF_KIND[row["document_kind"]]
        table.set(label, ISSUED, row["issued"])
        table.set(label, REPEALED, row["repealed"])
        table.set(label, IN_FORCE, row["in_force"])

    entry = StatisticsEntry.objects.filter(agency_id=agency_id, year=year).first()
    if entry is not None:
        table.set(ITEM_5.rows[0], ITEM_5.columns[0], entry.licensing)
        table.set(ITEM_6.rows[0], ITEM_6.columns[0], entry.penalties)
        table.set(ITEM_6.rows[1], ITEM_6.columns[0], entry.enforcement)
        table.set(ITEM_8.rows[0], ITEM_8.columns[0], plain_amount(entry.fees))
    return table


@dataclass(frozen=True)
class ProactiveFigures:
    """Section 一(二): items published proactively in the year, by 信息类别, and how many of them
    have their full text online (全文电子化)."""

    year: int
    total: int = 0
    full_text_electronic: int = 0
    by_category: dict[str, int] = field(default_factory=dict)


def published_in(agency_id: int, year: int):
    """Items the agency published proactively in the year and has not withdrawn."""
    return CatalogItem.objects.filter(
        agency_id=agency_id,
        state=State.PUBLISHED,
        disclosure=Disclosure.PROACTIVE,
        published_on__gte=date(year, 1, 1),
        published_on__lte=date(year, 12, 31),
    )


def proactive_figures(agency_id: int, year: int) -> ProactiveFigures:
    items = published_in(agency_id, year)
    totals = items.aggregate(total=Count("pk"), electronic=Count("pk", filter=Q(full_text_electronic=True)))
    by_category = {
        (row["category__name"] or "未分类"): row["n"]
        for row in items.values("category__name", "category__position")
        .annotate(n=Count("pk"))
        .order_by("category__position", "category__name")
    }
    return ProactiveFigures(year, totals["total"], totals["electronic"], by_category)
