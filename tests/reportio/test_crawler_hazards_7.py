"""Hazards of other crawlers' text, seventh round: splits that cannot add up, glued signs, and one
time budget for every split search of a document.

Every document here is written by the test from known numbers; none is a copy of a real page.
"""

from __future__ import annotations

import random
import time

from gongkai.law.formats import FORMAT_2019, FORMAT_2021
from gongkai.reportio.checking import check_bytes
from tests.reportio import builders as b


def _small_spec(year: int = 2024) -> b.Spec:
    spec = b.make_spec(11, fmt=FORMAT_2021, year=year)
    zero = [0] * 7
    spec.table3 = {k: list(zero) for k in FORMAT_2021.table3_keys}
    for key in ("一", "三(一)", "三(七)"):
        spec.table3[key] = [2, 1, 0, 0, 0, 0, 3]
    spec.table4 = [0] * 15
    return spec


def _check(spec: b.Spec):
    return check_bytes(b.to_flat_text(spec).encode(), "page.txt")


def test_a_row_no_split_of_which_adds_up_is_t3_03_not_only_a_parse_note() -> None:
    """「（一）予以公开21000013」: 2|1|0|0|0|0|13, 21|0|0|0|0|1|3 … — no cut sums to its total."""
    spec = _small_spec()
    spec.table3["三(一)"] = [2, 1, 0, 0, 0, 0, 13]  # a misprinted total
    result = _check(spec)
    t303 = [f for f in result.findings if f.rule == "T3-03"]
    assert [(f.severity, f.where) for f in t303] == [("E", "表三 三(一)「（一）予以公开」·总计")]
    assert "21000013" in t303[0].message and "无法分开" in t303[0].message
    assert result.report.table3.rows["三(一)"] == [None] * 7
    assert all(result.report.is_unreadable("3", "三(一)", c) for c in range(7))
    assert not [f for f in result.findings if f.rule == "T3-04"]  # unknown, not blank


def test_rows_no_choice_of_whose_splits_adds_up_are_t3_02() -> None:
    """「（一）予以公开111000012」 reads 1|11|…, 11|1|… or 1|1|10|…; （七）总计 says 6|6|…: no choice
    makes the results add up to （七）, in columns whose cells are unknown (the validator is silent
    there), so the parser says the table cannot add up."""
    spec = _small_spec()
    spec.table3["一"] = [6, 6, 0, 0, 0, 0, 12]
    spec.table3["三(一)"] = [1, 11, 0, 0, 0, 0, 12]
    spec.table3["三(七)"] = [6, 6, 0, 0, 0, 0, 12]
    result = _check(spec)
    assert result.report.table3.rows["三(一)"] == [None, None, None, 0, 0, 0, 12]  # agreed cells kept
    t302 = [f for f in result.findings if f.rule == "T3-02"]
    assert [(f.severity, f.where) for f in t302] == [("E", "表三 三(七)「（七）总计」")], result.findings
    assert "予以公开" in t302[0].message and "无法分开" in t302[0].message


def test_a_split_the_table_sums_settle_gives_no_arithmetic_finding() -> None:
    """The same ambiguous row beside a （七）总计 that reads one way (「120000021」): the column sums
    pick 1|11|…, and nothing is an error."""
    spec = _small_spec()
    spec.table3["一"] = [1, 20, 0, 0, 0, 0, 21]
    spec.table3["三(一)"] = [1, 11, 0, 0, 0, 0, 12]
    spec.table3["三(二)"] = [0, 9, 0, 0, 0, 0, 9]
    spec.table3["三(七)"] = [1, 20, 0, 0, 0, 0, 21]
    result = _check(spec)
    assert result.report.table3.rows["三(一)"] == [1, 11, 0, 0, 0, 0, 12]
    assert not result.errors, result.errors


