"""信息处理费 (国办函〔2020〕109号 第三–五条), spec §3."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.law.fees import (
    AccumulationScope,
    CountedApplication,
    FeeError,
    FeeMethod,
    assess,
    item_fee,
    item_unit_price,
    items_already_counted,
    page_fee,
)


def test_spec_examples():
    # 20×100 + 10×200 + 5×300 and 70×10 + 100×20 + 50×40.
    assert item_fee(45).amount == Decimal("5500")
    assert page_fee(250).amount == Decimal("4700")


def test_amounts_are_decimal():
    assert isinstance(item_fee(45).amount, Decimal)
    assert isinstance(page_fee(250).amount, Decimal)


@pytest.mark.parametrize(
    "items, amount",
    [
        (1, 0),
        (10, 0),  # 1–10 free
        (11, 100),  # first item of the 100 band
        (30, 2000),  # 20 × 100
        (31, 2200),  # + 1 × 200
        (40, 4000),  # + 10 × 200
        (41, 4300),  # + 1 × 300
        (50, 7000),  # + 10 × 300
        (51, 7400),  # + 1 × 400
    ],
)
def test_item_band_boundaries(items, amount):
    assert item_fee(items).amount == Decimal(amount)


@pytest.mark.parametrize(
    "pages, amount",
    [
        (1, 0),
        (30, 0),
        (31, 10),
        (100, 700),  # 70 × 10
        (101, 720),  # + 1 × 20
        (200, 2700),  # + 100 × 20
        (201, 2740),  # + 1 × 40
    ],
)
def test_page_band_boundaries(pages, amount):
    assert page_fee(pages).amount == Decimal(amount)


def test_cumulative_month_charges_only_beyond_ten():
    # 8 items already this month: the 5 new ones are items 9–13; 9 and 10 free, 11–13 at 100 元.
    fee = item_fee(5, already=8)
    assert fee.amount == Decimal("300")
    assert [(b.first, b.last, b.unit_price) for b in fee.bands] == [(9, 10, 0), (11, 13, 100)]
    assert "此前已累计 8 件" in fee.explanation()


def test_bands_describe_the_whole_amount():
    fee = item_fee(45)
    assert [(b.band_first, b.band_last, b.count) for b in fee.bands] == [
        (1, 10, 10),
        (11, 30, 20),
        (31, 40, 10),
        (41, 50, 5),
    ]
    assert sum(b.subtotal for b in fee.bands) == fee.amount
    assert fee.to_dict()["amount"] == "5500"


def test_one_method_per_application():
    with pytest.raises(FeeError, match="第三条"):
        assess(items=3, pages=40)
    with pytest.raises(FeeError, match="第三条"):
        assess()
    assert assess(items=45).method is FeeMethod.ITEMS
    assert assess(pages=250).method is FeeMethod.PAGES


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_counts_must_be_positive_integers(bad):
    with pytest.raises(FeeError):
        item_fee(bad)
    with pytest.raises(FeeError):
        page_fee(bad)


def test_accumulation_default_scope_is_same_applicant_same_agency_same_month():
    earlier = [
        CountedApplication("张三", "市政府办", date(2025, 3, 2), 4),
        CountedApplication("张三", "市政府办", date(2025, 3, 20), 4),
        CountedApplication("张三", "市财政局", date(2025, 3, 5), 6),  # other agency
        CountedApplication("李四", "市政府办", date(2025, 3, 5), 9),  # other applicant
        CountedApplication("张三", "市政府办", date(2025, 2, 27), 9),  # previous month
        CountedApplication("张三", "市政府办", date(2025, 3, 30), 9),  # after this application
    ]
    already = items_already_counted(earlier, applicant="张三", agency="市政府办", received=date(2025, 3, 25))
    assert already == 8
    assert item_fee(5, already).amount == Decimal("300")
    everywhere = items_already_counted(
        earlier,
        applicant="张三",
        agency="市政府办",
        received=date(2025, 3, 25),
        scope=AccumulationScope.ALL_AGENCIES,
    )
    assert everywhere == 14


ITEMS = st.integers(min_value=1, max_value=300)
PAGES = st.integers(min_value=1, max_value=3000)


@given(ITEMS, ITEMS)
def test_item_fee_is_monotonic(a, b):
    a, b = min(a, b), max(a, b)
    assert item_fee(a).amount <= item_fee(b).amount


@given(PAGES, PAGES)
def test_page_fee_is_monotonic(a, b):
    a, b = min(a, b), max(a, b)
    assert page_fee(a).amount <= page_fee(b).amount


@given(st.integers(min_value=1, max_value=299))
def test_item_marginal_price_never_decreases(n):
    marginal = item_fee(n + 1).amount - item_fee(n).amount
    previous = item_fee(n).amount - (item_fee(n - 1).amount if n > 1 else Decimal(0))
    assert marginal >= previous
    assert marginal == item_unit_price(n + 1)


@given(st.integers(min_value=1, max_value=2999))
def test_page_marginal_price_never_decreases(n):
    marginal = page_fee(n + 1).amount - page_fee(n).amount
    previous = page_fee(n).amount - (page_fee(n - 1).amount if n > 1 else Decimal(0))
    assert marginal >= previous


@given(st.integers(min_value=0, max_value=200), ITEMS, ITEMS)
def test_splitting_a_month_into_applications_costs_the_same(already, a, b):
    # Excess-progressive over the month: a then b costs what a + b at once costs.
    assert item_fee(a, already).amount + item_fee(b, already + a).amount == item_fee(a + b, already).amount


@given(ITEMS)
def test_item_fee_matches_the_position_prices(n):
    assert item_fee(n).amount == sum(item_unit_price(k) for k in range(1, n + 1))
