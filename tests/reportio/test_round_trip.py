"""Round trip (issue 10 §6): every rendered report, fed to the checker, reads back to the same
tables with no error finding — the seed report and generated consistent reports."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.law.formats import FORMAT_2019, FORMAT_2021, SECTIONS, TABLE4_WIDTH
from gongkai.law.report import Report, SectionText, Table4
from gongkai.reportio import read_report
from gongkai.reportio.checking import check_bytes
from gongkai.reportio.output import render
from tests.law.test_report import table2s
from tests.law.test_validation import _table3, applications

READ_BACK = ("txt", "html", "docx", "pdf")
AGENCIES = (  # short and long names, brackets: the title must read back on every medium
    "某某市某某局",
    "区政府",
    "国家税务总局厦门市思明区税务局",
    "某某市生态环境局（某某市环境保护局）",
    "广西壮族自治区南宁市青秀区人民政府南湖街道办事处",
    "某某省某某市某某区人民政府某某街道办事处社区服务中心",
)


@pytest.fixture(scope="module")
def seed(fixtures_dir) -> Report:
    data = (fixtures_dir / "seed/jinjiang-xzfwzx-2022.txt").read_bytes()
    return read_report(data, "jinjiang-xzfwzx-2022.txt")


def assert_reads_back(report: Report, fmt: str) -> None:
    result = check_bytes(render(report, fmt), f"report.{fmt}")
    assert result.error is None, result.error
    again = result.report
    assert again.table3.rows == report.table3.rows
    assert again.table2.values == report.table2.values
    assert again.table4.cells == report.table4.cells
    assert (again.agency, again.year) == (report.agency, report.year)
    assert [f for f in result.findings if f.severity == "E"] == []


@pytest.mark.parametrize("fmt", READ_BACK)
def test_the_seed_report_reads_back_with_no_error(seed, fmt):
    assert_reads_back(seed, fmt)


def test_the_seed_report_keeps_its_parts_and_date_through_text(seed):
    again = read_report(render(seed, "txt"), "seed.txt")
    assert again.publication_date == seed.publication_date
    assert again.section_text("六") == "无"
    assert again.section_text("五") == seed.section_text("五")


def test_json_is_the_check_contract_with_the_reports_findings(seed):
    data = json.loads(render(seed, "json"))
    assert data["agency"] == seed.agency and data["year"] == 2022 and data["format"] == "2021"
    assert data["table3"]["rows"] == {k: list(v) for k, v in seed.table3.rows.items()}
    assert data["table4"] == seed.table4.cells
    assert {f["rule"] for f in data["findings"]} >= {"T2-01"}  # the seed's misprinted header, passed on
    assert data["error"] is None


def consistent_report(table3, table2, table4, year, agency) -> Report:
    report = Report(agency, year, table2, table3, table4)
    for s in SECTIONS:
        if s.number in ("一", "五", "六"):
            report.sections[s.number] = SectionText(
                s.number, f"{s.title}：本机关{year}年依法开展工作，未收取信息处理费。"
            )
    return report


@st.composite
def consistent_reports(draw, fmt=None):
    fmt = fmt or draw(st.sampled_from([FORMAT_2021, FORMAT_2019]))
    table3 = _table3(draw(applications), fmt)
    table2 = draw(table2s().filter(lambda t: t.format is fmt))
    for row, col, v in list(table2.cells()):  # a report prints every cell
        if v is None:
            table2.set(row, col, 0)
    groups = [draw(st.lists(st.integers(0, 500), min_size=4, max_size=4)) for _ in range(3)]
    table4 = Table4([c for g in groups for c in (*g, sum(g))])
    assert len(table4.cells) == TABLE4_WIDTH
    year = draw(st.integers(2021, 2030) if fmt is FORMAT_2021 else st.integers(2019, 2020))
    return consistent_report(table3, table2, table4, year, draw(st.sampled_from(AGENCIES)))


EXAMPLES = {"txt": 25, "html": 25, "docx": 15, "pdf": 6}  # the PDF takes most of a second each


@pytest.mark.parametrize("fmt", READ_BACK)
def test_generated_consistent_reports_read_back(fmt):
    @settings(max_examples=EXAMPLES[fmt], suppress_health_check=[HealthCheck.too_slow])
    @given(consistent_reports())
    def reads_back(report):
        assert_reads_back(report, fmt)

    reads_back()