def test_2019_signed_changes_glued_to_the_count_are_count_and_change() -> None:
    """「97+82179」 (「16减12」: tests/reportio/test_crawler_hazards_4.py): the sign opens the
    「本年增/减」 cell."""
    spec = b.make_spec(12, fmt=FORMAT_2019, year=2020)
    spec.table2["行政事业性收费"] = ["97+82179"]
    spec.table2["行政处罚"] = ["97+82179"]
    result = check_bytes(b.to_flat_text(spec).encode(), "page.txt")
    t2 = result.report.table2.values
    assert t2["行政事业性收费"] == {"上一年项目数量": 97, "本年增/减": 82179}
    # three columns: the count before the sign is certain, the rest cuts several ways
    assert t2["行政处罚"]["上一年项目数量"] == 97
    assert result.report.is_unreadable("2", "行政处罚", "本年增/减")


def test_an_adversarial_page_returns_within_two_seconds() -> None:
    """Every 表三 row a 35-digit run, 表四 a 59-digit run, 表二 rows of 50 digits: all split
    searches of the document share one budget; what it does not reach stays unknown."""
    rnd = random.Random(7)
    spec = b.make_spec(13, fmt=FORMAT_2021, year=2023)
    for key in spec.table3:
        spec.table3[key] = ["11111" + str(rnd.randint(10**29, 10**30 - 1)), "", "", "", "", "", ""]  # type: ignore[list-item]
    spec.table4 = ["1" * 59]  # type: ignore[list-item]
    for row in spec.table2:
        spec.table2[row] = ["9" * 50]
    text = b.to_flat_text(spec)
    started = time.monotonic()
    result = check_bytes(text.encode(), "page.txt")
    assert time.monotonic() - started < 2.0
    assert result.error is None
    late = [f for f in result.findings if f.rule == "PARSE" and "上限" in f.message]
    assert late and all(f.severity == "W" for f in late)
    assert result.report.is_unreadable("4", "", 0)


def _blank_cells_spec() -> b.Spec:
    spec = b.make_spec(14, fmt=FORMAT_2021, year=2023)
    spec.table3["三(三)1"] = [0, 0, 0, 0, 0, 0, ""]  # type: ignore[list-item]  # a blank 总计
    spec.table3["三(三)2"] = ["", "", "", "", "", "", 0]  # type: ignore[list-item]  # blank parts beside a 0 total
    spec.table2["规章"] = [5, "", 12]
    spec.table4[6] = ""  # type: ignore[call-overload]
    spec.table4[14] = ""  # type: ignore[call-overload]
    return spec


def test_line_break_runs_place_blank_cells_in_every_table() -> None:
    """One cell per line, a blank cell an empty line: the runs of line breaks say where the blank
    cells are, instead of the digits being joined or shifted."""
    spec = _blank_cells_spec()
    result = check_bytes(b.to_cell_lines(spec).encode(), "page.txt")
    report = result.report
    assert report.table3.rows["三(三)1"] == [0, 0, 0, 0, 0, 0, None]
    assert report.table3.rows["三(三)2"] == [None] * 6 + [0]
    assert report.table2.values["规章"] == {"本年制发件数": 5, "本年废止件数": None, "现行有效件数": 12}
    assert report.table4.cells == [None if v == "" else v for v in spec.table4]
    assert not report.unreadable  # blank, not unknown
    blank = {(f.rule, f.where) for f in result.errors}
    assert ("T3-04", "表三 三(三)1「（三）不予公开1.属于国家秘密」") in blank
    assert ("T3-04", "表三 三(三)2「（三）不予公开2.其他法律行政法规禁止公开」") in blank
    assert ("T2-01", "表二「规章」") in blank
    assert {w for r, w in blank if r == "T4-04"} == {
        "表四 行政诉讼（未经复议直接起诉）",
        "表四 行政诉讼（复议后起诉）",
    }
    assert not [f for f in result.findings if f.rule == "T4-01"]
    assert [f for f in result.findings if f.rule == "PARSE" and "空白单元格" in f.message]


