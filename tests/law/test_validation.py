"""Validation rules of spec/domain.md §5 on tables and structure."""

import json
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from gongkai.law.formats import FORMAT_2019, FORMAT_2021, SECTIONS, TABLE4_WIDTH
from gongkai.law.outcomes import ApplicantCategory, Outcome, table3_from_outcomes
from gongkai.law.report import TOTAL_COLUMN, Finding, Report, SectionText, Table4
from gongkai.law.validation import Table4Case, errors, table4_from_cases, validate

ARITHMETIC = {"T3-01", "T3-02", "T3-03", "T3-04"}

applications = st.lists(
    st.tuples(
        st.sampled_from(list(ApplicantCategory)), st.booleans(), st.none() | st.sampled_from(list(Outcome))
    ),
    min_size=0,
    max_size=40,
)


def _table3(apps, fmt=FORMAT_2021):
    finished = [(o, c) for c, _, o in apps if o is not None]
    return table3_from_outcomes(
        finished, [c for c, old, _ in apps if old], [c for c, _, o in apps if o is None], fmt
    )


def _valid_table4(draw_groups):
    cells = []
    for parts in draw_groups:
        cells += [*parts, sum(parts)]
    return Table4(cells)


def _full_report(table3=None, table4=None, year=2022):
    report = Report.empty("某机关", year)
    if table3 is not None:
        report.table3 = table3
    if table4 is not None:
        report.table4 = table4
    for i, s in enumerate(SECTIONS):
        report.sections[s.number] = SectionText(s.number, "本机关全年未收取信息处理费。" * 2, s.heading, i)
    return report


@given(applications, st.sampled_from([FORMAT_2021, FORMAT_2019]), st.data())
def test_every_single_cell_corruption_of_a_valid_table3_is_an_error(apps, fmt, data):
    table = _table3(apps, fmt)
    assert not {f.rule for f in validate(Report(table3=table))} & ARITHMETIC
    key = data.draw(st.sampled_from(fmt.table3_keys))
    column = data.draw(st.integers(0, TOTAL_COLUMN))
    old = table.rows[key][column]
    new = data.draw(st.none() | st.integers(-5, 10**6).filter(lambda v: v != old))
    table.set(key, column, new, "/" if new is None else None)
    found = {f.rule for f in errors(validate(Report(table3=table)))}
    assert found & ARITHMETIC


group = st.lists(st.integers(0, 500), min_size=4, max_size=4)


@given(st.lists(group, min_size=3, max_size=3), st.integers(0, TABLE4_WIDTH - 1), st.data())
def test_every_single_cell_corruption_of_a_valid_table4_is_an_error(groups, i, data):
    table = _valid_table4(groups)
    assert not [f for f in validate(Report(table4=table)) if f.rule == "T4-01"]
    old = table.cells[i]
    table.cells[i] = data.draw(st.none() | st.integers(-5, 10**6).filter(lambda v: v != old))
    # a wrong number breaks its group's sum (T4-01); a blank or negative cell is T4-04
    rule = "T4-04" if table.cells[i] is None or table.cells[i] < 0 else "T4-01"
    assert [f for f in errors(validate(Report(table4=table))) if f.rule == rule]


def test_a_complete_consistent_report_has_no_findings():
    apps = [(ApplicantCategory.NATURAL_PERSON, False, Outcome.GRANT)] * 3
    report = _full_report(_table3(apps))
    assert validate(report, own_report=True) == []


def test_t3_04_says_what_was_printed():
    report = _full_report()
    report.table3.set("三(七)", TOTAL_COLUMN, None, "/")
    (finding,) = [f for f in validate(report) if f.rule == "T3-04"]
    assert "「/」" in finding.message and "三(七)" in finding.where and finding.severity == "E"


def test_t3_05_cross_year_carried_equals_last_years_forward():
    last = _full_report(_table3([(ApplicantCategory.COMMERCIAL, False, None)]), year=2021)
    this = _full_report(_table3([(ApplicantCategory.COMMERCIAL, True, Outcome.PARTIAL)]), year=2022)
    assert not [f for f in validate(this, previous=last) if f.rule == "T3-05"]
    wrong = _full_report(_table3([(ApplicantCategory.NATURAL_PERSON, True, Outcome.PARTIAL)]), year=2022)
    found = [f for f in validate(wrong, previous=last) if f.rule == "T3-05"]
    assert {f.where.split("·")[-1] for f in found} == {"自然人", "商业企业"}
    assert all(f.severity == "E" for f in found)
    # not the year before: not compared
    last.year = 2020
    assert not [f for f in validate(wrong, previous=last) if f.rule == "T3-05"]


def test_t3_06_t3_07_t3_08_warnings():
    apps = (
        [(ApplicantCategory.NATURAL_PERSON, False, Outcome.OTHER)] * 2
        + [(ApplicantCategory.NATURAL_PERSON, False, Outcome.OTHER_FEE_UNPAID)]
        + [(ApplicantCategory.NATURAL_PERSON, False, None)] * 5
    )
    report = _full_report(_table3(apps))
    rules = {f.rule: f.severity for f in validate(report)}
    assert rules["T3-06"] == rules["T3-08"] == "W"
    assert "T3-07" in rules  # 「未收取信息处理费」 says nothing of the fee notice the unpaid one got
    report.sections["六"] = SectionText("六", "本年度发出收费通知1份，申请人逾期未缴纳，未收取信息处理费。")
    assert "T3-07" not in {f.rule for f in validate(report)}
    report.sections["六"] = SectionText("六", "无。")
    assert "T3-07" in {f.rule for f in validate(report)}


