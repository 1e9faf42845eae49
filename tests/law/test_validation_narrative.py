"""Narrative checks N-01 … N-05 on sentences as real reports write them (fixtures' texts)."""

from gongkai.law.formats import SECTIONS
from gongkai.law.narrative import (
    CARRIED,
    FORWARD,
    LITIGATION,
    PROACTIVE,
    PROCESSED,
    RECEIVED,
    RECONSIDERATION,
    cn_number,
    stated_numbers,
)
from gongkai.law.outcomes import ApplicantCategory as A
from gongkai.law.outcomes import Outcome as O
from gongkai.law.outcomes import table3_from_counts
from gongkai.law.report import Report, SectionText, Table4
from gongkai.law.validation import validate
from gongkai.law.validation.narrative import check_narrative

FEE = "本年度未收取信息处理费。"


def _report(text, *, new=0, carried=0, finished=None, forward=0, table4=None, section="一"):
    counts = finished or {}
    report = Report.empty("某区人民政府", 2024)
    report.table3 = table3_from_counts(counts, {A.NATURAL_PERSON: carried}, {A.NATURAL_PERSON: forward})
    assert report.table3.rows["一"][6] == new
    if table4 is not None:
        report.table4 = Table4(table4)
    for s in SECTIONS:
        report.sections[s.number] = SectionText(s.number, "存在问题：政策解读形式单一，下一步将加强培训。")
    report.sections["六"] = SectionText("六", FEE)
    report.sections[section] = SectionText(section, text)
    return report


def _n(report, rule="N-01", **kw):
    return [f for f in validate(report, **kw) if f.rule == rule]


def test_extracts_the_fixture_phrasings():
    text = (
        "2024 年，全市共受理政府信息公开申请 3119 件，答\n复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度"
        "答复），均在法定期限内予以答复。政府信息公开行政复议 351\n件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚"
        "未审结 37 件；政府信息公开行政诉讼 46 件，其中结果维持 25\n件，结果纠正 5 件，其他结果 9 件，尚未审结 7 件。"
        "市政府网站主动公开各类政府信息 5500 余条。"
    )
    found = {s.kind: s for s in stated_numbers({"一": text})}
    assert found[RECEIVED].value == 3119
    assert found[PROCESSED].value == 3050 and found[PROCESSED].includes_carried
    assert found[CARRIED].value == 34 and found[FORWARD].value == 103
    assert found[RECONSIDERATION].value == 351
    assert dict(found[RECONSIDERATION].sub) == {"维持": 72, "纠正": 64, "其他结果": 178, "尚未审结": 37}
    assert dict(found[LITIGATION].sub) == {"维持": 25, "纠正": 5, "其他结果": 9, "尚未审结": 7}
    assert found[PROACTIVE].value == 5500 and found[PROACTIVE].approximate


def test_consistent_text_passes_and_each_wrong_number_is_flagged():
    finished = {(O.GRANT, A.NATURAL_PERSON): 60, (O.NOT_EXIST, A.COMMERCIAL): 9}
    table4 = [1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0]
    good = (
        "本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理。行政复议3件，行政诉讼12件。"
    )
    report = _report(good, new=70, finished=finished, forward=1, table4=table4)
    assert _n(report) == []
    for wrong, expected in [
        ("本年度全区共收到71件申请。", "71"),
        ("及时依法依规办结68件。", "68"),
        ("2件结转下年度继续办理。", "2"),
        ("被申请行政复议4件。", "4"),
        ("行政诉讼11件，其中结果维持11件。", "11"),
    ]:
        bad = _report(wrong, new=70, finished=finished, forward=1, table4=table4)
        found = _n(bad)
        assert found and all(f.severity == "W" for f in found), wrong
        assert expected in found[0].message


def test_received_may_include_last_years_carry_over():
    finished = {(O.GRANT, A.NATURAL_PERSON): 12}
    report = _report(
        "本年共收到政府信息公开申请12件（含上年结转2件）。", new=10, carried=2, finished=finished
    )
    assert _n(report) == []


def test_no_applications_and_no_appeals_stated_in_words():
    report = _report(
        "2022年晋江市政务服务中心未收到信息公开申请。全年没有因政府信息公开针对本局申请行政复议或行政诉讼的事项。"
    )
    assert _n(report) == []
    report = _report("全年未收到信息公开申请。", new=1, forward=1)
    assert len(_n(report)) == 1
    report = _report("没有因政府信息公开申请行政复议或行政诉讼的事项。", table4=[0] * 4 + [1] + [0] * 10)
    assert len(_n(report)) == 1 and "行政复议" in _n(report)[0].message


def test_outcome_counts_and_percentages():
    finished = {
        (O.GRANT, A.NATURAL_PERSON): 71,
        (O.PARTIAL, A.NATURAL_PERSON): 29,
        (O.NOT_EXIST, A.NATURAL_PERSON): 100,
    }
    ok = "其中予以公开71件，占35.5%；部分公开29件；无法提供100件。"
    assert _n(_report(ok, new=200, finished=finished)) == []
    bad = "其中予以公开71件，占45%；不予公开3件。"
    messages = [f.message for f in _n(_report(bad, new=200, finished=finished))]
    assert any("45%" in m for m in messages) and any("不予公开" in m for m in messages)


