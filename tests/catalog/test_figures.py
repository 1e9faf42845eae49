"""Table 二 and section 一(二) from the catalog, against counts made by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.catalog import actions as act
from gongkai.catalog.figures import proactive_figures, table2_for
from gongkai.law.formats import FORMAT_2021

T2 = {item.article_item: item for item in FORMAT_2021.table2}
LIFECYCLE = T2["第二十条第（一）项"]
ISSUED, REPEALED, IN_FORCE = LIFECYCLE.columns
RULE, NORMATIVE = LIFECYCLE.rows


def lifecycle(people, kind: str, issued: date, number: str):
    return people.publish(
        on=issued,
        document_kind=kind,
        written_on=issued,
        formed_on=issued,
        document_number=number,
        title=number,
    )


def test_table2_counts_the_lifecycle_at_31_december(people) -> None:
    old = lifecycle(people, "normative", date(2024, 5, 6), "某规〔2024〕1号")
    lifecycle(people, "normative", date(2025, 2, 3), "某规〔2025〕1号")
    repealed = lifecycle(people, "normative", date(2025, 4, 1), "某规〔2025〕2号")
    rule = lifecycle(people, "rule", date(2025, 7, 1), "某令第1号")
    act.Repeal(people.clerk, repealed, on=date(2025, 9, 1), reason="已被新规定替代").execute()
    act.Expire(people.clerk, old, on=date(2026, 1, 31)).execute()  # after the 2025 year end
    withdrawn = lifecycle(people, "normative", date(2025, 8, 1), "某规〔2025〕3号")
    act.Withdraw(people.clerk, withdrawn, reason="误发").execute()
    people.draft(document_kind="normative", title="未发布的规范性文件")
    lifecycle(people, "normative", date(2025, 3, 1), "乙规〔2025〕1号")
    act.SaveStatistics(
        people.clerk, people.tree.a, 2025, licensing=120, penalties=7, enforcement=2, fees="4166.241619"
    ).execute()

    t = table2_for(people.tree.a.pk, 2025)
    # By hand: 2025 normative issued: 某规〔2025〕1号 and 2号, 乙规 = 3; repealed in 2025: 1;
    # in force 31 Dec 2025: old (expired only in 2026), 某规〔2025〕1号, 乙规 = 3. One rule, in force.
    assert t.values[NORMATIVE] == {ISSUED: 3, REPEALED: 1, IN_FORCE: 3}
    assert t.values[RULE] == {ISSUED: 1, REPEALED: 0, IN_FORCE: 1}
    assert t.get("行政许可", T2["第二十条第（五）项"].columns[0]) == 120
    assert t.get("行政处罚", T2["第二十条第（六）项"].columns[0]) == 7
    assert t.get("行政强制", T2["第二十条第（六）项"].columns[0]) == 2
    assert t.get("行政事业性收费", T2["第二十条第（八）项"].columns[0]) == Decimal("4166.241619")

    t24 = table2_for(people.tree.a.pk, 2024)
    assert t24.values[NORMATIVE] == {ISSUED: 1, REPEALED: 0, IN_FORCE: 1}
    assert t24.get("行政许可", T2["第二十条第（五）项"].columns[0]) == 0
    t26 = table2_for(people.tree.a.pk, 2026)
    assert t26.values[NORMATIVE] == {ISSUED: 0, REPEALED: 1, IN_FORCE: 2}
    assert rule.repealed_on is None
    assert table2_for(people.tree.b.pk, 2025).values[NORMATIVE] == {ISSUED: 0, REPEALED: 0, IN_FORCE: 0}


def test_statistics_are_entered_once_per_year_with_who_and_when(people) -> None:
    entry = act.SaveStatistics(
        people.clerk, people.tree.a, 2025, licensing=1, penalties=0, enforcement=0, fees=0
    ).execute()
    entry = act.SaveStatistics(
        people.clerk, people.tree.a, 2025, licensing=2, penalties=0, enforcement=0, fees="9116.36"
    ).execute()
    assert entry.entered_by == people.clerk and entry.history.count() == 2
    with pytest.raises(ValidationError, match="万元"):
        act.SaveStatistics(
            people.clerk, people.tree.a, 2025, licensing=1, penalties=0, enforcement=0, fees="-1"
        ).execute()
    with pytest.raises(ValidationError, match="行政处罚"):
        act.SaveStatistics(
            people.clerk, people.tree.a, 2025, licensing=1, penalties=-3, enforcement=0, fees=0
        ).execute()
    with pytest.raises(PermissionDenied):
        act.SaveStatistics(
            people.other_clerk, people.tree.a, 2025, licensing=1, penalties=0, enforcement=0, fees=0
        ).execute()


def test_proactive_figures_by_category_and_full_text(people) -> None:
    # The seed agency's 2022 shape: 机构职能 1, 财政资金 2, 工作动态 3 … all full text online.
    plan = [
        ("机构职能", True),
        ("财政资金", True),
        ("财政资金", False),
        ("工作动态", True),
        ("工作动态", True),
    ]
    for i, (name, electronic) in enumerate(plan):
        people.publish(
            on=date(2025, 3, 10 + i),
            category=people.category(name),
            full_text_electronic=electronic,
            title=f"信息{i}",
        )
    people.publish(on=date(2024, 12, 31), written_on=date(2024, 12, 30), title="上年的")
    people.publish(disclosure="on_request", disclosure_reason="仅涉及特定对象", title="依申请公开")
    gone = people.publish(title="撤回的")
    act.Withdraw(people.clerk, gone, reason="误发").execute()

    figures = proactive_figures(people.tree.a.pk, 2025)
    assert figures.by_category == {"机构职能": 1, "财政资金": 2, "工作动态": 2}
    assert (figures.total, figures.full_text_electronic) == (5, 4)
    assert proactive_figures(people.tree.b.pk, 2025).total == 0


def test_amounts_are_plain_and_amendments_are_recorded(people) -> None:
    from gongkai.catalog.figures import plain_amount

    assert str(plain_amount(Decimal("100.000000"))) == "100"
    assert str(plain_amount(Decimal("9116.360000"))) == "9116.36"
    assert str(plain_amount(Decimal("0E-6"))) == "0"
    item = lifecycle(people, "normative", date(2025, 2, 3), "某规〔2025〕9号")
    item = act.Amend(people.clerk, item, on=date(2025, 5, 6), reason="根据上位法修订").execute()
    assert (
        item.amended_on == date(2025, 5, 6) and item.history.first().history_change_reason == "根据上位法修订"
    )
    with pytest.raises(ValidationError, match="只有规章和行政规范性文件"):
        act.Amend(people.clerk, people.publish(title="普通信息"), on=date(2025, 5, 6)).execute()


def test_a_document_marked_repealed_without_a_date_is_not_in_force(people) -> None:
    """An imported 规范性文件 whose source page says 废止 but gives no date: the record itself says
    it is no longer in force, so 现行有效件数 does not count it."""
    from gongkai.catalog.actions.importing import ImportPublished

    common = {"document_kind": "normative", "written_on": date(2024, 3, 1), "category": None}
    for number, validity in (("某规〔2024〕7号", "valid"), ("某规〔2024〕8号", "repealed")):
        ImportPublished(
            people.clerk,
            people.tree.a,
            {**common, "title": number, "document_number": number, "validity": validity},
            published_on=date(2024, 3, 2),
        ).execute()
    assert table2_for(people.tree.a.pk, 2024).values[NORMATIVE] == {ISSUED: 2, REPEALED: 0, IN_FORCE: 1}
