"""T4-01 (a group's sum), T4-04 (every cell an integer ≥ 0) and T4-02 (the co-defendant double
count) on synthetic tables."""

from __future__ import annotations

from gongkai.law.report import Report, Table4
from gongkai.law.validation import Table4Case, table4_from_cases, validate

CLEAN = [1, 0, 0, 0, 1, 2, 1, 0, 0, 3, 0, 0, 0, 0, 0]


def _rules(report: Report, **kw) -> list[tuple[str, str]]:
    return [(f.rule, f.where) for f in validate(report, **kw) if f.rule.startswith("T4-")]


def test_blank_cells_are_t4_04_never_t4_01() -> None:
    cells = list(CLEAN)
    cells[1] = None  # 行政复议 结果纠正 left blank (上海 2019 leaves zeros blank)
    table = Table4(cells)
    found = [f for f in validate(Report(table4=table)) if f.rule.startswith("T4-")]
    assert [(f.rule, f.severity, f.where) for f in found] == [("T4-04", "E", "表四 行政复议")]
    assert "结果纠正（空白）" in found[0].message


def test_a_printed_slash_and_a_negative_are_t4_04_and_a_full_group_is_still_summed() -> None:
    table = Table4(list(CLEAN))
    table.set(6, None, "/")
    table.set(10, -1)
    table.set(14, -1)
    found = {(f.rule, f.where): f.message for f in validate(Report(table4=table)) if f.rule.startswith("T4-")}
    assert "「/」" in found["T4-04", "表四 行政诉讼（未经复议直接起诉）"]
    assert "负数-1" in found["T4-04", "表四 行政诉讼（复议后起诉）"]
    # the last group is read whole (-1+0+0+0 = -1): its sum holds, so no T4-01
    assert not [k for k in found if k[0] == "T4-01"]


def test_t4_01_only_for_a_group_whose_cells_are_all_read() -> None:
    cells = list(CLEAN)
    cells[4] = 5
    cells[9] = None
    report = Report(table4=Table4(cells))
    report.mark_unreadable("4", "", 7)
    assert _rules(report) == [
        ("T4-01", "表四 行政复议·总计"),
        ("T4-04", "表四 行政诉讼（未经复议直接起诉）"),
    ]


def test_unreadable_cells_are_neither_blank_nor_summed() -> None:
    report = Report(table4=Table4([None] * 5 + CLEAN[5:]))
    for i in range(5):
        report.mark_unreadable("4", "", i)
    assert _rules(report) == []


def test_t4_02_only_for_the_codefendant_double_count() -> None:
    cases = [
        Table4Case("litigation_direct", "结果维持"),
        Table4Case("litigation_after_reconsideration", "结果维持"),
        Table4Case("litigation_after_reconsideration", "结果维持", as_reconsideration_body=True),
    ]
    right = table4_from_cases(cases)
    assert right.cells[10:15] == [1, 0, 0, 0, 1]
    assert _rules(Report(table4=right), cases=cases) == []
    twice = table4_from_cases(cases, count_codefendant=True)
    found = [f for f in validate(Report(table4=twice), cases=cases) if f.rule == "T4-02"]
    assert [f.where for f in found] == [
        "表四 行政诉讼（复议后起诉）·结果维持",
        "表四 行政诉讼（复议后起诉）·总计",
    ]
    assert "共同被告" in found[0].message and "应为1件" in found[0].message
    # a number that differs from the records for another reason is not the double count
    other = right.copy()
    other.cells[5:10] = [3, 0, 0, 0, 3]
    assert not [f for f in validate(Report(table4=other), cases=cases) if f.rule == "T4-02"]
    # without co-defendant cases there is nothing to count twice
    plain = cases[:2]
    assert not [f for f in validate(Report(table4=other), cases=plain) if f.rule == "T4-02"]