def test_a_longer_space_run_in_a_row_line_is_a_blank_cell() -> None:
    spec = _blank_cells_spec()
    result = check_bytes(b.to_cell_lines(spec, " ").encode(), "page.txt")
    assert result.report.table2.values["规章"] == {
        "本年制发件数": 5,
        "本年废止件数": None,
        "现行有效件数": 12,
    }


def test_layout_runs_that_do_not_make_the_row_width_are_not_blank_cells() -> None:
    """Runs that would give too many or too few cells are layout: the chunks are split as before."""
    from gongkai.reportio.splitting import place_blanks

    assert place_blanks(["5", "12"], [1, 2, 1], 3) == ["5", "", "12"]
    assert place_blanks(["5", "12"], [2, 4, 2], 3) == ["5", "", "12"]  # the unit is the shortest run
    assert place_blanks(["5", "12"], [1, 3, 1], 3) is None  # two blanks would make four cells
    assert place_blanks(["5", "12"], [1, 1, 1], 3) is None  # no blank: a run-together row
    assert place_blanks(["5", "12"], [1, None, 1], 3) is None  # a sign or unit boundary
    assert place_blanks(["0"], [7, 1], 7) == [""] * 6 + ["0"]
    assert place_blanks(["0"], [0, 7], 7) is None  # one run alone sets no unit


def test_a_blank_row_label_glued_onto_the_next_heading_is_not_part_of_it() -> None:
    """「…四、结转下年度继续办理四、政府信息公开行政复议、行政诉讼情况行政复议…」: 表三's last row
    printed blank runs into section 四's heading in flat text."""
    spec = _small_spec()
    text = b.to_flat_text(spec)
    fwd = "四、结转下年度继续办理" + "".join(map(str, spec.table3["四"]))
    assert text.count(fwd) == 1
    result = check_bytes(text.replace(fwd, "四、结转下年度继续办理").encode(), "page.txt")
    assert result.report.sections["四"].heading == "四、政府信息公开行政复议、行政诉讼情况"
    assert not [f for f in result.findings if f.rule == "S-01"], result.findings
    # the row is printed blank, not missing
    assert result.report.table3.rows["四"] == [None] * 7
    t304 = [f for f in result.findings if f.rule == "T3-04"]
    assert len(t304) == 1 and "空白" in t304[0].message and "缺少" not in t304[0].message


def test_the_txt_reader_takes_any_crawler_header_not_one_crawlers_keys() -> None:
    spec = _small_spec()
    body = b.to_flat_text(spec).split("\n", 2)[2]  # without this builder's own header lines
    for header in (
        "Title: 某某市某某局2024年政府信息公开工作年度报告\nURL: https://example.gov.cn/a.htm\n"
        "Date: 2025-01-20 10:00\n----------\n",
        "题目：某某市某某局2024年政府信息公开工作年度报告\n发布日期：2025年1月20日\n信息来源：某某局\n",
    ):
        result = check_bytes((header + body).encode(), "page.txt")
        assert result.report.agency == "某某市某某局" and result.report.year == 2024
        assert str(result.report.publication_date) == "2025-01-20"
        assert list(result.report.sections) == ["一", "二", "三", "四", "五", "六"]


def test_header_misprints_once_listed_by_hand_are_found_by_the_general_matcher() -> None:
    """「本年度止件数」「本年废纸件数」 (and 「其他法律法规禁止公开」, tests/reportio/test_labels.py) were
    a table of misprints seen; the gap matcher finds them in run-together headers too."""
    for misprint in ("本年度止件数", "本年废纸件数"):
        spec = _small_spec()
        text = b.to_flat_text(spec).replace("本年废止件数", misprint, 1)
        result = check_bytes(text.encode(), "page.txt")
        t201 = [f for f in result.findings if f.rule == "T2-01"]
        assert [(f.severity, misprint in f.message, "本年废止件数" in f.message) for f in t201] == [
            ("E", True, True)
        ]
