"""信息处理费 — 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号), spec/domain.md §3.

第三条 「信息处理费可以按件计收，也可以按量计收，均按照超额累进方式计算收费金额。行政机关对每件申请
可以根据实际情况选择适用其中一种标准，但不得同时按照两种标准重复计算。」

* 按件 (第四条): counted per applicant over a natural month: items 1–10 free, 11–30 100 元/件,
  31–40 200 元/件, and +100 元/件 for every further band of 10 (the common reading of
  「以10件为一档，每增加一档，收费标准提高100元/件」; UNVERIFIED by an official example).
  An application's items are charged at the prices of the positions they occupy in the month, so
  with 8 items already counted, 5 more are positions 9–13: two free, three at 100 元.
* 按量 (第五条): per application: pages 1–30 free, 31–100 10 元/页, 101–200 20 元/页, 201+ 40 元/页.
* Accumulation scope for 按件 is configurable (spec §3, UNVERIFIED): default the same applicant at
  the same agency in the same natural month, counted by applications received.

Money is :class:`~decimal.Decimal`, whole 元.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum


class FeeError(ValueError):
    """Bad input to a fee computation (Chinese message)."""


class FeeMethod(Enum):
    ITEMS = "items"  # 按件计收
    PAGES = "pages"  # 按量计收

    @property
    def label(self) -> str:
        return "按件计收" if self is FeeMethod.ITEMS else "按量计收"

    @property
    def unit(self) -> str:
        return "件" if self is FeeMethod.ITEMS else "页"


ITEM_FREE = 10
ITEM_FIRST_BAND_END = 30
ITEM_FIRST_PRICE = Decimal(100)
ITEM_BAND_WIDTH = 10
ITEM_BAND_STEP = Decimal(100)

# (first page, last page or None, 元/页) — 第五条 tiers.
PAGE_BANDS: tuple[tuple[int, int | None, Decimal], ...] = (
    (1, 30, Decimal(0)),
    (31, 100, Decimal(10)),
    (101, 200, Decimal(20)),
    (201, None, Decimal(40)),
)


@dataclass(frozen=True)
class Band:
    """The part of one statutory band that this application occupies."""

    band_first: int
    band_last: int | None  # None: open-ended top band
    unit_price: Decimal
    first: int  # first position of this application inside the band
    last: int

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    @property
    def subtotal(self) -> Decimal:
        return self.unit_price * self.count

    def to_dict(self) -> dict:
        return {
            "band_from": self.band_first,
            "band_to": self.band_last,
            "from": self.first,
            "to": self.last,
            "count": self.count,
            "unit_price": str(self.unit_price),
            "subtotal": str(self.subtotal),
        }


@dataclass(frozen=True)
class FeeAssessment:
    method: FeeMethod
    quantity: int
    already: int  # items already counted this month before this application (按件 only)
    bands: tuple[Band, ...]

    @property
    def amount(self) -> Decimal:
        return sum((b.subtotal for b in self.bands), Decimal(0))

    def explanation(self) -> str:
        unit = self.method.unit
        head = f"{self.method.label}，本件 {self.quantity} {unit}"
        if self.method is FeeMethod.ITEMS:
            first, last = self.already + 1, self.already + self.quantity
            where = f"第 {first} 件" if first == last else f"第 {first}–{last} 件"
            head += f"；同一申请人本自然月此前已累计 {self.already} 件，本件为{where}"
        lines = []
        for b in self.bands:
            top = f"{b.band_last}" if b.band_last is not None else ""
            band = f"{b.band_first}–{top}{unit}" if top else f"{b.band_first}{unit}以上"
            price = "不收费" if not b.unit_price else f"{b.unit_price} 元/{unit}"
            where = f"第 {b.first} {unit}" if b.first == b.last else f"第 {b.first}–{b.last} {unit}"
            lines.append(f"{band}档（{price}）：{where}，{b.count} {unit}，{b.subtotal} 元")
        basis = (
            "国办函〔2020〕109号 第四条" if self.method is FeeMethod.ITEMS else "国办函〔2020〕109号 第五条"
        )
        return f"{head}；" + "；".join(lines) + f"；合计 {self.amount} 元（超额累进，{basis}）。"

    def to_dict(self) -> dict:
        return {
            "method": self.method.value,
            "amount": str(self.amount),
            "quantity": self.quantity,
            "already": self.already,
            "bands": [b.to_dict() for b in self.bands],
            "explanation": self.explanation(),
        }


def item_unit_price(position: int) -> Decimal:
    """元 for the ``position``-th item counted this month (1-based)."""
    if position <= ITEM_FREE:
        return Decimal(0)
    if position <= ITEM_FIRST_BAND_END:
        return ITEM_FIRST_PRICE
    return ITEM_FIRST_PRICE + ITEM_BAND_STEP * (1 + (position - ITEM_FIRST_BAND_END - 1) // ITEM_BAND_WIDTH)


def _item_band(position: int) -> tuple[int, int]:
    if position <= ITEM_FREE:
        return 1, ITEM_FREE
    if position <= ITEM_FIRST_BAND_END:
        return ITEM_FREE + 1, ITEM_FIRST_BAND_END
    k = (position - ITEM_FIRST_BAND_END - 1) // ITEM_BAND_WIDTH
    first = ITEM_FIRST_BAND_END + 1 + k * ITEM_BAND_WIDTH
    return first, first + ITEM_BAND_WIDTH - 1


def item_fee(items: int, already: int = 0) -> FeeAssessment:
    """按件计收: ``items`` in this application after ``already`` items this month (第四条)."""
    _check_count(items, "件数", minimum=1)
    _check_count(already, "本月已累计件数", minimum=0)
    bands: list[Band] = []
    pos, end = already + 1, already + items
    while pos <= end:
        first, last = _item_band(pos)
        upto = min(last, end)
        bands.append(Band(first, last, item_unit_price(pos), pos, upto))
        pos = upto + 1
    return FeeAssessment(FeeMethod.ITEMS, items, already, tuple(bands))


def page_fee(pages: int) -> FeeAssessment:
    """按量计收: ``pages`` of one application (第五条)."""
    _check_count(pages, "页数", minimum=1)
    bands = []
    for first, last, price in PAGE_BANDS:
        if pages < first:
            break
        upto = pages if last is None else min(last, pages)
        bands.append(Band(first, last, price, first, upto))
    return FeeAssessment(FeeMethod.PAGES, pages, 0, tuple(bands))


def assess(*, items: int | None = None, pages: int | None = None, already: int = 0) -> FeeAssessment:
    """One method per application, never both (第三条)."""
    if items is not None and pages is not None:
        raise FeeError(
            "每件申请只能选择按件或按量一种标准计收，不得同时按照两种标准重复计算（国办函〔2020〕109号 第三条）"
        )
    if items is None and pages is None:
        raise FeeError("请给出件数（按件计收）或页数（按量计收）之一（国办函〔2020〕109号 第三条）")
    if pages is not None:
        if already:
            raise FeeError("按量计收按每件申请的页数计算，不累计本月件数（国办函〔2020〕109号 第五条）")
        return page_fee(pages)
    assert items is not None
    return item_fee(items, already)


def _check_count(value: int, what: str, *, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        need = "正整数" if minimum >= 1 else "非负整数"
        raise FeeError(f"{what}必须是{need}，收到：{value!r}")


# --- accumulation over a natural month (按件) -----------------------------------------------------
class AccumulationScope(Enum):
    SAME_AGENCY = "same_agency"  # default: one agency cannot see another's log
    ALL_AGENCIES = "all_agencies"  # literal reading of 「同一申请人一个自然月内累计申请」


@dataclass(frozen=True)
class CountedApplication:
    """An earlier application of the month, as the fee ledger sees it."""

    applicant: str
    agency: str
    received: date
    items: int


def items_already_counted(
    earlier: Iterable[CountedApplication],
    *,
    applicant: str,
    agency: str,
    received: date,
    scope: AccumulationScope = AccumulationScope.SAME_AGENCY,
) -> int:
    """Items of the same applicant's earlier applications in the natural month of ``received``.

    ``earlier`` holds the applications received before this one (on the same day, the caller
    decides the order by passing only those that came first); later ones never count.
    """
    total = 0
    for app in earlier:
        if app.applicant != applicant or app.received > received:
            continue
        if (app.received.year, app.received.month) != (received.year, received.month):
            continue
        if scope is AccumulationScope.SAME_AGENCY and app.agency != agency:
            continue
        total += app.items
    return total
