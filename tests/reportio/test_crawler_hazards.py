"""Hazards met in real published reports outside the fixtures, reproduced in synthetic documents.

Crawled web pages (cells run together), 2019 试行 reports (signed 「本年增/减」, units after
numbers, amounts with decimals), a crawler that lost a cell, and text converted to Markdown
tables. Every document here is written by the test from known numbers.
"""

from __future__ import annotations

from decimal import Decimal

from gongkai.law.formats import FORMAT_2019, FORMAT_2021, TABLE4_GROUPS, TABLE4_OUTCOMES
from gongkai.reportio import read_report
from gongkai.reportio.checking import check_bytes
from tests.reportio import builders as b


def _rules(result) -> set[tuple[str, str]]:
    return {(f.rule, f.severity) for f in result.findings}


def _spec_2019():
    spec = b.make_spec(3, fmt=FORMAT_2019, year=2019)
    spec.table2["规章"] = [0, 0, 7]  # three digits, three cells: forced
    spec.table2["行政事业性收费"] = [35, -15]  # the minus sign is the cell boundary
    spec.table2["行政处罚"] = [2648, -18, 538]  # first cell certain, the rest ambiguous
    spec.table2["行政强制"] = [45, 0, 0]  # 「4500」 also reads 4|50|0
    spec.table2["政府集中采购"] = ["2笔", "984361元"]  # units separate the cells
    spec.section6 = "无其他需要报告的事项"
    return spec


def test_2019_table2_signed_units_and_ambiguity_give_known_and_unknown_cells() -> None:
    spec = _spec_2019()
    report = read_report(b.to_flat_text(spec).encode(), "page.txt")
    t2 = report.table2.values
    assert t2["规章"] == {"本年新制作数量": 0, "本年新公开数量": 0, "对外公开总数量": 7}
    assert t2["行政事业性收费"] == {"上一年项目数量": 35, "本年增/减": -15}
    assert t2["行政处罚"]["上一年项目数量"] == 2648
    for col in ("本年增/减", "处理决定数量"):
        assert t2["行政处罚"][col] is None and report.is_unreadable("2", "行政处罚", col)
    assert not report.is_unreadable("2", "行政处罚", "上一年项目数量")
    # 「4500」 is 45|0|0 or 4|50|0: only the last cell is the same in both
    assert t2["行政强制"] == {"上一年项目数量": None, "本年增/减": None, "处理决定数量": 0}
    assert t2["政府集中采购"] == {"采购项目数量": 2, "采购总金额": Decimal(984361)}


def test_2019_report_run_together_is_clean_when_its_numbers_are() -> None:
    result = check_bytes(b.to_flat_text(_spec_2019()).encode(), "page.txt")
    rules = _rules(result)
    # the heading 「三、收到和处理…」 glued to 「…984361元」 is still found
    assert "三" in result.report.sections
    assert not [f for f in result.findings if f.severity == "E"], result.findings
    # unknown 表二 cells are not called blank; the 2021 format's N-03/N-05 do not apply to 2019
    assert ("T2-01", "E") not in rules
    assert not {"N-03", "N-05"} & {r for r, _ in rules}
    assert result.report.table3.rows == {k: list(v) for k, v in _spec_2019().table3.items()}


def test_2019_amount_run_into_the_count_is_unknown_not_an_error() -> None:
    spec = _spec_2019()
    spec.table2["政府集中采购"] = ["135", "75394432.52元"]  # printed 「13575394432.52元」
    result = check_bytes(b.to_flat_text(spec).encode(), "page.txt")
    report = result.report
    assert report.table2.values["政府集中采购"] == {"采购项目数量": None, "采购总金额": None}
    assert report.is_unreadable("2", "政府集中采购", "采购总金额")
    assert not [f for f in result.findings if f.rule == "T2-01"]
    assert any(f.rule == "PARSE" and "政府集中采购" in f.where for f in result.findings)


