"""Each format's hazards, on documents written by the tests: merged cells (DOCX, HTML rowspan/
colspan), GBK pages with and without a declared charset, shifted tab rows, run-together text,
wrapped PDF cells across a page, missing tables and rows, and the 2019 trial format."""

from __future__ import annotations

import os

import pytest

from gongkai.law.formats import FORMAT_2019, FORMAT_2021
from gongkai.reportio import read_report
from gongkai.reportio.checking import check_bytes
from tests.reportio import builders as b


def assert_tables(spec: b.Spec, report, *, table2: bool = True) -> None:
    assert report.table3.format.id is spec.fmt.id
    assert report.table3.rows == spec.table3
    assert report.table4.cells == spec.table4
    if table2:
        for row, values in spec.table2.items():
            assert [str(v) for v in report.table2.values[row].values()] == [str(v) for v in values], row
    assert report.agency == spec.agency and report.year == spec.year


FORMATS = [pytest.param(FORMAT_2021, 2023, id="2021"), pytest.param(FORMAT_2019, 2020, id="2019")]


@pytest.mark.parametrize(("fmt", "year"), FORMATS)
@pytest.mark.parametrize("shift", [True, False], ids=["shifted-rows", "aligned-rows"])
@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "utf-8-sig"])
def test_tab_text(fmt, year, shift, encoding) -> None:
    spec = b.make_spec(7, fmt=fmt, year=year, big=True)
    report = read_report(b.to_tab_text(spec, shift_leaves=shift).encode(encoding), "r.txt")
    assert_tables(spec, report)
    assert not [n for n in report.notes if n.severity == "E"]


@pytest.mark.parametrize(("fmt", "year"), FORMATS)
@pytest.mark.parametrize(
    ("charset", "declare"), [("utf-8", True), ("gbk", True), ("gb2312", True), ("gb18030", False)]
)
def test_html_rowspan_colspan_and_encodings(fmt, year, charset, declare) -> None:
    spec = b.make_spec(11, fmt=fmt, year=year, big=True)
    report = read_report(b.to_html(spec, charset, declare), "r.html")
    assert_tables(spec, report)  # the hidden div's 「规章 9 9 9」 and the script are not read


@pytest.mark.parametrize(("fmt", "year"), FORMATS)
def test_docx_merged_cells(fmt, year) -> None:
    spec = b.make_spec(5, fmt=fmt, year=year, big=True)
    report = read_report(b.to_docx(spec), "r.docx")
    assert_tables(spec, report)
    assert list(report.sections) == ["一", "二", "三", "四", "五", "六"]


@pytest.mark.parametrize("seed", range(6))
def test_run_together_text_recovers_table3_or_says_why(seed, monkeypatch) -> None:
    # What is recovered, not how fast: on a slow machine the 1 s budget (tested on its own in
    # test_crawler_hazards_7) would end the search before every split is tried.
    monkeypatch.setattr("gongkai.reportio.assemble.SPLIT_SECONDS", 30.0)
    spec = b.make_spec(seed, big=seed % 2 == 0)
    report = read_report(b.to_flat_text(spec).encode(), "page.txt")
    rows_left_blank = {n.where for n in report.notes if n.rule == "PARSE" and "留空" in n.message}
    # every cell is the printed number, or unknown: None, marked unreadable, with a warning on its row
    for key, cells in spec.table3.items():
        label = report.table3.format.table3_row(key).label
        for c, (got, want) in enumerate(zip(report.table3.rows[key], cells, strict=True)):
            assert got == want or (
                got is None and report.is_unreadable("3", key, c) and f"表三「{label}」行" in rows_left_blank
            )
    # table 二 has no constraint: a cell is read only when every split agrees on it
    for row, values in spec.table2.items():
        for col, want in zip(report.table2.values[row], values, strict=True):
            got = report.table2.values[row][col]
            assert str(got) == str(want) or (
                got is None and report.is_unreadable("2", row, col) and f"表二「{row}」行" in rows_left_blank
            )


def test_missing_table4_and_missing_row_are_findings_not_guesses() -> None:
    spec = b.make_spec(2)
    text = b.to_tab_text(spec, drop_rows=("三(三)3",), drop_table4=True)
    result = check_bytes(text.encode(), "r.txt")
    rules = {(f.rule, f.severity, f.where) for f in result.findings}
    assert any(r == "S-01" and "表四" in w for r, _, w in rules)
    assert any(r == "T3-04" and "危及" in w for r, _, w in rules)
    assert result.report.table3.rows["三(三)3"] == [None] * 7
    assert result.report.table4.cells == [None] * 15


def test_header_misprint_reported_as_t2_01() -> None:
    spec = b.make_spec(4)
    result = check_bytes(b.to_tab_text(spec, header_misprint=True).encode(), "r.txt")
    assert any(f.rule == "T2-01" and "本年度止件数" in f.message for f in result.findings)
    assert result.report.table2.values["规章"]["本年废止件数"] == spec.table2["规章"][1]


def test_blank_and_dash_cells_stay_distinguishable() -> None:
    spec = b.make_spec(8)
    text = b.to_tab_text(spec, shift_leaves=False)
    line = next(x for x in text.splitlines() if x.startswith("（一）予以公开") or "\t（一）予以公开\t" in x)
    cells = line.split("\t")
    cells[2], cells[3] = "/", "—"
    text = text.replace(line, "\t".join(cells))
    report = read_report(text.encode(), "r.txt")
    row = report.table3.rows["三(一)"]
    assert row[0] is None and row[1] is None
    assert report.table3.raw[("三(一)", 0)] == "/" and report.table3.raw[("三(一)", 1)] == "—"


@pytest.fixture(scope="module")
def chromium_pdf() -> tuple[b.Spec, bytes]:
    spec = b.make_spec(9, big=True)
    data = b.print_pdf(spec, timeout=60)
    if data is None:
        reason = "未安装 Debian 的 chromium，无法打印测试用 PDF"
        if os.environ.get("GONGKAI_REQUIRE_BROWSER") == "1":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return spec, data


def test_pdf_wrapped_cells_and_page_break(chromium_pdf) -> None:
    spec, data = chromium_pdf
    report = read_report(data, "r.pdf")
    assert_tables(spec, report)
