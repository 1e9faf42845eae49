"""Hazards of crawled department reports, sixth round: 表四 read group by group.

Every document here is written by the test from known numbers; none is a copy of a real page.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.law.formats import FORMAT_2021
from gongkai.reportio.checking import check_bytes
from gongkai.reportio.splitting import table4_group_readings, table4_splits
from tests.reportio import builders as b

RECONSIDERATION = [12, 3, 0, 1, 16]  # two-digit cells: the 15 digits are not one per cell


def _spec(table4: list[int]) -> b.Spec:
    spec = b.make_spec(6, fmt=FORMAT_2021, year=2024)
    zero = [0] * 7
    table = {k: list(zero) for k in FORMAT_2021.table3_keys}
    for key in ("一", "三(一)", "三(七)"):
        table[key] = [2, 1, 0, 0, 0, 0, 3]
    spec.table3 = table
    spec.table4 = table4
    return spec


def _check(table4: list[int]):
    spec = _spec(table4)
    text = b.to_flat_text(spec)
    assert "".join(map(str, table4)) in text
    return check_bytes(text.encode(), "page.txt")


def test_a_wrong_litigation_group_is_read_and_reported_not_blanked() -> None:
    """「12301162100410001」: 2+1+0+0≠4, so no whole-table split fits; every group has one reading."""
    table4 = RECONSIDERATION + [2, 1, 0, 0, 4] + [1, 0, 0, 0, 1]
    result = _check(table4)
    assert result.report.table4.cells == table4
    t4 = [f for f in result.findings if f.rule == "T4-01"]
    assert len(t4) == 1 and "未经复议直接起诉" in t4[0].where and "与总计4不符" in t4[0].message, t4
    assert not [f for f in result.findings if f.rule == "PARSE" and "表四留空" in f.message]


def test_a_wrong_group_with_several_cuts_keeps_its_agreed_cells_and_is_an_arithmetic_error() -> None:
    """「1230116 230019 10001」 run together: the middle run cuts into five cells several ways
    (2|3|0|0|19, 2|30|0|1|9, 23|0|0|1|9), none adding up; the 其他结果 0 is common to all."""
    table4 = RECONSIDERATION + [23, 0, 0, 1, 9] + [1, 0, 0, 0, 1]
    result = _check(table4)
    cells = result.report.table4.cells
    assert cells[:5] == RECONSIDERATION and cells[10:] == [1, 0, 0, 0, 1]
    assert cells[5:10] == [None, None, 0, None, None]
    assert [i for i in range(15) if result.report.is_unreadable("4", "", i)] == [5, 6, 8, 9]
    # unknown is not blank (no T4-04), but the group cannot add up whatever its cells are: T4-01
    assert not [f for f in result.findings if f.rule == "T4-04"], result.findings
    t401 = [f for f in result.findings if f.rule == "T4-01"]
    assert [(f.severity, f.where) for f in t401] == [("E", "表四 行政诉讼（未经复议直接起诉）·总计")]
    assert "无法分开" in t401[0].message
    parse = [f for f in result.findings if f.rule == "PARSE" and f.where == "表四"]
    assert parse and "相同的单元格" in parse[-1].message and "留空" in parse[-1].message


def _cells(chunks: list[str]) -> list[list[int | None]]:
    return [list(g.cells) for g in table4_group_readings(chunks)]


def test_a_group_that_every_reading_agrees_on_is_kept() -> None:
    """When the digits leave two readings of the later groups, the 复议 group common to both stays,
    and of the others every cell the readings agree on."""
    groups = _cells(["1230116", "31004110001"])
    # 3|1|0|0|4 + 1|1|0|0|0|1 … : the 诉讼 groups split in two ways that share their 其他结果 (and
    # the last group's 尚未审结 and 总计)
    assert groups == [RECONSIDERATION, [None, None, 0, None, None], [None, None, 0, 0, 1]]
    assert not any(g.broken for g in table4_group_readings(["1230116", "31004110001"]))


def test_groups_that_cannot_be_read_leave_the_whole_table_unknown() -> None:
    """「1210013 50007 00000」: 12+1+0+0=13 and 1+2+10+0=13 — the 复议 group itself is ambiguous."""
    assert _cells(["1210013", "50007", "00000"])[0][:2] == [None, None]
    assert _cells(["9" * 61]) == [[None] * 5] * 3


def test_a_heading_saying_the_enumeration_comma_as_a_word_is_a_reworded_heading() -> None:
    """「四、政府信息公开行政复议与行政诉讼情况」: the template's items joined by 与, a warning not an error."""
    text = b.to_flat_text(_spec([0] * 15))
    template = "四、政府信息公开行政复议、行政诉讼情况"
    assert text.count(template) == 1
    for word, severity in (("与", "W"), ("及", "W"), ("或", "E")):
        printed = template.replace("复议、", f"复议{word}")
        result = check_bytes(text.replace(template, printed).encode(), "page.txt")
        s01 = [f for f in result.findings if f.rule == "S-01"]
        assert [(f.severity, printed in f.message) for f in s01] == [(severity, True)], (word, s01)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.integers(0, 30), min_size=4, max_size=4), min_size=3, max_size=3))
def test_group_readings_agree_with_a_unique_whole_table_split(groups: list[list[int]]) -> None:
    table = [v for g in groups for v in (*g, sum(g))]
    digits = "".join(map(str, table))
    whole = table4_splits([digits])
    readings = _cells([digits])
    if len(whole) == 1:
        assert readings == [whole[0][0:5], whole[0][5:10], whole[0][10:15]]
    # the true reading is among the preferred ones, so a cell they agree on is the truth
    assert all(v is None or v == table[g * 5 + i] for g, r in enumerate(readings) for i, v in enumerate(r))
