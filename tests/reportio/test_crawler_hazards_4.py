"""Hazards of crawled department reports, fourth round (平潭 农业农村局, 市场监督管理局, 片区 …).

Every document here is written by the test from known numbers; none is a copy of a real page.
"""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.law.formats import FORMAT_2019, FORMAT_2021
from gongkai.reportio import read_report
from gongkai.reportio.checking import check_bytes
from tests.reportio import builders as b

_ROWS_2021 = ("规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费")


def _small_spec(year: int = 2025) -> b.Spec:
    """A small department: single-digit 表三/表四 cells, so only 表二 can be ambiguous."""
    spec = b.make_spec(7, fmt=FORMAT_2021, year=year)
    zero = [0] * 7
    table = {k: list(zero) for k in FORMAT_2021.table3_keys}
    table["三(一)"] = [3, 0, 0, 1, 0, 0, 4]
    table["三(七)"] = [3, 0, 0, 1, 0, 0, 4]
    table["一"] = [3, 0, 0, 1, 0, 0, 4]
    spec.table3 = table
    spec.table4 = [0] * 15
    spec.table2 = {
        "规章": [0, 0, 0],
        "行政规范性文件": [3, 1, 9],
        "行政许可": [599],
        "行政处罚": [67],
        "行政强制": [0],
        "行政事业性收费": [0],
    }
    return spec


def _row(report, row: str) -> list:
    return list(report.table2.values[row].values())


def _remove_once(text: str, old: str, new: str = "") -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_documents_in_force_include_this_years_unrepealed_ones() -> None:
    """「行政规范性文件8028」: 80|2|8 would leave 8 in force after issuing 80 and repealing 2."""
    spec = _small_spec()
    spec.table2["行政规范性文件"] = [8, 0, 28]
    report = read_report(b.to_flat_text(spec).encode(), "page.txt")
    assert _row(report, "行政规范性文件") == [8, 0, 28]
    assert not report.unreadable


def test_an_ambiguous_row_the_rule_cannot_settle_stays_unknown() -> None:
    # 「9234」: 9|2|34 and 9|23|4 both fit (92|3|4 does not) — no unique reading
    spec = _small_spec()
    spec.table2["行政规范性文件"] = [9, 2, 34]
    report = read_report(b.to_flat_text(spec).encode(), "page.txt")
    assert _row(report, "行政规范性文件") == [9, None, None]


def test_a_missing_row_is_one_error_not_also_three_blank_cells() -> None:
    spec = _small_spec()
    text = _remove_once(b.to_flat_text(spec), "规章000")
    result = check_bytes(text.encode(), "page.txt")
    t2 = [f for f in result.errors if f.rule == "T2-01"]
    assert len(t2) == 1 and "缺少「规章」行" in t2[0].message
    assert result.report.table2.values["规章"] == {c: None for c in FORMAT_2021.table2[0].columns}


def test_a_2021_table_keeping_the_2019_row_label_is_read_as_2021() -> None:
    """2021 columns (本年制发件数…) with the 2019 row label 「规范性文件」: the headers decide the
    format; the row is read as 「行政规范性文件」 and its label is a T2-01 error."""
    spec = _small_spec()
    text = _remove_once(b.to_flat_text(spec), "行政规范性文件319", "规范性文件319")
    result = check_bytes(text.encode(), "page.txt")
    report = result.report
    assert report.table2.format is FORMAT_2021
    assert _row(report, "行政规范性文件") == [3, 1, 9]
    assert _row(report, "行政许可") == [599] and _row(report, "行政处罚") == [67]
    assert not [f for f in result.findings if f.rule == "S-04"]
    (label_error,) = [f for f in result.errors if f.rule == "T2-01"]
    assert "「规范性文件」" in label_error.message and "「行政规范性文件」" in label_error.message


def test_a_year_opening_the_text_after_a_table_is_not_part_of_its_last_cell() -> None:
    """「行政事业性收费02025年，我局…」 and 「四、结转下年度继续办理00000002025年，我局…」."""
    spec = _small_spec()
    text = b.to_flat_text(spec)
    said = f"{spec.year}年，我局多渠道主动公开政府信息。"
    text = _remove_once(text, "行政事业性收费0", "行政事业性收费0" + said)
    text = _remove_once(text, "结转下年度继续办理0000000", "结转下年度继续办理0000000" + said)
    result = check_bytes(text.encode(), "page.txt")
    report = result.report
    assert _row(report, "行政事业性收费") == [0]
    assert report.table3.rows["四"] == [0] * 7
    assert not result.errors, result.errors
    # with a space between the cell and the year
    spaced = _remove_once(b.to_flat_text(spec), "行政事业性收费0", "行政事业性收费0 " + said)
    assert _row(read_report(spaced.encode(), "page.txt"), "行政事业性收费") == [0]