def test_t2_rules():
    report = _full_report()
    report.table2.set("规章", "本年制发件数", None, "—")
    t2 = [f for f in validate(report) if f.rule == "T2-01"]
    assert len(t2) == 1 and "「—」" in t2[0].message
    last = _full_report(year=2021)
    last.table2.set("行政规范性文件", "现行有效件数", 10)
    this = _full_report()
    this.table2.set("行政规范性文件", "本年制发件数", 3)
    this.table2.set("行政规范性文件", "本年废止件数", 1)
    this.table2.set("行政规范性文件", "现行有效件数", 12)
    assert not [f for f in validate(this, previous=last) if f.rule == "T2-02"]
    this.table2.set("行政规范性文件", "现行有效件数", 15)
    assert [f.severity for f in validate(this, previous=last) if f.rule == "T2-02"] == ["W"]
    assert [f.rule for f in validate(this, records={"行政许可": 4}) if f.rule == "T2-03"] == ["T2-03"]
    assert not [f for f in validate(this, records={"行政许可": 0}) if f.rule == "T2-03"]


def test_t4_02_and_t4_03_need_case_records():
    cases = [
        Table4Case("reconsideration", "结果维持"),
        Table4Case(
            "litigation_direct",
            "尚未审结",
            dispute_date=date(2024, 3, 1),
            nondisclosure=True,
            reference="(2024)1号",
        ),
        Table4Case("litigation_after_reconsideration", "结果纠正", as_reconsideration_body=True),
    ]
    table = table4_from_cases(cases)
    assert table.cells == [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    report = _full_report(table4=table, year=2024)
    rules = [f.rule for f in validate(report, cases=cases)]
    assert "T4-03" in rules and "T4-02" not in rules
    assert not {"T4-02", "T4-03"} & {f.rule for f in validate(report)}
    counted_twice = _full_report(table4=Table4([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1]), year=2024)
    assert "T4-02" in {f.rule for f in validate(counted_twice, cases=cases)}


def test_structure_rules():
    report = _full_report()
    assert not [f for f in validate(report) if f.rule.startswith("S-")]
    del report.sections["五"]
    report.sections["四"] = SectionText("四", "表四", "四、政府信息公开行政法复议、行政诉讼情况", 5)
    report.period = (date(2022, 1, 1), date(2022, 11, 30))
    report.publication_date = date(2023, 2, 1)
    report.agency_level = "department"
    found = [(f.rule, f.severity) for f in validate(report) if f.rule.startswith("S-")]
    assert found.count(("S-01", "E")) == 3  # missing 五, heading typo, order
    assert ("S-02", "E") in found and ("S-03", "E") in found
    report.agency_level = None  # outer limit 3-31 only
    assert "S-03" not in {f.rule for f in validate(report)}
    report.publication_date = date(2023, 4, 1)
    assert "S-03" in {f.rule for f in validate(report)}
    report.sections["四"].heading = "四、政府信息公开行政复议、行政诉讼情况"
    report.sections["六"].heading = "六、其他需要报告的事项（文字描述，收取信息处理费情况在此处报告。）"
    assert sum(f.rule == "S-01" for f in validate(report)) == 2


def test_s_04_old_format_after_2021():
    old = _full_report(_table3([], FORMAT_2019), year=2023)
    assert [(f.rule, f.severity) for f in validate(old) if f.rule == "S-04"] == [("S-04", "W")]
    assert not [f for f in validate(_full_report(_table3([], FORMAT_2019), year=2020)) if f.rule == "S-04"]


def test_parser_notes_come_first_and_once():
    report = _full_report()
    note = Finding("T2-01", "E", "表头「本年度止件数」应为「本年废止件数」", "表二 第二十条第（一）项")
    report.notes.append(note)
    found = validate(report)
    assert found[0] == note and found.count(note) == 1


def test_findings_serialise_to_the_contract():
    report = _full_report()
    report.table3.set("一", 0, 5)
    data = [f.to_json() for f in validate(report)]
    assert data and all(set(d) == {"rule", "severity", "message", "where"} for d in data)
    json.dumps(data, ensure_ascii=False)


def test_deadline_class_one_rule_for_every_agency():
    from gongkai.law.validation.structure import PUBLICATION_DEADLINES, deadline_class

    assert deadline_class(True, "county") == "county"
    assert deadline_class(True, "prefecture") == "prefecture"
    assert deadline_class(True, "province") == "province"
    assert deadline_class(True, "township") == "department"  # 乡镇参照政府部门
    assert deadline_class(False, "county") == "department"  # a county department
    assert deadline_class(False, "province") == "department"
    for level in ("national", "township", "", "county", "prefecture", "province"):
        for government in (True, False):
            assert deadline_class(government, level) in PUBLICATION_DEADLINES
