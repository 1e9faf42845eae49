"""More hazards of crawled department reports (平潭 财政金融局, 管委会办公室, 行政审批局, 交通与建设局 …).

A 表二 row whose run-together digits have several splits is settled by the figures the report's
own text states for that row (「现行有效行政规范性文件698件，本年制发88件」, 「发布采购信息197批次
涉及金额3601627.4元」), and splits no real table can hold are dropped (this year's newly published
documents outnumbering all published ones; a count of items below zero). Every document here is
written by the test from known numbers.
"""

from __future__ import annotations

from decimal import Decimal

from gongkai.law.formats import FORMAT_2019, FORMAT_2021
from gongkai.reportio import read_report
from gongkai.reportio.checking import check_bytes
from tests.reportio import builders as b

_OVERVIEW = "一、总体情况"


def _page(spec: b.Spec, sentence: str = "") -> bytes:
    text = b.to_flat_text(spec)
    assert _OVERVIEW in text
    return text.replace(_OVERVIEW, _OVERVIEW + sentence, 1).encode()


def _spec_2021(normative: list[object]) -> b.Spec:
    spec = b.make_spec(5, fmt=FORMAT_2021, year=2023)
    spec.table2["行政规范性文件"] = normative
    return spec


def _parse_notes(report, row: str) -> list[str]:
    return [f.message for f in report.notes if f.rule == "PARSE" and row in f.where]


def test_run_together_2021_row_is_split_by_the_figures_the_text_states() -> None:
    spec = _spec_2021([88, 55, 698])
    said = "截至年底，现行有效行政规范性文件698件，本年制发88件、废止55件。"
    report = read_report(_page(spec, said), "page.txt")
    assert report.table2.values["行政规范性文件"] == {
        "本年制发件数": 88,
        "本年废止件数": 55,
        "现行有效件数": 698,
    }
    assert not any(report.is_unreadable("2", "行政规范性文件", c) for c in ("本年制发件数", "现行有效件数"))
    (note,) = _parse_notes(report, "行政规范性文件")
    assert "正文" in note and "88、55、698" in note


def test_two_stated_figures_are_enough_when_they_single_out_one_split() -> None:
    spec = _spec_2021([88, 55, 698])
    report = read_report(_page(spec, "本年制发行政规范性文件88件，现行有效698件。"), "page.txt")
    assert report.table2.values["行政规范性文件"] == {
        "本年制发件数": 88,
        "本年废止件数": 55,
        "现行有效件数": 698,
    }


def test_without_a_statement_the_ambiguous_row_stays_unknown() -> None:
    spec = _spec_2021([88, 55, 698])
    report = read_report(_page(spec), "page.txt")
    row = report.table2.values["行政规范性文件"]
    assert row["本年制发件数"] is None and report.is_unreadable("2", "行政规范性文件", "本年制发件数")
    (note,) = _parse_notes(report, "行政规范性文件")
    assert "无法唯一拆分" in note


def test_figures_of_another_subject_do_not_choose_a_split() -> None:
    # the same figures, but the sentence speaks of information items, not of 规范性文件
    spec = _spec_2021([88, 55, 698])
    said = "全年主动公开政府信息698条，制发通知88件，废止55件。"
    report = read_report(_page(spec, said), "page.txt")
    assert report.table2.values["行政规范性文件"]["现行有效件数"] is None


def test_figures_inside_the_tables_are_not_read_as_the_text() -> None:
    # no narrative at all: the table's own 「…规范性文件…件数8855698」 must not confirm anything
    spec = _spec_2021([88, 55, 698])
    result = check_bytes(_page(spec), "page.txt")
    assert result.report.table2.values["行政规范性文件"]["本年制发件数"] is None


def test_2019_purchase_count_and_amount_are_taken_from_the_text() -> None:
    spec = b.make_spec(7, fmt=FORMAT_2019, year=2020)
    spec.table2["政府集中采购"] = [197, "3601627.4元"]
    said = "四是推进采购信息公开。在政府采购网对采购情况进行全流程公布，全年共发布采购信息197批次涉及金额3601627.4元。"
    report = read_report(_page(spec, said), "page.txt")
    assert report.table2.values["政府集中采购"] == {"采购项目数量": 197, "采购总金额": Decimal("3601627.4")}
    result = check_bytes(_page(spec, said), "page.txt")
    assert not [f for f in result.findings if f.severity == "E"], result.findings


def test_2019_newly_published_cannot_exceed_all_published() -> None:
    # 「3336」: 3|3|36, 3|33|6, 33|3|6 — 33 newly published of 6 in all is no real table
    spec = b.make_spec(8, fmt=FORMAT_2019, year=2020)
    spec.table2["规范性文件"] = [3, 3, 36]
    report = read_report(_page(spec), "page.txt")
    row = report.table2.values["规范性文件"]
    assert row == {"本年新制作数量": None, "本年新公开数量": 3, "对外公开总数量": None}


def test_2019_item_count_cannot_fall_below_zero() -> None:
    # 「5-120」: 5|-1|20 or 5|-12|0, and 5 items less 12 is no count
    spec = b.make_spec(9, fmt=FORMAT_2019, year=2020)
    spec.table2["行政处罚"] = [5, -1, 20]
    report = read_report(_page(spec), "page.txt")
    assert report.table2.values["行政处罚"] == {"上一年项目数量": 5, "本年增/减": -1, "处理决定数量": 20}
