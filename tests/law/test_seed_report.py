"""The seed report (fixtures/seed/jinjiang-xzfwzx-2022.txt) entered as data validates with exactly
the findings the spec predicts: N-05 (§六 「无」 lacks a fee statement) and no other error."""

import json
import re

import pytest

from gongkai.law.formats import SECTIONS
from gongkai.law.report import Finding, Report, SectionText
from gongkai.law.validation import errors, validate


def cut_sections(text: str) -> dict[str, SectionText]:
    """Split a report's text at the six template headings (in order), by hand for the test."""
    marks = []
    start = 0
    for s in SECTIONS:
        m = re.compile(r"(?m)^\s*" + re.escape(s.heading)).search(text, start)
        assert m, s.heading
        marks.append((s, m))
        start = m.end()
    out = {}
    for i, (s, m) in enumerate(marks):
        end = marks[i + 1][1].start() if i + 1 < len(marks) else len(text)
        out[s.number] = SectionText(s.number, text[m.end() : end].strip(), m.group(0).strip(), i)
    return out


@pytest.fixture
def seed(fixtures_dir) -> Report:
    truth = json.loads(
        (fixtures_dir / "reports/009_jinjiang_xzfwzx_2022/truth.json").read_text(encoding="utf-8")
    )
    text = (fixtures_dir / "seed/jinjiang-xzfwzx-2022.txt").read_text(encoding="utf-8")
    text = text[: text.rindex("晋江市行政服务中心管理委员会")]  # the signature block is no section
    report = Report.from_json(truth)
    report.sections = cut_sections(text)
    return report


def test_seed_sections_were_cut_as_printed(seed):
    assert seed.section_text("六") == "无"
    assert "未收到信息公开申请" in seed.section_text("一")


def test_seed_validates_with_n05_as_the_only_error(seed):
    found = validate(seed, own_report=True)
    assert [(f.rule, f.severity) for f in errors(found)] == [("N-05", "E")]
    assert "信息处理费" in errors(found)[0].message
    # nothing in the text contradicts the (all-zero) tables
    assert not [f for f in found if f.rule in ("N-01", "N-02")]


def test_seed_checked_as_a_third_party_report_only_warns(seed):
    assert errors(validate(seed, own_report=False)) == []
    assert ("N-05", "W") in {(f.rule, f.severity) for f in validate(seed)}


def test_the_header_misprint_reaches_the_output_only_through_the_parser(seed):
    # the data holds the official header; a parser that saw 「本年度止件数」 hands its finding on
    assert not [f for f in validate(seed) if f.rule == "T2-01"]
    seed.notes.append(
        Finding("T2-01", "E", "表头「本年度止件数」应为「本年废止件数」", "表二 第二十条第（一）项")
    )
    assert [f.rule for f in errors(validate(seed, own_report=True))] == ["T2-01", "N-05"]


def test_seed_json_round_trip_keeps_the_sections(seed):
    again = Report.from_json(json.loads(json.dumps(seed.to_json(), ensure_ascii=False)))
    assert again == seed