def test_a_reply_of_one_kind_is_not_the_number_of_replies() -> None:
    """「给予同意公开答复3件，不予公开答复1件」 are parts of the 办理结果, not its 总计."""
    spec = _small_spec()
    text = b.to_flat_text(spec)
    text = _remove_once(
        text, "一、总体情况", "一、总体情况经分类处置后，给予同意公开答复3件，区分处理后公开答复1件。"
    )
    result = check_bytes(text.encode(), "page.txt")
    assert not [f for f in result.findings if f.rule == "N-01"], result.findings


def test_table2_rows_printed_blank_run_into_the_next_label() -> None:
    """「规章行政规范性文件319」「行政许可第二十条第（六）项…行政处罚67」「行政事业性收费三、收到和处理…」:
    rows printed with blank cells are blank (T2-01), not missing, and the next rows keep their numbers."""
    spec = _small_spec()
    for row in ("规章", "行政许可", "行政事业性收费"):
        spec.table2[row] = []
    text = b.to_flat_text(spec)
    # prose naming the rows before the table is not a table row
    text = _remove_once(text, "一、总体情况", "一、总体情况全年公开行政许可、行政处罚信息。")
    result = check_bytes(text.encode(), "page.txt")
    report = result.report
    assert _row(report, "行政规范性文件") == [3, 1, 9]
    assert _row(report, "行政处罚") == [67] and _row(report, "行政强制") == [0]
    for row in ("规章", "行政许可", "行政事业性收费"):
        assert all(v is None for v in _row(report, row)), row
    t2 = [f for f in result.errors if f.rule == "T2-01"]
    assert sorted(f.where for f in t2) == sorted(
        f"表二「{r}」" for r in ("规章", "行政许可", "行政事业性收费")
    )
    assert all("空白" in f.message and "缺少" not in f.message for f in t2)
    assert report.table3.rows["一"] == [3, 0, 0, 1, 0, 0, 4]
    assert [f.rule for f in result.errors] == ["T2-01"] * 3


def test_prose_ending_in_a_row_name_before_the_table_is_not_a_blank_row() -> None:
    spec = _small_spec()
    text = _remove_once(
        b.to_flat_text(spec), "二、主动公开政府信息情况", "全年公开行政许可、行政处罚二、主动公开政府信息情况"
    )
    result = check_bytes(text.encode(), "page.txt")
    for row in _ROWS_2021:
        assert None not in _row(result.report, row), row
    assert not result.errors, result.errors


def test_an_agency_sending_its_report_by_letter_is_named_without_the_letters_words() -> None:
    """「XX管理局关于报送2020年度政府信息公开工作年度报告的函」."""
    spec = b.make_spec(3, fmt=FORMAT_2019, year=2020)
    text = b.to_flat_text(spec)
    title = f"标题: {spec.agency}{spec.year}年政府信息公开工作年度报告"
    text = _remove_once(
        text, title, f"标题: {spec.agency}关于报送{spec.year}年度政府信息公开工作年度报告的函"
    )
    report = read_report(text.encode(), "page.txt")
    assert (report.agency, report.year) == (spec.agency, spec.year)


def test_2019_change_printed_as_a_word_is_a_signed_cell() -> None:
    """2019 「本年增/减」 printed 「16减12」 (and 「3增2」): 16 | −12, 3 | +2."""
    spec = b.make_spec(3, fmt=FORMAT_2019, year=2019)
    spec.table2["行政事业性收费"] = ["16减12"]
    spec.table2["行政处罚"] = ["3增2", 9]
    report = read_report(b.to_flat_text(spec).encode(), "page.txt")
    assert _row(report, "行政事业性收费") == [16, -12]
    assert _row(report, "行政处罚") == [3, 2, 9]


def test_a_section_of_the_reports_own_shifts_the_numbering_of_the_rest() -> None:
    """「二、政务公开工作主要任务落实情况」 before 「三、主动公开政府信息情况」 … 「七、其他需要报告的
    事项」: every template section is still found and the tables read; the renumbering is one S-01."""
    spec = b.make_spec(4, fmt=FORMAT_2019, year=2020)
    text = b.to_flat_text(spec)
    for old, new in (
        ("六、其他需要报告的事项", "七、其他需要报告的事项"),
        ("五、存在的主要问题及改进情况", "六、存在的主要问题及改进情况"),
        ("四、政府信息公开行政复议、行政诉讼情况", "五、政府信息公开行政复议、行政诉讼情况"),
        ("三、收到和处理政府信息公开申请情况", "四、收到和处理政府信息公开申请情况"),
        (
            "二、主动公开政府信息情况",
            "二、政务公开工作主要任务落实情况全年落实各项任务。三、主动公开政府信息情况",
        ),
    ):
        text = _remove_once(text, old, new)
    result = check_bytes(text.encode(), "page.txt")
    report = result.report
    assert sorted(report.sections) == sorted("一二三四五六")
    assert report.sections["六"].text.startswith(spec.section6)
    for key in FORMAT_2019.table3_keys:
        assert report.table3.rows[key] == spec.table3[key], key
    assert report.table4.cells == spec.table4
    (s01,) = [f for f in result.findings if f.rule == "S-01"]
    assert s01.severity == "E" and "「三、主动公开政府信息情况」应为第二部分" in s01.message
    assert [f.rule for f in result.errors] == ["S-01"]