def test_table2_counts_stated_in_text():
    report = _report("动态更新发布本年度制发行政规范性文件62件。")
    assert len(_n(report)) == 1
    report.table2.set("行政规范性文件", "本年制发件数", 62)
    assert _n(report) == []


def test_n_02_all_maintained_contradicting_table4():
    text = "全年发生政府信息公开行政复议案件3件，均获维持。"
    assert _n(_report(text, table4=[3, 0, 0, 0, 3] + [0] * 10), "N-02") == []
    found = _n(_report(text, table4=[2, 1, 0, 0, 3] + [0] * 10), "N-02")
    assert len(found) == 1 and "结果纠正1件" in found[0].message
    # a claim about 复议 says nothing about 诉讼
    assert _n(_report(text, table4=[3, 0, 0, 0, 3, 0, 1, 0, 0, 1] + [0] * 5), "N-02") == []


def test_n_03_length_of_section_one():
    assert _n(_report("公开" * 500), "N-03") == []
    assert [f.severity for f in _n(_report("公开" * 501), "N-03")] == ["W"]


def test_n_04_section_five_missing_empty_or_copied():
    text = (
        "2024年，全区政府信息公开工作虽取得一定成绩，但对照上级要求和群众期盼，仍存在一些不足，主要是：个别部门对复杂"
        "申请件的研判能力不足，答复文书规范性有待提升，疑难问题协调处理机制尚需完善，政策解读的形式还不够丰富。"
        "针对存在问题，2025年我们将切实抓好以下工作：一是扎实推进依申请公开工作，全面梳理和优化工作流程、健全工作机制；"
        "二是加强对典型案例的研究、梳理和汇总；三是继续加强业务指导培训。"
    )
    this = _report(text, section="五")
    last = _report(text.replace("2024", "2023").replace("2025", "2024"), section="五")
    last.year = 2023
    assert _n(this, "N-04") == []
    assert [f.severity for f in _n(this, "N-04", previous=last)] == ["W"]
    assert (
        _n(
            this,
            "N-04",
            previous=_report("去年的问题完全不同：人员不足，培训不够，栏目更新慢。", section="五"),
        )
        == []
    )
    assert len(_n(_report("无", section="五"), "N-04")) == 1


def test_n_05_fee_statement_is_error_for_own_reports_and_warning_for_others():
    for text in (
        "2024年，无收取信息处理费情况。",
        "全年收取政府信息公开信息处理费 3940 元。",
        "本机关未收取任何费用。",
    ):
        assert _n(_report(text, section="六"), "N-05", own_report=True) == []
    for text in ("无", "（文字描述，收取信息处理费情况在此处报告。）", "本年度无其他需要报告的事项。"):
        report = _report(text, section="六")
        assert [f.severity for f in _n(report, "N-05", own_report=True)] == ["E"], text
        assert [f.severity for f in _n(report, "N-05")] == ["W"], text


def test_chinese_numerals():
    for text, value in (
        ("三", 3),
        ("十二", 12),
        ("二十", 20),
        ("七十", 70),
        ("一百零五", 105),
        ("两千三百", 2300),
        ("218", 218),
    ):
        assert cn_number(text) == value
    assert [
        s.value for s in stated_numbers({"一": "我局收到政府信息公开申请一件。"}) if s.kind == RECEIVED
    ] == [1]


def test_n_02_no_correction_claims():
    text = "全年行政诉讼案件12件，无一起被纠错。"
    table4 = [0] * 5 + [12, 0, 0, 0, 12] + [0] * 5
    assert _n(_report(text, table4=table4), "N-02") == []
    corrected = [0] * 5 + [10, 2, 0, 0, 12] + [0] * 5
    found = _n(_report(text, table4=corrected), "N-02")
    assert len(found) == 1 and "结果纠正2件" in found[0].message
    # 「纠错率为0」 says the same
    assert len(_n(_report("行政诉讼纠错率为0。", table4=corrected), "N-02")) == 1
    # a sentence about lowering the correction rate in future is no claim
    assert _n(_report("有效降低行政复议、行政诉讼发生率和纠错率。", table4=corrected), "N-02") == []


def test_statements_carry_their_section_in_reading_order():
    found = stated_numbers({"一": "共收到5件申请。", "三": "办结4件，1件结转下年度继续办理。"})
    assert [(s.kind, s.section, s.value) for s in found] == [
        (RECEIVED, "一", 5),
        (PROCESSED, "三", 4),
        (FORWARD, "三", 1),
    ]


def test_one_number_for_joined_outcomes_is_their_sum():
    finished = {(O.GRANT, A.NATURAL_PERSON): 22, (O.PARTIAL, A.NATURAL_PERSON): 20}
    text = "办结42件，其中：予以公开及部分公开42件，占100%。"
    assert _n(_report(text, new=42, finished=finished)) == []
    wrong = _n(_report("办结42件，其中：予以公开和部分公开40件。", new=42, finished=finished))
    assert [f.message for f in wrong] == [
        "正文称予以公开及部分公开40件，表格为表三「予以公开及部分公开」42件"
    ]