def test_flat_row_short_of_seven_digits_is_unknown_not_blank() -> None:
    spec = b.make_spec(4)
    spec.table3 = {k: [0] * 7 for k in spec.table3}
    spec.table4 = [0] * 15
    text = b.to_flat_text(spec).replace(
        "一、本年新收政府信息公开申请数量0000000", "一、本年新收政府信息公开申请数量0 00000"
    )
    result = check_bytes(text.encode(), "page.txt")
    report = result.report
    assert report.table3.rows["一"] == [None] * 7
    assert all(report.is_unreadable("3", "一", c) for c in range(7))
    assert report.table3.rows["二"] == [0] * 7
    assert not [f for f in result.findings if f.rule in ("T3-04", "T3-01", "T3-03")]
    assert any(f.rule == "PARSE" and "少于 7 个单元格" in f.message for f in result.findings)


def _markdown(spec: b.Spec) -> str:
    """A report converted to text by a tool: Markdown headings and pipe tables, 表四 as three
    small tables, and a stray header row of words in the middle of 表三."""
    text = b.narrative(spec)
    out = [
        f"# {spec.agency} {spec.year} 年 政府信息公开工作年度报告",
        "",
        "## 一、总体情况",
        "",
        text["一"],
        "",
    ]
    out += ["## 二、主动公开政府信息情况", ""]
    for item in spec.fmt.table2:
        out += [f"### {item.article_item}", "| 信息内容 | " + " | ".join(item.columns) + " |"]
        out.append("|" + "---|" * (len(item.columns) + 1))
        out += [f"| {row} | " + " | ".join(str(v) for v in spec.table2[row]) + " |" for row in item.rows]
        out.append("")
    out += ["## 三、收到和处理政府信息公开申请情况", ""]
    header = "| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |"
    for i, row in enumerate(spec.fmt.table3_rows):
        if i % 6 == 0:
            out += ["", header, "|---|---|---|---|---|---|---|---|"]
        if i == 20:
            out.append(
                "| 项目 | 本年新收件数 | 上年结转件数 | 予以公开 | 部分公开 | 不予公开 | 结转下年度 | 总计 |"
            )
        out.append(f"| {row.label} | " + " | ".join(str(v) for v in spec.table3[row.key]) + " |")
    out += ["", "## 四、政府信息公开行政复议、行政诉讼情况", ""]
    for g, group in enumerate(TABLE4_GROUPS):
        out += [f"### {group.full_label}", "| " + " | ".join(TABLE4_OUTCOMES) + " |", "|---|---|---|---|---|"]
        out.append("| " + " | ".join(str(v) for v in spec.table4[g * 5 : g * 5 + 5]) + " |")
    out += [
        "",
        "## 五、存在的主要问题及改进情况",
        "",
        text["五"],
        "",
        "六、其他需要报告的事项",
        "",
        text["六"],
    ]
    return "\n".join(out) + "\n"


def test_markdown_pipe_tables_are_read_cell_by_cell() -> None:
    spec = b.make_spec(5, big=True)
    result = check_bytes(_markdown(spec).encode(), "report.txt")
    report = result.report
    assert report.table3.format is FORMAT_2021
    assert report.table3.rows == {k: list(v) for k, v in spec.table3.items()}
    assert report.table4.cells == spec.table4
    for row, values in spec.table2.items():
        assert [str(v) for v in report.table2.values[row].values()] == [str(v) for v in values]
    assert not [f for f in result.findings if f.severity == "E"], result.findings


def test_heading_typo_is_quoted_without_the_table_run_into_it() -> None:
    spec = b.make_spec(6)
    text = b.to_flat_text(spec).replace("四、政府信息公开行政复议", "四、政府信息公开行政法复议")
    result = check_bytes(text.encode(), "page.txt")
    s01 = [f for f in result.findings if f.rule == "S-01"]
    assert [f.message.split("」")[0] for f in s01] == ["标题「四、政府信息公开行政法复议、行政诉讼情况"]
    assert s01[0].severity == "E"


def test_one_line_signature_leaves_section_six_text_alone() -> None:
    spec = b.make_spec(7, fmt=FORMAT_2019, year=2019)
    spec.section6 = "无 某某市某某局 2020年1月17日"
    report = read_report(b.to_flat_text(spec).encode(), "page.txt")
    assert report.section_text("六") == "无"
    assert report.publication_date is not None and report.publication_date.isoformat() == "2020-01-17"
