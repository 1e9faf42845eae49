"""The anomalies real readers found in fixtures/reports/*/truth.json are flagged from the data."""

import json
import re

import pytest

from gongkai.law.formats import SECTIONS
from gongkai.law.report import Report, SectionText
from gongkai.law.validation import errors, validate

BODY = "==================== 正文 ===================="


def load(fixtures_dir, name) -> Report:
    return Report.from_json(
        json.loads((fixtures_dir / "reports" / name / "truth.json").read_text(encoding="utf-8"))
    )


def sections_of_page(fixtures_dir, name) -> dict[str, SectionText]:
    """The crawler's page.txt runs everything together; cut at the six headings, in order."""
    text = (fixtures_dir / "reports" / name / "page.txt").read_text(encoding="utf-8").split(BODY)[1]
    marks, start = [], 0
    for s in SECTIONS:
        m = re.compile(re.escape(s.heading)).search(text, start)
        marks.append((s, m))
        start = m.end()
    return {
        s.number: SectionText(s.number, text[m.end() : (marks[i + 1][1].start() if i + 1 < 6 else len(text))])
        for i, (s, m) in enumerate(marks)
    }


def rules(findings, severity=None):
    return sorted({f.rule for f in findings if severity is None or f.severity == severity})


def test_hongze_2023_table4_totals_and_old_table3_rows(fixtures_dir):
    found = validate(load(fixtures_dir, "002_hongze_2023"))
    t4 = [f for f in found if f.rule == "T4-01"]
    assert {f.where for f in t4} == {"表四 行政复议·总计", "表四 行政诉讼（复议后起诉）·总计"}
    assert "S-04" in rules(found, "W")
    assert rules([f for f in errors(found) if not f.rule.startswith(("S-01", "N-"))]) == ["T4-01"]


def test_hongze_2024_hybrid_format_is_a_warning_only(fixtures_dir):
    found = [
        f for f in validate(load(fixtures_dir, "003_hongze_2024")) if not f.rule.startswith(("S-01", "N-"))
    ]
    assert [(f.rule, f.severity) for f in found] == [("S-04", "W")]


def test_pingtan_police_2021_counts_one_application_twice(fixtures_dir):
    report = load(fixtures_dir, "041_pingtan_gaj_2021")
    report.sections = sections_of_page(fixtures_dir, "041_pingtan_gaj_2021")
    found = validate(report)
    t301 = [f for f in found if f.rule == "T3-01"]
    assert {f.where for f in t301} == {"表三 「自然人」列", "表三 「总计」列"}
    assert rules(errors(found)) == ["T3-01"]
    assert not [f for f in found if f.rule == "N-01"]  # 「收到政府信息公开申请1件」 agrees with 表三


@pytest.mark.parametrize("name", ["010_pingtan_2024", "013_pingtan_2021"])
def test_clean_pingtan_reports_text_agrees_with_tables(fixtures_dir, name):
    report = load(fixtures_dir, name)
    report.sections = sections_of_page(fixtures_dir, name)
    found = validate(report)
    assert not [f for f in found if f.rule in ("N-01", "N-02", "N-05", "T3-01", "T3-02", "T3-03", "T4-01")]
    if name == "013_pingtan_2021":
        # the crawler's 「693665」 could not be split: the truth keeps the cell blank, so T2-01 says so
        assert [f.where for f in errors(found)] == ["表二「行政规范性文件」"]
    else:
        assert errors(found) == []


def test_huaian_2024_tables_and_text_agree(fixtures_dir):
    report = load(fixtures_dir, "001_huaian_2024")
    # sentences of the published PDF's text layer (line breaks as printed)
    report.set_section(
        "一",
        "（二）依申请公开情况。2024 年，全市共受理政府信息公开申请 3119 件，答\n复 3050 件（含上年度结转申请 34 件，"
        "另有 103 件顺延到下年度\n答复），均在法定期限内予以答复。政府信息公开行政复议 351\n件，其中结果维持 72 件，"
        "结果纠正 64 件，其他结果 178 件，尚\n未审结 37 件；政府信息公开行政诉讼 46 件，其中结果维持 25\n件，结果纠正 5 件，"
        "其他结果 9 件，尚未审结 7 件。全年新增公开市政府规章 1 件。",
    )
    report.set_section(
        "六",
        "2024 年，市政府严格落实《政府信息公开信息处理费管理办法》，\n全年收取政府信息公开信息处理费 3940 元。",
    )
    found = validate(report, own_report=True)
    assert not [f for f in found if f.rule.startswith(("T", "N-01", "N-02", "N-05"))]


def test_blank_template_is_all_blanks(fixtures_dir):
    report = load(fixtures_dir, "000_template_docx")
    report.sections["六"] = SectionText("六", "（文字描述，收取信息处理费情况在此处报告。）")
    found = validate(report, own_report=True)
    assert len([f for f in found if f.rule == "T3-04"]) == len(report.table3.rows)
    assert {"T2-01", "T3-04", "T4-04", "N-05"} <= set(rules(errors(found)))
    assert not [
        f for f in found if f.rule in ("T3-01", "T3-02", "T3-03", "T4-01")
    ]  # blanks are reported once
