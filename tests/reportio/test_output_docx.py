"""The DOCX in the official layout: GB/T 9704 page and fonts (named for East Asian text), the
2021 template's merged header cells; and, converted to PDF by LibreOffice, Chinese glyphs."""

from __future__ import annotations

import io
import shutil
import subprocess

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from gongkai.law.formats import FORMAT_2021, TABLE3_NOTE
from gongkai.reportio.checking import check_bytes
from gongkai.reportio.output import render
from tests.reportio.test_output_samples import page_pixels, pdf_text, sample_report


def _document(report):
    return docx.Document(io.BytesIO(render(report, "docx")))


def test_page_is_a4_with_the_gb_t_9704_margins():
    section = _document(sample_report()).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert round((section.page_width - section.left_margin - section.right_margin) / Mm(1)) == 156


def test_title_headings_and_text_name_their_chinese_fonts():
    d = _document(sample_report())

    def east_asian(paragraph):
        return {r._r.rPr.rFonts.get(qn("w:eastAsia")) for r in paragraph.runs}

    title, heading, text = d.paragraphs[0], d.paragraphs[1], d.paragraphs[2]
    assert title.text == "某某市某某局\n2023年政府信息公开工作年度报告"
    assert east_asian(title) == {"方正小标宋简体"}
    assert heading.text == "一、总体情况" and east_asian(heading) == {"黑体"}
    assert east_asian(text) == {"仿宋_GB2312"}
    assert d.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    cell_runs = [
        r for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
    ]
    assert {r._r.rPr.rFonts.get(qn("w:eastAsia")) for r in cell_runs} == {"仿宋_GB2312"}


def test_table3_has_the_templates_merged_header_cells():
    t = _document(sample_report()).tables[1]
    assert len(t.columns) == 10 and len(t.rows) == 3 + len(FORMAT_2021.table3_rows)
    first = t.rows[0]._tr.tc_lst[0]
    assert first.tcPr.grid_span == 3 and first.tcPr.vMerge_val == "restart"
    assert t.cell(0, 0).text == TABLE3_NOTE and t.cell(2, 2).text == TABLE3_NOTE  # one cell, 3 × 3
    assert t.cell(0, 3).text == t.cell(0, 9).text == "申请人情况"
    assert t.cell(1, 3).text == t.cell(2, 3).text == "自然人"
    assert t.cell(1, 4).text == t.cell(1, 8).text == "法人或其他组织"
    assert [t.cell(2, c).text for c in range(4, 9)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert t.cell(5, 0).text == t.cell(26, 0).text == "三、本年度办理结果"
    assert t.cell(7, 1).text == t.cell(14, 1).text == "（三）不予公开"
    assert (t.cell(3, 9).text, t.cell(4, 9).text) == ("4", "1")  # 一、本年新收 and 二、上年结转 · 总计


def test_table4_has_three_groups_over_five_outcomes():
    t = _document(sample_report()).tables[2]
    assert t.cell(0, 0).text == t.cell(0, 4).text == "行政复议"
    assert t.cell(0, 5).text == t.cell(0, 14).text == "行政诉讼"
    assert t.cell(1, 10).text == "复议后起诉" and t.cell(2, 14).text == "总计"
    assert [c.text for c in t.rows[3].cells][:5] == ["1", "0", "0", "1", "2"]


@pytest.fixture(scope="module")
def soffice():
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        pytest.skip("没有 LibreOffice（CI 安装 libreoffice-writer-nogui）")
    return exe


def _libreoffice_pdf(soffice, tmp_path, report, name):
    source = tmp_path / f"{name}.docx"
    source.write_bytes(render(report, "docx"))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    return tmp_path / f"{name}.pdf"


def test_libreoffice_prints_the_docx_in_chinese_glyphs_not_boxes(soffice, tmp_path):
    # Two agencies of the same length: with .notdef boxes both pages would be the same pixels.
    a = _libreoffice_pdf(soffice, tmp_path, sample_report("甲乙丙丁戊局"), "a")
    b = _libreoffice_pdf(soffice, tmp_path, sample_report("山水田林湖局"), "b")
    assert "甲乙丙丁戊局" in pdf_text(a) and "收到和处理政府信息公开申请情况" in pdf_text(a)
    assert page_pixels(a) != page_pixels(b)


def test_the_pdf_libreoffice_prints_from_the_docx_reads_back(soffice, tmp_path):
    report = sample_report("广西壮族自治区南宁市青秀区人民政府南湖街道办事处")  # longer than a title line
    result = check_bytes(_libreoffice_pdf(soffice, tmp_path, report, "long").read_bytes(), "long.pdf")
    assert (result.report.agency, result.report.year) == (report.agency, report.year)
    assert (
        result.report.table3.rows == report.table3.rows and result.report.table4.cells == report.table4.cells
    )
    assert result.errors == []
