"""A table the document never prints is one S-01 finding; a row printed blank is blank, not missing.

Every document here is written by the test from known numbers; none is a copy of a real page.
"""

from __future__ import annotations

from gongkai.law.formats import FORMAT_2019, FORMAT_2021, SECTIONS, TABLE4_OUTCOMES
from gongkai.reportio.checking import check_bytes
from tests.reportio import builders as b


def _heading(number: str) -> str:
    return next(s.heading for s in SECTIONS if s.number == number)


def _rules(result, prefix: str) -> list[str]:
    return [f.rule for f in result.findings if f.rule.startswith(prefix)]


def test_table4_given_as_a_sentence_is_one_s01_and_no_cell_finding() -> None:
    spec = b.make_spec(7, fmt=FORMAT_2021, year=2023)
    text = b.to_flat_text(spec)
    start = text.index(_heading("四"))
    end = text.index(_heading("五"))
    text = text[:start] + _heading("四") + "本年度未发生政府信息公开行政复议、行政诉讼案件。" + text[end:]
    result = check_bytes(text.encode(), "page.txt")
    s01 = [f for f in result.findings if f.rule == "S-01"]
    assert len(s01) == 1 and "表四" in s01[0].message and s01[0].where == "表四", s01
    assert _rules(result, "T4-") == []
    assert result.report.table3.rows["一"] == spec.table3["一"]  # the other tables are still read


def test_a_2019_report_without_table4_is_one_s01() -> None:
    spec = b.make_spec(8, fmt=FORMAT_2019, year=2020)
    text = b.to_tab_text(spec, drop_table4=True)
    result = check_bytes(text.encode(), "report.txt")
    assert [f.where for f in result.findings if f.rule == "S-01"] == ["表四"]
    assert _rules(result, "T4-") == []
    assert all(result.report.is_unreadable("4", "", i) for i in range(len(TABLE4_OUTCOMES) * 3))
    # without its section too, the missing section is the one finding
    start, end = text.index(_heading("四")), text.index(_heading("五"))
    result = check_bytes((text[:start] + text[end:]).encode(), "report.txt")
    assert [f.where for f in result.findings if f.rule == "S-01"] == ["第四部分"]
    assert _rules(result, "T4-") == []


def test_a_row_that_is_not_printed_is_one_finding_not_seven_blanks() -> None:
    spec = b.make_spec(9, fmt=FORMAT_2021, year=2023)
    result = check_bytes(b.to_tab_text(spec, drop_rows=("三(三)8",)).encode(), "report.txt")
    t304 = [f for f in result.findings if f.rule == "T3-04"]
    assert len(t304) == 1 and "缺少" in t304[0].message and "属于行政查询事项" in t304[0].message
    assert not [f for f in result.findings if "空白" in f.message]


def test_the_blank_template_reads_its_table3_rows_as_blank() -> None:
    """Every cell empty, labels over merged cells: the rows are printed blank (T3-04 each), and
    表三 is found — no 「没有找到表三」 beside 25 rows of blanks."""
    spec = b.make_spec(10, fmt=FORMAT_2021, year=2023)
    spec.table3 = {k: [""] * 7 for k in spec.table3}  # type: ignore[misc]
    spec.table4 = [""] * 15  # type: ignore[list-item]
    result = check_bytes(b.to_docx(spec), "report.docx")
    assert not [f for f in result.findings if f.rule == "S-01" and "表三" in f.message]
    t304 = [f for f in result.findings if f.rule == "T3-04"]
    assert len(t304) == len(FORMAT_2021.table3_keys) and all("空白" in f.message for f in t304)
    assert _rules(result, "T4-") == ["T4-04"] * 3
    assert not result.report.unreadable


def test_the_template_instruction_left_in_section_6_is_not_called_blank() -> None:
    spec = b.make_spec(10, fmt=FORMAT_2021, year=2023)
    spec.section6 = "（文字描述，收取信息处理费情况在此处报告。）"
    result = check_bytes(b.to_docx(spec), "report.docx")
    n05 = [f for f in result.findings if f.rule == "N-05"]
    assert len(n05) == 1 and "模板的说明文字" in n05[0].message and "空白" not in n05[0].message