def test_2021_format_text_rules_skip_reports_of_2019_and_2020():
    """「篇幅原则上不超过一千字」 and the §六 fee statement came with the 2021 format."""
    long_text = "政务公开" * 300
    for year, expected in ((2020, set()), (2021, {"N-03", "N-05"})):
        report = _report(long_text)
        report.year = year
        report.sections["六"] = SectionText("六", "无其他需要报告的事项")
        assert {f.rule for f in validate(report)} & {"N-03", "N-05"} == expected


# --- N-05 and T3-07: what §六 says about 信息处理费 ----------------------------------------------------------
FEE_STATEMENTS = (
    "本年度共发出收费通知2份，收取费用300元。",
    "未收取信息处理费。",
    "收取信息处理费0元。",
    "没有发出收费通知。",
    "本年度发出收费通知两份，申请人均已缴费。",
    "全年收取信息处理费1,200元。",
    "本机关依申请提供政府信息，均未收费。",
)
NOT_FEE_STATEMENTS = (
    "本年度行政事业性收费12万元。",  # 表二 第（八）项, not 信息处理费 (spec §3)
    "按规定收取信息处理费。",  # names the fee, states nothing
    "收取信息处理费" + "9" * 400 + "元。",  # an amount no one can read is not stated
    "无其他需要报告的事项。",
)


def test_n_05_accepts_any_wording_that_states_fee_notices_or_amounts():
    for text in FEE_STATEMENTS:
        assert _n(_report(text, section="六"), "N-05", own_report=True) == [], text
    for text in NOT_FEE_STATEMENTS:
        assert [f.severity for f in _n(_report(text, section="六"), "N-05", own_report=True)] == ["E"], text


def _unpaid(text, dropped=2):
    return _report(
        text, section="六", new=dropped, finished={(O.OTHER_FEE_UNPAID, A.NATURAL_PERSON): dropped}
    )


def test_t3_07_fires_on_its_motivating_example():
    """平潭's §六 「无收取信息处理费情况」 beside 表三（六）2 > 0: no word of the notices those two got."""
    (finding,) = _n(_unpaid("2024年，无收取信息处理费情况。"), "T3-07")
    assert finding.severity == "W"
    assert "2件" in finding.message and "「无收取信息处理费情况」" in finding.message
    for text in ("未收取信息处理费。", "没有发出收费通知。", "本年度发出收费通知0份。", "无。", FEE):
        assert len(_n(_unpaid(text), "T3-07")) == 1, text


def test_t3_07_is_silent_when_section_6_reports_the_notices():
    for text in (
        "本年度共发出收费通知2份，申请人均未缴费，未收取信息处理费。",
        "2名申请人逾期未缴纳信息处理费，不再处理其申请。",
        "本年度共发出收费通知3份，收取费用300元。",
    ):
        assert _n(_unpaid(text), "T3-07") == [], text
    # nothing dropped for unpaid fees: 「无收取信息处理费情况」 is all §六 needs to say
    assert _n(_report("2024年，无收取信息处理费情况。", section="六"), "T3-07") == []


# --- absurd numbers in the text are not stated, never an exception -------------------------------------------
def test_digit_runs_beyond_int_and_float_range_are_not_stated():
    huge = "9" * 5000  # past Python's 4300-digit int/str limit
    text = (
        f"本年度收到政府信息公开申请{huge}件，办结{'1' * 400}件，"
        f"其中予以公开{'7' * 400}件，占{'9' * 400}%。行政复议{huge}件，其中维持{huge}件。"
        f"发出收费通知{huge}份，收取信息处理费{'8' * 400}.5元。"
    )
    assert stated_numbers({"三": text}) == []
    report = _report(text, new=3, finished={(O.GRANT, A.NATURAL_PERSON): 3})
    assert _n(report) == []


def test_a_plausible_number_next_to_an_absurd_one_is_still_read():
    stated = stated_numbers({"三": f"共收到申请3件，行政复议2件，其中维持{'9' * 5000}件，纠正2件。"})
    assert [(s.kind, s.value) for s in stated] == [(RECEIVED, 3), (RECONSIDERATION, 2)]
    assert stated[1].sub == (("纠正", 2),)


def test_hostile_fixture_texts_read_without_error(fixtures_dir):
    for path in sorted((fixtures_dir / "hostile").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        stated_numbers({"全文": text})


def test_table_values_beyond_range_are_not_compared_with_the_text():
    report = _report("共收到申请3件，办结3件，其中予以公开3件，占100%。行政复议1件，均获维持。")
    report.table3.set("一", 6, 10**5000)
    report.table3.set("三(七)", 6, 10**400)
    report.table3.set("三(一)", 6, 10**400)
    report.table4 = Table4([10**5000] * 15)
    # the tables' own rules (T3-…, parse-time caps) answer for such cells; the text rules skip them
    assert check_narrative(report) == []
