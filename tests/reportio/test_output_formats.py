"""HTML (accessible tables, fragment and page, escaped), TXT, JSON (the check contract) and XLSX
renderings of one report, and the render() entry point."""

from __future__ import annotations

import io
import json

import lxml.html
import openpyxl
import pytest

from gongkai.reportio.contract import CheckedReport
from gongkai.reportio.output import FORMATS, RenderError, filename, render
from gongkai.reportio.output.html_page import fragment
from tests.reportio.test_output_samples import sample_report


def test_every_format_renders_bytes():
    report = sample_report()
    for fmt in FORMATS:
        assert render(report, fmt)


def test_an_unknown_format_is_refused_in_chinese():
    with pytest.raises(RenderError, match="不支持的格式"):
        render(sample_report(), "odt")


def test_file_names():
    assert filename(sample_report(), "docx") == "某某市某某局2023年政府信息公开工作年度报告.docx"
    assert filename(sample_report(), "graphic").endswith("年度报告图解.html")


def test_html_tables_have_captions_scoped_headers_and_header_ids():
    page = lxml.html.fromstring(render(sample_report(), "html"))
    tables = page.findall(".//table")
    assert len(tables) == 3
    ids = {e.get("id") for e in page.iter() if e.get("id")}
    for table in tables:
        assert table.find("caption") is not None and table.find("caption").text_content().startswith("表")
        for th in table.iter("th"):
            assert th.get("scope") in ("col", "colgroup", "row", "rowgroup") or th.get("id", "").endswith(
                "note"
            )
        for td in table.iter("td"):
            headers = td.get("headers", "").split()
            assert headers and set(headers) <= ids
    t3 = tables[1]
    first = t3.find(".//tbody/tr/td")  # 一、本年新收 · 自然人
    names = [page.get_element_by_id(h).text_content() for h in first.get("headers").split()]
    assert names == ["申请人情况", "自然人", "一、本年新收政府信息公开申请数量"]
    leaf = [td for td in t3.iter("td")][7 * 4]  # 三(三)1 · 自然人
    names = [page.get_element_by_id(h).text_content() for h in leaf.get("headers").split()]
    assert names[-3:] == ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"]


def test_html_fragment_sits_inside_a_page_and_the_page_stands_alone():
    part = fragment(sample_report())
    assert part.startswith("<article") and "<html" not in part and "<style" not in part
    page = render(sample_report(), "html").decode()
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page and "<style>" in page
    assert "<script" not in page and "style=" not in part


def test_html_escapes_what_people_wrote():
    report = sample_report("<script>alert(1)</script>局")
    report.set_section("五", "改进<b>措施</b> & 计划")
    page = render(report, "html").decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;局" in page
    assert "改进&lt;b&gt;措施&lt;/b&gt; &amp; 计划" in page


def test_txt_is_utf8_with_a_bom_and_tab_separated_tables():
    data = render(sample_report(), "txt")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "某某市某某局2023年政府信息公开工作年度报告"
    assert "一、本年新收政府信息公开申请数量\t\t\t3\t0\t0\t0\t1\t0\t4" in lines


def test_json_is_the_check_contract():
    data = json.loads(render(sample_report(), "json"))
    CheckedReport.model_validate(data)
    assert data["table3"]["rows"]["一"] == [3, 0, 0, 0, 1, 0, 4]
    assert data["table4"][:5] == [1, 0, 0, 1, 2]
    assert [f for f in data["findings"] if f["severity"] == "E"] == []


def test_json_checks_carried_over_against_last_years_report():
    this, last = sample_report(), sample_report(year=2022)
    last.table3.rows["四"] = [0] * 7
    data = json.loads(render(this, "json", previous=last))
    assert "T3-05" in {f["rule"] for f in data["findings"]}


def test_xlsx_has_the_three_tables_with_merged_headers_and_numbers():
    wb = openpyxl.load_workbook(io.BytesIO(render(sample_report(), "xlsx")))
    assert wb.sheetnames == ["表二", "表三", "表四"]
    t3 = wb["表三"]
    merged = {str(r) for r in t3.merged_cells.ranges}
    assert {"A3:C5", "D3:J3", "D4:D5", "E4:I4", "J4:J5"} <= merged
    assert t3["D6"].value == 3 and t3["J6"].value == 4 and t3["A1"].value.endswith("年度报告")
    t4 = wb["表四"]
    assert {"A3:E3", "F3:O3", "F4:J4", "K4:O4"} <= {str(r) for r in t4.merged_cells.ranges}
    assert [c.value for c in t4[6]][:5] == [1, 0, 0, 1, 2]
    t2 = wb["表二"]
    assert t2["B5"].value == 2  # 规章 · 本年制发件数


def test_control_characters_pasted_into_text_do_not_stop_any_format():
    report = sample_report("某\x07局")
    report.set_section("五", "改进\x0b措施\x00。")
    for fmt in FORMATS:
        assert render(report, fmt)
    assert "改进措施。" in render(report, "txt").decode("utf-8-sig")