def test_a_reworded_heading_ends_before_the_bodys_first_sub_heading() -> None:
    """「五、存在的主要问题及改进措施（一）存在问题…」: the heading is 「…改进措施」, the body keeps 「（一）」."""
    spec = _small_spec()
    text = _remove_once(
        b.to_flat_text(spec), "五、存在的主要问题及改进情况", "五、存在的主要问题及改进措施（一）存在问题"
    )
    result = check_bytes(text.encode(), "page.txt")
    section = result.report.sections["五"]
    assert section.heading == "五、存在的主要问题及改进措施"
    assert section.text.startswith("（一）存在问题")
    (s01,) = [f for f in result.findings if f.rule == "S-01"]
    assert "「五、存在的主要问题及改进措施」" in s01.message and s01.severity == "W"


def test_a_stated_figure_fixes_its_cell_even_when_the_rest_stays_ambiguous() -> None:
    """「作出行政处罚决定784起」 and 「行政处罚1121784784」: 处理决定数量 is 784, the other two
    cells have several readings and stay unknown."""
    spec = b.make_spec(3, fmt=FORMAT_2019, year=2020)
    spec.table2["行政处罚"] = [1121, 784, 784]
    text = b.to_flat_text(spec)
    text = _remove_once(text, "一、总体情况", "一、总体情况全年立案查处违法行为并作出行政处罚决定784起。")
    report = read_report(text.encode(), "page.txt")
    assert _row(report, "行政处罚") == [None, None, 784]
    assert report.is_unreadable("2", "行政处罚", "上一年项目数量")
    (note,) = [f.message for f in report.notes if f.rule == "PARSE" and "行政处罚" in f.where]
    assert "处理决定数量=784" in note and "留空" in note


def test_a_unit_after_the_row_label_does_not_hide_the_row() -> None:
    """「政府集中采购（元）6675809」: the row is there (its split is ambiguous), not missing; and
    a missing 2019 row is one error."""
    spec = b.make_spec(3, fmt=FORMAT_2019, year=2020)
    spec.table2["政府集中采购"] = [6, "675809"]
    text = _remove_once(b.to_flat_text(spec), "政府集中采购6675809", "政府集中采购（元）6675809")
    result = check_bytes(text.encode(), "page.txt")
    assert not [f for f in result.errors if f.rule == "T2-01"]
    assert result.report.is_unreadable("2", "政府集中采购", "采购总金额")
    gone = _remove_once(b.to_flat_text(spec), "政府集中采购6675809")
    t2 = [f for f in check_bytes(gone.encode(), "page.txt").errors if f.rule == "T2-01"]
    assert len(t2) == 1 and "缺少「政府集中采购」行" in t2[0].message


def test_a_heading_printed_without_its_comma_is_found() -> None:
    """「…联系。一总体情况2020年，…」: the section is there; prose 「统一总体情况」 is not a heading."""
    spec = _small_spec()
    text = _remove_once(b.to_flat_text(spec), "一、总体情况", "一总体情况")
    result = check_bytes(text.encode(), "page.txt")
    assert "一" in result.report.sections
    assert not [f for f in result.findings if f.rule == "S-01"]
    prose = _remove_once(b.to_flat_text(spec), "一、总体情况", "要求统一总体情况口径")
    assert "一" not in read_report(prose.encode(), "page.txt").sections


def test_the_older_heading_naming_the_tables_keeps_them_in_the_heading() -> None:
    """「六、需要说明的其他事项与附表无。」: the heading ends at 「附表」, the body is 「无。」."""
    spec = _small_spec()
    spec.section6 = "无。"
    text = _remove_once(b.to_flat_text(spec), "六、其他需要报告的事项", "六、需要说明的其他事项与附表")
    result = check_bytes(text.encode(), "page.txt")
    section = result.report.sections["六"]
    assert section.heading == "六、需要说明的其他事项与附表" and section.text == "无。"


@pytest.mark.parametrize("said", ["2019年9月1日至2019年12月31日", "2019年9月1日至12月31日"])
def test_a_period_from_an_agencys_founding_to_the_years_end_is_a_warning(said: str) -> None:
    """An agency set up in 2019's 机构改革 reports 「2019年9月1日至12月31日」 (the end's year left out)."""
    spec = b.make_spec(3, fmt=FORMAT_2019, year=2019)
    text = _remove_once(b.to_flat_text(spec), "一、总体情况", f"本报告统计期限为{said}。一、总体情况")
    result = check_bytes(text.encode(), "page.txt")
    assert result.report.period == (date(2019, 9, 1), date(2019, 12, 31))
    (s02,) = [f for f in result.findings if f.rule == "S-02"]
    assert s02.severity == "W"
    wrong = _remove_once(
        b.to_flat_text(spec), "一、总体情况", "本报告统计期限为2019年1月1日至11月30日。一、总体情况"
    )
    (s02,) = [f for f in check_bytes(wrong.encode(), "page.txt").findings if f.rule == "S-02"]
    assert s02.severity == "E"
