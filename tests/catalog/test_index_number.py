"""索引号: the national 20-character format, unique per agency and year, unchanged after publication."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gongkai.catalog import actions as act
from gongkai.catalog import index_number

NATIONAL = re.compile(r"^[0-9A-Z]{9}/\d{4}-\d{5}$")


def test_national_format_and_prefixes(people) -> None:
    assert index_number.national("000014349", date(2018, 1, 2), 222) == "000014349/2018-00222"
    assert index_number.year_month("X", date(2021, 10, 2), 13) == "X/202110-00013"
    with pytest.raises(ValidationError, match="99999"):
        index_number.national("000014349", date(2018, 1, 2), 100000)
    b = people.tree.b
    b.credit_code = "11350582004339255X"
    assert index_number.prefix_of(b) == "004339255"
    assert index_number.prefix_of(people.tree.a) == "000014349"
    assert index_number.prefix_of(people.tree.a, "tongjiju") == "tongjiju"


def test_serials_are_unique_per_year_and_never_change(people) -> None:
    first = people.publish(on=date(2025, 3, 4), title="一")
    second = people.publish(on=date(2025, 3, 5), title="二")
    next_year = people.publish(on=date(2026, 1, 5), title="三", written_on=date(2026, 1, 5))
    numbers = [first.index_number, second.index_number, next_year.index_number]
    assert numbers == ["000014349/2025-00001", "000014349/2025-00002", "000014349/2026-00001"]
    assert all(NATIONAL.match(n) for n in numbers)

    # The agency's code changes, the item is withdrawn, repealed: its 索引号 stays.
    people.tree.a.org_code = "12345678-9"
    people.tree.a.save()
    act.Withdraw(people.clerk, first, reason="内容有误").execute()
    first.refresh_from_db()
    assert first.index_number == "000014349/2025-00001"
    later = people.publish(on=date(2025, 6, 1), title="四")
    assert later.index_number == "123456789/2025-00003"


def test_unknown_format_is_refused(people) -> None:
    rules = act.rules_of(people.tree.a)
    rules.index_format = "nope"
    rules.save()
    with pytest.raises(ValidationError, match="索引号格式"):
        people.publish()
